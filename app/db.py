"""Database engines and sessions.

The client's local database is SQLite in WAL mode with foreign keys on, so the GUI
can read while a worker writes. A session is one unit of work (one user action) and
never crosses threads: each worker opens its own with :meth:`Database.session`.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Profile
from app.errors import ProfileError
from models import migrate

log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.execute("PRAGMA mmap_size=268435456")
    cur.close()


def create_sqlite_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", pool_size=8, max_overflow=8)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_server_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ":memory:"
        return create_sqlite_engine(path)
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


class Database:
    """An engine and its session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on error."""
        session = self._factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (never commits). Objects loaded stay readable
        after it ends (closing releases the connection without expiring them)."""
        session = self._factory()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _check_sqlite_file(path: Path) -> None:
    """Refuse, with the file named, a file that is not a readable SQLite database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            row = con.execute("PRAGMA quick_check(1)").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ProfileError(
            f"The workspace database {path} is damaged or is not a Prospector database "
            f"({exc}). Restore it from {path.parent / 'backups'} or move it away."
        ) from exc
    if row and row[0] != "ok":
        raise ProfileError(
            f"The workspace database {path} failed its integrity check ({row[0]}). "
            f"Restore it from {path.parent / 'backups'}."
        )


def backup_sqlite(path: Path, backup_dir: Path, label: str) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{path.stem}-{stamp}-{label}{path.suffix}"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_profile(profile: Profile, *, create: bool = True) -> Database:
    """Open (create, or migrate) the profile's local database.

    - no database yet → created from the migrations (when ``create``);
    - an older schema → a backup is written first, then it is migrated;
    - a newer schema (written by a newer Prospector) → refused, nothing touched;
    - a damaged file → refused with the file named.
    """
    path = profile.db_path
    existed = path.exists()
    if not existed and not create:
        raise ProfileError(
            f"There is no workspace at {profile.root}. "
            "Create one with 'prospector demo' or open the app."
        )
    if existed:
        _check_sqlite_file(path)
    else:
        profile.ensure()
    engine = create_sqlite_engine(path)
    try:
        current = migrate.current_revision(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise ProfileError(f"The workspace database {path} cannot be read ({exc.orig}).") from exc
    head = migrate.SCHEMA_HEAD
    if current not in (None, head) and current not in migrate.known_revisions():
        engine.dispose()
        raise ProfileError(
            f"The workspace {profile.root} was written by a newer Prospector (schema "
            f"{current}). Update Prospector to open it; nothing was changed."
        )
    if current != head:
        if existed and current is not None:
            backup = backup_sqlite(path, profile.backup_dir, f"before-{head}")
            log.info("schema %s -> %s, backup at %s", current, head, backup)
        elif existed:
            with engine.connect() as conn:
                tables = conn.execute(
                    text("SELECT count(*) FROM sqlite_master WHERE type='table'")
                ).scalar_one()
            if tables:
                engine.dispose()
                raise ProfileError(f"{path} is an SQLite file but not a Prospector workspace.")
        migrate.upgrade(engine)
    return Database(engine)


def rebuild_search_index(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO companies_fts(companies_fts) VALUES('rebuild')")


def copy_profile_db(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
