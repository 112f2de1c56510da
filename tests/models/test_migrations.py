"""The migrated schema is exactly the models, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect

from app.db import create_sqlite_engine
from models import Base, migrate
from models.migrate import include_object


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(ctx, Base.metadata))


def test_sqlite_migrations_match_models(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "m.sqlite3")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _diff(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "companies_fts" in tables
    engine.dispose()


@pytest.mark.postgres
def test_postgres_migrations_match_models(pg_url: str) -> None:
    engine = create_engine(pg_url)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _diff(engine) == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_sqlite_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "d.sqlite3")
    migrate.upgrade(engine)
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert _diff(engine) == []
    engine.dispose()


def test_models_have_sync_columns() -> None:
    local_only = {"outbox", "sync_state"}
    for name, table in Base.metadata.tables.items():
        if name in local_only:
            continue
        cols = set(table.columns.keys())
        assert {"id", "server_rev", "hlc", "deleted"} <= cols, name


def test_schema_head_constant_is_alembics_head() -> None:
    """Opening a workspace compares with SCHEMA_HEAD (no Alembic import at start-up)."""
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
