"""Polish first, English too: the catalogues are complete and load into the real UI."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from app.config import Profile, Settings
from app.db import Database
from tests.widgets.conftest import COMPANIES, TRANSLATIONS
from widgets.main_window import MainWindow
from widgets.tasks import TaskRunner

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


def _messages(language: str) -> list[tuple[str, ET.Element]]:
    root = ET.parse(TRANSLATIONS / f"prospector_{language}.ts").getroot()
    return [
        (context.findtext("name", ""), message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_polish_message_is_translated() -> None:
    messages = _messages("pl")
    assert len(messages) > 150
    unfinished = []
    for context, message in messages:
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(
            f.strip() for f in forms
        ):
            unfinished.append(f"{context}: {message.findtext('source')}")
    assert unfinished == []


def test_polish_keeps_every_placeholder() -> None:
    for context, message in _messages("pl"):
        source = message.findtext("source", "")
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for name in ("{n}", "{nip}", "{path}", "{log}", "{total}", "{language}", "%Ln"):
            if name in source:
                assert all(name in f for f in forms), f"{context}: {source}"


def test_polish_catalogue_translates_the_ui(polish: None) -> None:
    assert QCoreApplication.translate("MainWindow", "Companies") == "Firmy"
    assert QCoreApplication.translate("QueueStatus", "callback") == "oddzwonienie"
    assert QCoreApplication.translate("CompaniesView", "%Ln companies", "", 5) == "5 firm"
    assert QCoreApplication.translate("CompaniesView", "%Ln companies", "", 3) == "3 firmy"
    assert QCoreApplication.translate("CompaniesView", "%Ln companies", "", 1) == "1 firma"
    # Qt's own strings (standard buttons) come from qtbase_pl
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Anuluj"


def test_main_window_in_polish(
    qtbot: QtBot, db: Database, runner: TaskRunner, profile: Profile, polish: None
) -> None:
    window = MainWindow(
        db=db, runner=runner, profile=profile, settings=Settings(profile), language="pl"
    )
    qtbot.addWidget(window)
    window.show()
    names = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert names == ["Konsola konsultanta", "Firmy", "Spotkania", "Pulpit", "Administracja"]
    qtbot.waitUntil(lambda: window.total_label.text() == f"{COMPANIES} firm w bazie")
    page = window.companies_page
    qtbot.waitUntil(lambda: page.count_label.text() == f"{COMPANIES} firm")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Nazwa"


def test_english_window_uses_english_plurals(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.total_label.text() == f"{COMPANIES} companies in the workspace")
