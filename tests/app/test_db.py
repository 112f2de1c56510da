"""Opening a workspace: created when missing, migrated with a backup when older,
refused when newer or damaged — and nothing lost or touched on refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import resolve_profile
from app.db import open_profile
from app.errors import ProfileError
from models import migrate


def test_unknown_profile_is_created(tmp_path: Path) -> None:
    profile = resolve_profile(tmp_path / "new" / "deeper")
    db = open_profile(profile)
    assert profile.db_path.exists()
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_open_without_create_refuses_missing(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no workspace"):
        open_profile(resolve_profile(tmp_path / "nothing"), create=False)


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    profile = resolve_profile(tmp_path / "p")
    open_profile(profile).dispose()
    con = sqlite3.connect(profile.db_path)
    con.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    con.commit()
    con.close()
    before = profile.db_path.read_bytes()
    with pytest.raises(ProfileError, match="newer Prospector"):
        open_profile(profile)
    assert profile.db_path.read_bytes() == before


def test_older_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    profile = resolve_profile(tmp_path / "p").ensure()
    from app.db import create_sqlite_engine

    engine = create_sqlite_engine(profile.db_path)
    migrate.upgrade(engine, "0001")
    engine.dispose()
    db = open_profile(profile)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    backups = list(profile.backup_dir.glob("*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()
    db.dispose()


def test_corrupt_file_gives_clear_error_naming_it(tmp_path: Path) -> None:
    profile = resolve_profile(tmp_path / "p").ensure()
    profile.db_path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ProfileError) as info:
        open_profile(profile)
    assert str(profile.db_path) in info.value.message


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    profile = resolve_profile(tmp_path / "p").ensure()
    con = sqlite3.connect(profile.db_path)
    con.execute("CREATE TABLE something_else (x)")
    con.commit()
    con.close()
    with pytest.raises(ProfileError, match="not a Prospector workspace"):
        open_profile(profile)
