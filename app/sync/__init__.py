"""Client side of the offline sync: the engine that pushes the outbox and pulls the
server's changes (:class:`SyncEngine`), its background worker (:class:`SyncLoop`), the
protocol shared with the server (:mod:`app.sync.protocol`) and the hybrid logical clock
(:mod:`app.sync.hlc`). No Qt here; see ``docs/sync.md``.

The names below are imported lazily, so that the server can use
:mod:`app.sync.protocol` without loading the HTTP client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.sync.engine import (
        Credentials,
        SyncEngine,
        SyncEvent,
        SyncPhase,
        SyncResult,
        SyncStatus,
    )
    from app.sync.loop import SyncLoop

__all__ = [
    "Credentials",
    "SyncEngine",
    "SyncEvent",
    "SyncLoop",
    "SyncPhase",
    "SyncResult",
    "SyncStatus",
]


def __getattr__(name: str) -> Any:
    if name == "SyncLoop":
        from app.sync.loop import SyncLoop

        return SyncLoop
    if name in __all__:
        from app.sync import engine

        return getattr(engine, name)
    raise AttributeError(name)
