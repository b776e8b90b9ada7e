"""The one background-task helper: run work off the UI thread, get the result back on it.

Like Anki's ``QueryOp`` or Picard's ``run_task``: a task is a plain callable that runs on a
*lane* (one long-lived ``QThread`` per lane: ``"db"`` for database writes and reads, ``"model"``
for the speech model and grading), and its ``on_done`` / ``on_error`` callbacks run on the UI
thread through a queued signal. Tasks on one lane run in submission order, one at a time, so the
database sees a single writer and the model is never used by two calls at once.

``SyncTaskRunner`` has the same interface and runs everything at once on the calling thread
(Picard's ``FakeThreadPool`` idea) so that tests are deterministic.

Callables that accept a ``progress`` keyword get a function to report progress; each report is
delivered to ``on_progress`` on the UI thread. Callables that accept a ``cancel`` keyword get the
runner's ``threading.Event``, set when the runner shuts down: long work (a model download or
assembly) checks it between chunks and stops.

``shutdown(deadline_s)`` sets that event, lets queued tasks finish and waits for the lanes up to
the deadline; a lane still busy then is logged with its task and left running (its thread is
kept referenced: destroying a running QThread would abort the process).
"""

from __future__ import annotations

import inspect
import itertools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

LANES = ("db", "model", "sync")  # sync: the training room's network work
SHUTDOWN_DEADLINE_S = 15.0
_LEFT_RUNNING: list = []  # lanes a shutdown's deadline passed on: never destroyed while running

Callback = Callable[[Any], None] | None


def _keywords(fn: Callable, progress: Callable, cancel: threading.Event) -> dict:
    """The ``progress`` and ``cancel`` keywords ``fn`` accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    offered = {"progress": progress, "cancel": cancel}
    return {name: value for name, value in offered.items() if name in params}


@dataclass
class _Pending:
    name: str
    on_done: Callback
    on_error: Callback
    on_progress: Callback


def _report_error(name: str, exc: BaseException, on_error: Callback) -> None:
    if on_error is not None:
        on_error(exc)
    else:
        log.error("task %s failed: %s", name, "".join(traceback.format_exception(exc)))


class _Worker(QObject):
    """Lives in a lane's thread; runs one task at a time."""

    finished = Signal(int, object, object)  # task id, result, exception
    progressed = Signal(int, object)

    def __init__(self, cancel: threading.Event):
        super().__init__()
        self.cancel = cancel
        self.current = 0  # id of the task running now (0: none), read by shutdown()

    @Slot(int, object)
    def run(self, task_id: int, fn: Callable) -> None:
        self.current = task_id
        try:
            progress = lambda value: self.progressed.emit(task_id, (value,))  # noqa: E731
            result = fn(**_keywords(fn, progress, self.cancel))
        except BaseException as exc:  # noqa: BLE001 - delivered to on_error on the UI thread
            self.finished.emit(task_id, None, exc)
            return
        finally:
            self.current = 0
        # Boxed: PySide6 mishandles the refcount of bare True/False/None sent as `object`.
        self.finished.emit(task_id, (result,), None)


class _Lane(QObject):
    submit = Signal(int, object)

    def __init__(self, name: str, parent: QObject, cancel: threading.Event):
        super().__init__(parent)
        self.name = name
        self.thread = QThread()
        self.thread.setObjectName(f"simulator-{name}")
        self.worker = _Worker(cancel)
        self.worker.moveToThread(self.thread)
        self.submit.connect(self.worker.run)
        self.thread.start()


class TaskRunner(QObject):
    """Runs callables on the ``db`` and ``model`` lanes; callbacks come back on the UI thread."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._lanes: dict[str, _Lane] = {}
        self._closed = False
        self.cancel = threading.Event()  # set by shutdown(): long tasks stop early
        for name in LANES:
            lane = _Lane(name, self, self.cancel)
            lane.worker.finished.connect(self._on_finished)
            lane.worker.progressed.connect(self._on_progress)
            self._lanes[name] = lane

    def run(
        self,
        lane: str,
        fn: Callable,
        on_done: Callback = None,
        on_error: Callback = None,
        *,
        on_progress: Callback = None,
        name: str = "",
    ) -> int:
        """Queue ``fn`` on ``lane``; returns the task id."""
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(
            name or getattr(fn, "__name__", "task"), on_done, on_error, on_progress
        )
        self._lanes[lane].submit.emit(task_id, fn)
        return task_id

    @Slot(int, object, object)
    def _on_finished(self, task_id: int, result: object, exc: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        if exc is not None:
            _report_error(pending.name, exc, pending.on_error)
        elif pending.on_done is not None:
            pending.on_done(result[0])

    @Slot(int, object)
    def _on_progress(self, task_id: int, value: object) -> None:
        pending = self._pending.get(task_id)
        if pending is not None and pending.on_progress is not None:
            pending.on_progress(value[0])

    def shutdown(self, deadline_s: float = SHUTDOWN_DEADLINE_S) -> bool:
        """Set ``cancel``, let queued tasks finish, then quit() every lane's thread and wait for
        it until ``deadline_s`` from now. True when every lane stopped; a lane still busy is
        logged with its task and kept referenced (see the module docstring)."""
        if self._closed:
            return not any(lane in _LEFT_RUNNING for lane in self._lanes.values())
        self._closed = True
        self.cancel.set()
        end = time.monotonic() + deadline_s
        for lane in self._lanes.values():
            # Queued behind every pending task, so quit() happens only after they ran.
            lane.submit.emit(0, lambda: QThread.currentThread().quit())
        stopped = True
        for lane in self._lanes.values():
            left_ms = max(0, int((end - time.monotonic()) * 1000))
            if lane.thread.wait(left_ms):
                continue
            stopped = False
            running = self._pending.get(lane.worker.current)
            log.error(
                "the %s lane did not stop within %.0f s (running: %s; %d tasks not run); "
                "leaving it",
                lane.name,
                deadline_s,
                running.name if running else "nothing",
                sum(1 for tid in self._pending if tid != lane.worker.current),
            )
            _LEFT_RUNNING.append(lane)
        return stopped


class SyncTaskRunner(QObject):
    """Same interface as ``TaskRunner`` but runs each task immediately (for tests)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._closed = False
        self.cancel = threading.Event()
        self.ran: list[tuple[str, str]] = []

    def run(
        self,
        lane: str,
        fn: Callable,
        on_done: Callback = None,
        on_error: Callback = None,
        *,
        on_progress: Callback = None,
        name: str = "",
    ) -> int:
        if lane not in LANES:
            raise KeyError(lane)
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        label = name or getattr(fn, "__name__", "task")
        self.ran.append((lane, label))
        try:
            result = fn(**_keywords(fn, on_progress or (lambda value: None), self.cancel))
        except Exception as exc:  # noqa: BLE001
            _report_error(label, exc, on_error)
            return len(self.ran)
        if on_done is not None:
            on_done(result)
        return len(self.ran)

    def shutdown(self, deadline_s: float = SHUTDOWN_DEADLINE_S) -> bool:
        """Nothing runs in the background here: sets ``cancel`` and closes."""
        self._closed = True
        self.cancel.set()
        return True
