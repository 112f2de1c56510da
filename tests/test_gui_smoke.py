"""The desktop app starts, paints and quits; a workspace it cannot open is refused
with a message and exit status 1."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMessageBox

from app import gui
from app.config import Profile, Settings
from app.db import open_profile

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def critical(_parent: object, _title: str, text: str, *_args: object) -> int:
        shown.append(text)
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return shown


@pytest.fixture
def exit_after_paint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gui.EXIT_AFTER_PAINT, "1")


def _run_app(*args: str) -> subprocess.CompletedProcess[str]:
    """The real app as a whole process (an event loop that has run and quit inside the
    test process would leave the shared QApplication unusable for later tests)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{gui.EXIT_AFTER_PAINT: "1"})
    return subprocess.run(
        [sys.executable, "-m", "app", "gui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_opens_a_new_workspace_and_quits_after_first_paint(tmp_path: Path) -> None:
    root = tmp_path / "new-profile"
    proc = _run_app("--profile", str(root), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert Profile(root).db_path.exists()  # an unknown profile is created
    assert Profile(root).log_file.exists()
    assert "started on" in Profile(root).log_file.read_text(encoding="utf-8")


def test_demo_flag_builds_the_demo_workspace_first(tmp_path: Path) -> None:
    root = tmp_path / "demo-profile"
    proc = _run_app("--profile", str(root), "--demo", "--lang", "pl")
    assert proc.returncode == 0, proc.stderr
    db = open_profile(Profile(root), create=False)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM companies").scalar_one() == 5000
    db.dispose()


def test_workspace_from_a_newer_prospector_is_refused(
    qapp: QApplication, tmp_path: Path, exit_after_paint: None, refusals: list[str]
) -> None:
    profile = Profile(tmp_path / "newer")
    open_profile(profile.ensure(), create=True).dispose()
    con = sqlite3.connect(profile.db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = profile.db_path.read_bytes()
    assert gui.run_gui(str(profile.root), demo=False, lang="en") == 1
    assert len(refusals) == 1
    assert "newer Prospector" in refusals[0]
    assert profile.db_path.read_bytes() == before  # nothing touched


def test_damaged_database_file_is_refused_naming_the_file(
    qapp: QApplication, tmp_path: Path, exit_after_paint: None, refusals: list[str]
) -> None:
    profile = Profile(tmp_path / "damaged").ensure()
    profile.db_path.write_bytes(b"this is not a database" * 100)
    assert gui.run_gui(str(profile.root), demo=False, lang="en") == 1
    assert len(refusals) == 1
    assert str(profile.db_path) in refusals[0]


@pytest.mark.parametrize(
    ("cli", "setting", "system", "expected"),
    [
        (None, "", QLocale.Language.Polish, "pl"),
        (None, "", QLocale.Language.German, "en"),
        (None, "pl", QLocale.Language.English, "pl"),
        (None, "en", QLocale.Language.Polish, "en"),
        ("pl", "en", QLocale.Language.English, "pl"),
        ("en", "pl", QLocale.Language.Polish, "en"),
    ],
)
def test_language_from_the_command_line_then_the_setting_then_the_system(
    cli: str | None, setting: str, system: QLocale.Language, expected: str
) -> None:
    assert gui.choose_language(cli, setting, QLocale(system)) == expected


def test_saved_language_is_used_at_the_next_start(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "p")
    Settings(profile).set("ui/language", "pl")
    assert gui.choose_language(None, Settings(profile).get("ui/language"), QLocale.c()) == "pl"
