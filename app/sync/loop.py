"""A background sync worker without Qt: runs :meth:`SyncEngine.sync_once` on a plain
thread when poked (a local change, the network came back), on a timer, and — while
the server cannot be reached — with a growing back-off until it answers again.

The GUI starts one per workspace and listens to the engine's events; ``stop()`` ends it
cleanly (wait for the running sync, if any).
"""

from __future__ import annotations

import logging
import threading

from app.sync.engine import SyncEngine, SyncPhase
from app.sync.errors import SyncError

log = logging.getLogger(__name__)


class SyncLoop:
    def __init__(
        self,
        engine: SyncEngine,
        interval_s: float = 60.0,
        *,
        retry_min_s: float = 5.0,
        retry_max_s: float = 300.0,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.retry_min_s = retry_min_s
        self.retry_max_s = retry_max_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="prospector-sync", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Sync soon: something changed locally, or the network came back."""
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        delay = 0.0
        failures = 0
        while not self._stop.is_set():
            if delay:
                self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.engine.sync_once()
                failures = 0
                delay = self.interval_s
            except SyncError as exc:
                failures += 1
                phase = self.engine.status.phase
                if phase in (SyncPhase.LOGIN_REQUIRED, SyncPhase.UPDATE_REQUIRED):
                    delay = self.retry_max_s  # a person has to act; poke() after they do
                else:
                    delay = min(self.retry_max_s, self.retry_min_s * 2 ** (failures - 1))
                log.info("sync failed (%s); next try in %.0f s", exc.message, delay)
            except Exception:  # noqa: BLE001 - keep the worker alive; the log has it
                failures += 1
                delay = self.retry_max_s
                log.exception("sync crashed; next try in %.0f s", delay)
            finally:
                self.runs += 1
