"""A scriptable stand-in for the ``sounddevice`` module, injected into SoundDeviceBackend.

Its InputStream delivers given int16 blocks from a thread like PortAudio does, and can be
told to lose the device (call ``finished_callback`` unasked) or to stall (stop delivering).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np


class FakePortAudioError(Exception):
    pass


class FakeInputStream:
    instances: list[FakeInputStream] = []

    def __init__(
        self, *, samplerate, channels, dtype, device, blocksize, callback, finished_callback, script
    ):
        if script.get("open_error"):
            raise FakePortAudioError(script["open_error"])
        assert (samplerate, channels, dtype) == (16000, 1, "int16")
        self.blocksize = blocksize
        self.callback = callback
        self.finished_callback = finished_callback
        self.script = script
        self.blocks_sent = 0
        self.stopped = threading.Event()
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        FakeInputStream.instances.append(self)

    def start(self):
        if self.script.get("start_error"):
            raise FakePortAudioError(self.script["start_error"])
        self.thread.start()

    def _run(self):
        blocks = self.script.get("blocks", [])
        for i, block in enumerate(blocks):
            if self.stopped.is_set():
                break
            if self.script.get("lose_after") == i:
                self.finished_callback()  # PortAudio ends the stream by itself
                return
            if self.script.get("stall_after") == i:
                self.stopped.wait()  # hangs: no more audio, no notice
                return
            self.callback(np.asarray(block, dtype=np.int16).reshape(-1, 1), len(block), None, None)
            self.blocks_sent += 1
            time.sleep(self.script.get("interval", 0.0))
        if not self.stopped.is_set():
            self.stopped.wait(self.script.get("hold", 5.0))
        self.finished_callback()

    def stop(self):
        self.stopped.set()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join()

    def abort(self):
        self.stop()

    def close(self):
        self.stop()
        self.closed = True


def make_fake_sd(script: dict):
    played = []

    def input_stream(**kwargs):
        return FakeInputStream(**kwargs, script=script)

    def check_input_settings(device=None, channels=None, dtype=None, samplerate=None):
        if script.get("check_error"):
            raise FakePortAudioError(script["check_error"])

    return SimpleNamespace(
        PortAudioError=FakePortAudioError,
        InputStream=input_stream,
        query_devices=lambda: [
            {
                "name": "USB Headset",
                "hostapi": 0,
                "max_input_channels": 1,
                "max_output_channels": 2,
                "default_samplerate": 48000.0,
            },
            {
                "name": "HDMI",
                "hostapi": 0,
                "max_input_channels": 0,
                "max_output_channels": 8,
                "default_samplerate": 48000.0,
            },
        ],
        query_hostapis=lambda: [{"name": "ALSA"}],
        default=SimpleNamespace(device=[0, 1]),
        check_input_settings=check_input_settings,
        play=lambda data, rate, device=None, blocking=False: played.append((data, rate, device)),
        stop=lambda: played.append("stop"),
        played=played,
    )


def speech_blocks(n_speech: int, n_silence: int, block: int = 800, amp: int = 8000, seed: int = 0):
    """int16 blocks: ``n_speech`` loud voiced ones (a 150 Hz tone under noise: every sample
    differs, and the detector hears a voice), then ``n_silence`` digital-silence ones."""
    rng = np.random.default_rng(seed)
    t = np.arange(block) / 16000
    loud = [
        (
            amp
            * (
                0.6 * np.sin(2 * np.pi * 150 * (t + i * block / 16000))
                + 0.4 * rng.uniform(-1, 1, block)
            )
        ).astype(np.int16)
        for i in range(n_speech)
    ]
    quiet = [np.zeros(block, np.int16) for _ in range(n_silence)]
    return loud + quiet


def crashed_part(path: Path, samples: np.ndarray, flushed: int) -> None:
    """What a crash leaves: the header as of the last flush (``flushed`` frames), then the
    rest of the data, the last sample torn in half."""
    import soundfile as sf

    from simulator.audio.recorder import _SFC_UPDATE_HEADER_NOW

    path.parent.mkdir(parents=True, exist_ok=True)
    with sf.SoundFile(path, "w", 16000, 1, "PCM_16", format="WAV") as f:
        f.write(samples[:flushed])
        f.flush()
        sf._snd.sf_command(f._file, _SFC_UPDATE_HEADER_NOW, sf._ffi.NULL, 0)
        f.write(samples[flushed:])
        f.flush()
        left = path.read_bytes()
    path.write_bytes(left[:-1])
