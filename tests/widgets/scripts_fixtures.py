"""Fixtures for the call-script widget tests (runner, qualification form, editor).

A demo workspace of 50 companies is built once per test session with the demo builder
and copied for each test that writes. ``scripts_polish`` installs the Polish strings of
these widgets from ``resources/translations/scripts_pl.json`` (the file the lead merges
into the Qt catalogue) on top of whatever catalogue is loaded.

Import the fixtures into a test module with ``from tests.widgets.scripts_fixtures import *``
(their names start with ``demo_``/``scripts_``/``tasks``, so they shadow nothing).
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import Profile, resolve_profile
from app.db import Database, open_profile
from app.services.demo import build_demo
from app.services.script_context import context_for
from models import Company, Contact, FieldValue
from widgets.tasks import TaskRunner

__all__ = [
    "JsonTranslator",
    "demo_company",
    "demo_db",
    "demo_template",
    "scripts_polish",
    "stored_answers",
    "tasks",
]

SCRIPTS_PL = Path(__file__).resolve().parents[2] / "resources" / "translations" / "scripts_pl.json"


class JsonTranslator(QTranslator):
    """Translations from a ``{context: {source: translation}}`` JSON file."""

    def __init__(self, path: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self.catalogue: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
        self.asked: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        self.asked.add((context, source))
        return self.catalogue.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts-demo")
    build_demo(resolve_profile(root), companies=50, seed=1)
    return root


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    """A fresh copy of the demo workspace."""
    profile = Profile(tmp_path / "scripts-ws").ensure()
    shutil.copy2(Profile(demo_template).db_path, profile.db_path)
    database = open_profile(profile, create=False)
    yield database
    database.dispose()


@pytest.fixture
def tasks(qtbot: QtBot, demo_db: Database) -> Iterator[TaskRunner]:
    """The worker pools; at teardown every task has finished and delivered its result."""
    runner = TaskRunner()
    yield runner
    assert runner.wait(10000), "worker tasks still running after the test"
    QCoreApplication.processEvents()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    runner.deleteLater()


@pytest.fixture
def demo_company(demo_db: Database) -> dict[str, Any]:
    """A demo company with a named contact: ``{"id", "name", "context"}`` (the script
    context the console would build for agent Anna Nowak)."""
    with demo_db.read() as s:
        row = s.execute(
            select(Company.id, Company.name)
            .join(Contact, Contact.company_id == Company.id)
            .where(Contact.first_name.is_not(None))
            .order_by(Company.name)
            .limit(1)
        ).one()
        context = context_for(s, str(row.id), "Anna Nowak")
    return {"id": str(row.id), "name": row.name, "context": context}


def stored_answers(db: Database, company_id: str) -> dict[str, Any]:
    """What the database holds for the company now: ``{field_key: value}``."""
    with db.read() as s:
        rows = s.execute(
            select(FieldValue.field_key, FieldValue.value).where(
                FieldValue.company_id == uuid.UUID(company_id)
            )
        )
        return {key: value for key, value in rows}


@pytest.fixture
def scripts_polish(qapp: QApplication) -> Iterator[JsonTranslator]:
    """The Polish strings of the script widgets."""
    translator = JsonTranslator(SCRIPTS_PL)
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)
