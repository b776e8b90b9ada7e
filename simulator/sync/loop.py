"""``SyncLoop``: the seat's sync lane — a thread of its own that runs ``SyncEngine.run_once``
every few seconds, backs off while the centre cannot be reached, and stops when told (the
event is checked between batches, so a stop waits at most for the request in flight).

The owner (the app, a command, a test) starts it, calls ``stop()`` and ``join()``; nothing
here touches Qt. ``on_report`` receives every run's report on the sync thread: a UI hands it
to its own thread itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from simulator.sync.engine import SyncEngine
from simulator.sync.records import SyncReport

log = logging.getLogger(__name__)


class SyncLoop:
    def __init__(
        self,
        engine: SyncEngine,
        interval_s: float = 5.0,
        max_backoff_s: float = 60.0,
        on_report: Callable[[SyncReport], None] | None = None,
    ):
        self.engine = engine
        self.interval_s = interval_s
        self.max_backoff_s = max_backoff_s
        self.on_report = on_report
        self.stop_event = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0
        self.last: SyncReport | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sync loop is already running")
        self._thread = threading.Thread(target=self._run, name="sync", daemon=False)
        self._thread.start()

    def wake(self) -> None:
        """Sync now rather than at the next interval (e.g. an exam was just submitted)."""
        self._wake.set()

    def stop(self) -> None:
        self.stop_event.set()
        self._wake.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True when it has ended."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        delay = self.interval_s
        while not self.stop_event.is_set():
            try:
                report = self.engine.run_once(self.stop_event)
            except Exception as exc:  # a bug must not kill the lane silently: log, report, go on
                log.exception("sync run crashed")
                report = SyncReport(error=f"同步程序出错 / the sync crashed: {exc}")
            self.runs += 1
            self.last = report
            if self.on_report is not None:
                try:
                    self.on_report(report)
                except Exception:
                    log.exception("on_report failed")
            delay = self.interval_s if report.ok else min(max(delay * 2, 1.0), self.max_backoff_s)
            self._wake.wait(delay)
            self._wake.clear()
