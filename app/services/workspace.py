"""Opening the local workspace from a command or the GUI."""

from __future__ import annotations

from app.config import Profile, resolve_profile
from app.db import Database, open_profile


def open_workspace(profile_dir: str | None, *, create: bool = False) -> tuple[Profile, Database]:
    profile = resolve_profile(profile_dir)
    return profile, open_profile(profile, create=create)
