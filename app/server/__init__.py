"""The central server: FastAPI under ``/api/v1`` on PostgreSQL (or SQLite).

``create_app(db_url)`` builds the app; ``prospector server`` runs it with uvicorn.
See ``docs/sync.md`` for the protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_url: str, **kwargs: Any) -> FastAPI:
    from app.server.app import create_app as build

    return build(db_url, **kwargs)


__all__ = ["create_app"]
