"""Logging: named loggers, a rotating file in the profile, a ring buffer for the
in-app log view. Never logs secrets."""

from __future__ import annotations

import collections
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from app.config import resolve_profile

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RingBufferHandler(logging.Handler):
    """Keeps the last N formatted records for the in-app log view."""

    def __init__(self, capacity: int = 2000) -> None:
        super().__init__()
        self.records: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


ring = RingBufferHandler()
_configured: Path | None = None


def setup_logging(profile_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Send logs to ``<profile>/logs/prospector.log`` (rotating), the ring buffer and,
    for warnings and worse, stderr. Returns the log file path (None if unwritable)."""
    global _configured
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if ring not in root.handlers:
        root.addHandler(ring)
    profile = resolve_profile(profile_dir)
    log_file = profile.log_file
    if _configured == log_file:
        return log_file
    for handler in list(root.handlers):
        if getattr(handler, "_prospector", False):
            root.removeHandler(handler)
            handler.close()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        file_handler = None
    if file_handler is not None:
        file_handler.setFormatter(logging.Formatter(FORMAT))
        file_handler._prospector = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    err.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    err._prospector = True  # type: ignore[attr-defined]
    root.addHandler(err)
    _configured = log_file if file_handler is not None else None
    return _configured
