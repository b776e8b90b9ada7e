"""The device port's threads and failures: waiter threads are tracked only while they run and
joined on close (a stuck one is named in the log), a recorder failure reaches the Take with its
cause, and the mic check's thread and temporary folder do not outlive the port."""

from __future__ import annotations

import logging
import threading

from simulator.app.services.device_port import DevicePort
from simulator.audio.fake import FileAudioBackend
from tests.app.fakes import reply


def _port(tmp_path, **backend_options) -> DevicePort:
    backend = FileAudioBackend(speed=None, trailing_silence_s=1.5, **backend_options)
    return DevicePort(backend, sources=[reply("date-good-t1")], recordings_dir=tmp_path / "takes")


def _record(port: DevicePort):
    takes, done = [], threading.Event()

    def on_done(take):
        takes.append(take)
        done.set()

    port.record(on_level=lambda level: None, on_done=on_done)
    assert done.wait(30)
    return takes[0]


def test_finished_waiters_are_not_kept_and_close_joins_the_rest(tmp_path):
    port = _port(tmp_path)
    take = _record(port)
    assert take.ended_by == "silence" and take.error is None and take.path.is_file()
    for _ in range(100):  # the waiter ends just after it delivered the take
        if not port._live:
            break
        threading.Event().wait(0.01)
    assert port._live == {}
    assert port.close() == []


def test_a_waiter_that_does_not_finish_is_named_on_close(tmp_path, caplog):
    port = DevicePort(FileAudioBackend(), recordings_dir=tmp_path)
    release = threading.Event()
    stuck = tmp_path / "take-stuck.wav"
    port._spawn(lambda: release.wait(30), stuck, "take-waiter")
    try:
        with caplog.at_level(logging.ERROR):
            assert port.close(deadline_s=0.1) == [stuck]
        assert str(stuck) in caplog.text and "did not finish" in caplog.text
    finally:
        release.set()
    assert port.close() == []


def test_a_recorder_failure_reaches_the_take_with_its_cause(tmp_path, monkeypatch, caplog):
    port = _port(tmp_path)
    real_recorder = port.backend.recorder

    def failing_recorder(path, **options):
        recorder = real_recorder(path, **options)
        real_wait = recorder.wait

        def wait(timeout=None):
            real_wait(timeout)  # the recording finishes, then saving it fails
            raise OSError(28, "No space left on device")

        recorder.wait = wait
        return recorder

    monkeypatch.setattr(port.backend, "recorder", failing_recorder)
    with caplog.at_level(logging.WARNING):
        take = _record(port)
    assert take.ended_by == "error"
    assert "No space left on device" in take.error
    assert "No space left on device" in caplog.text
    port.close()


def test_a_lost_device_is_reported_with_its_message(tmp_path):
    port = _port(tmp_path, lose_device_after_s=1.0)
    take = _record(port)
    assert take.ended_by == "error"
    assert take.error and ("断开" in take.error or "disconnected" in take.error)
    port.close()


def test_the_mic_check_thread_and_its_temporary_folder_end_with_the_port(tmp_path):
    backend = FileAudioBackend(reply("date-good-t1"), speed=1.0)
    port = DevicePort(backend)  # no recordings folder: the mic check records to a temp folder
    levels = []
    monitor = port.monitor(levels.append)
    folder = port._temp_dir
    assert folder is not None and folder.is_dir()
    threading.Event().wait(0.3)
    monitor.stop()
    assert port.close() == []
    assert port._live == {} and not folder.exists()
    assert levels  # it did measure the level
