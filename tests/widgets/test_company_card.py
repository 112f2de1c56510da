"""The company card: contacts, qualification fields by topic, history newest first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QGroupBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.db import Database
from tests.widgets.conftest import COMPANIES, KNOWN_NAME
from widgets.company_card import CompanyCard
from widgets.history_view import KIND_ROLE
from widgets.main_window import MainWindow
from widgets.tasks import TaskRunner

pytestmark = [
    pytest.mark.gui,
    # the offscreen platform says so whenever a window's size limits change; harmless
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def card(qtbot: QtBot, db: Database, runner: TaskRunner, english: None) -> CompanyCard:
    widget = CompanyCard(db, runner, "en")
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    widget.show()
    return widget


def _labels(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def _plain(widget: QWidget) -> str:
    """What the user reads in the rich-text labels of ``widget``."""
    document = QTextDocument()
    document.setHtml("".join(label.text() for label in widget.findChildren(QLabel)))
    return document.toPlainText() + "\n"


def _boxes(widget: QWidget) -> list[str]:
    return [box.title() for box in widget.findChildren(QGroupBox)]


def test_card_shows_profile_contacts_fields_and_history(
    card: CompanyCard, qtbot: QtBot, known_company: str
) -> None:
    with qtbot.waitSignal(card.loaded, timeout=5000):
        card.show_company(known_company)
    assert card._title.text() == KNOWN_NAME
    assert "NIP 123-456-32-18" in card._ids.text()
    assert "+48 22 654 32 10" in card._phones.text()
    assert "mazowieckie voivodeship" in card._address.text()

    contacts = " ".join(_labels(card.contacts_panel().widget()))
    assert "Jan Kowalski0" in contacts
    assert "Maria Wiśniewska" in contacts
    assert "Fleet manager · decision maker" in contacts
    assert "+48 601 000 000" in contacts
    assert "Mon–Fri 08:00–12:00" in contacts
    assert card.tabs().tabText(0) == "Contacts (2)"

    groups = _boxes(card.qualification_panel().widget())
    assert groups[0].startswith("Fleet (2 of ")
    assert any(g.startswith("Purchasing") for g in groups)
    fleet = _plain(card.qualification_panel().findChild(QGroupBox, "group_fleet"))
    assert "Passenger cars\n12\n" in fleet
    assert "Trucks and tractor units\n40\n" in fleet
    assert "Vans (light commercial vehicles)\n—\n" in fleet  # not answered yet

    history = card.history_view()
    kinds = [history.model().index(r, 0).data(KIND_ROLE) for r in range(history.events())]
    # newest first: the meeting booked 30 min ago, the call an hour ago, ...
    assert kinds == ["meeting", "call", "consent", "callback", "call"]
    second = history.model().index(1, 0).data()
    assert "Call: Qualified" in second
    assert "Anna Nowak" in second
    assert "talk 4:00" in second
    assert card.tabs().tabText(2) == "History (5)"


def test_unknown_company_says_so_in_place(card: CompanyCard, qtbot: QtBot) -> None:
    card.show_company("019b76da-0000-7000-8000-000000000000")
    qtbot.waitUntil(lambda: "No company" in card._placeholder.text())
    assert card.company_id() is None


def test_double_click_on_a_row_opens_its_card(window: MainWindow, qtbot: QtBot) -> None:
    page = window.companies_page
    qtbot.waitUntil(lambda: page.model.total == COMPANIES and page.model.rowCount() > 0)
    index = page.model.index(3, 0)
    rect = page.table.visualRect(index)
    with qtbot.waitSignal(page.card.loaded, timeout=5000):
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.card.company_id() == page.model.company_id(3)
