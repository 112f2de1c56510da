"""Run service calls off the GUI thread (STYLE.md §2).

``TaskRunner.run_op(fn, on_done, on_error)`` runs ``fn()`` on a worker and delivers
its result (or the exception it raised) back on the GUI thread through a queued
signal. Reads go to a small pool; writes (``write=True``) go to a single worker so
that they are serialised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI's error presenter
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """Owns the worker pools. One per application, handed to windows."""

    def __init__(self, parent: QObject | None = None, *, readers: int = 3) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(readers)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._pending: set[_Relay] = set()

    def run_op(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        write: bool = False,
    ) -> None:
        relay = _Relay()  # created here, so it lives on the GUI thread
        self._pending.add(relay)

        def finish_ok(result: Any) -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if on_done is not None:
                on_done(result)

        def finish_err(exc: BaseException) -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed", exc_info=exc)

        relay.done.connect(finish_ok)
        relay.failed.connect(finish_err)
        (self._writes if write else self._reads).start(_Job(fn, relay))

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pools are idle (shutdown and tests only)."""
        return self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)
