"""Paths and settings, declared once.

The profile folder (the local workspace) holds the SQLite database, ``settings.ini``,
logs and backups. It comes from ``--profile``, else ``PROSPECTOR_HOME``, else the
platform's user data folder (platformdirs).
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "Prospector"
DB_FILENAME = "prospector.sqlite3"


@dataclass(frozen=True)
class Profile:
    """The local workspace folder and the files in it."""

    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "prospector.log"

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.ini"

    def ensure(self) -> Profile:
        """Create the folder tree if it is missing (an unknown profile is created)."""
        for folder in (self.root, self.log_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def exists(self) -> bool:
        return self.db_path.exists()


def default_profile_dir() -> Path:
    env = os.environ.get("PROSPECTOR_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_profile(path: str | os.PathLike[str] | None) -> Profile:
    root = Path(path).expanduser() if path else default_profile_dir()
    return Profile(root.resolve())


@dataclass(frozen=True)
class Setting:
    """One declared setting: its name, type, default and what it means."""

    name: str
    type: type
    default: Any
    description: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("ui/language", str, "", "UI language: 'pl', 'en' or '' for the system's"),
        Setting("ui/page_size", int, 200, "rows fetched at a time in long lists"),
        Setting("agent/username", str, "", "last user signed in on this computer"),
        Setting("agent/campaign", str, "", "last campaign chosen"),
        Setting(
            "dial/handler",
            str,
            "tel",
            "how numbers are dialled: 'tel' (the OS tel: handler) or 'command'",
        ),
        Setting(
            "dial/command",
            str,
            "",
            "softphone command template when dial/handler is 'command', e.g. "
            "'linphonec -c \"call {number}\"'",
        ),
        Setting("sync/server", str, "", "central server URL, empty when working alone"),
        Setting("sync/interval_s", int, 60, "seconds between background syncs"),
    )
}


class Settings:
    """Typed access to ``settings.ini`` in the profile. Secrets never go here
    (tokens and passwords live in the OS keyring)."""

    def __init__(self, profile: Profile) -> None:
        self._path = profile.settings_file
        self._ini = configparser.ConfigParser()
        if self._path.exists():
            self._ini.read(self._path, encoding="utf-8")

    def get(self, name: str) -> Any:
        setting = SETTINGS[name]
        section, key = name.split("/", 1)
        raw = self._ini.get(section, key, fallback=None)
        if raw is None:
            return setting.default
        if setting.type is bool:
            return raw.strip().lower() in ("1", "true", "yes", "on")
        try:
            return setting.type(raw)
        except ValueError:
            return setting.default

    def set(self, name: str, value: Any) -> None:
        setting = SETTINGS[name]
        if not isinstance(value, setting.type):
            raise TypeError(f"{name} takes {setting.type.__name__}")
        section, key = name.split("/", 1)
        if not self._ini.has_section(section):
            self._ini.add_section(section)
        self._ini.set(section, key, str(value))
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._path.open("w", encoding="utf-8") as fh:
            self._ini.write(fh)
