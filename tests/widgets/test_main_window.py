"""The main window: opens on a workspace, every section shows real content, menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import Profile, Settings
from app.logs import ring
from tests.widgets.conftest import COMPANIES, KNOWN_NAME
from widgets.log_dialog import LogDialog
from widgets.main_window import MainWindow

pytestmark = [
    pytest.mark.gui,
    # the offscreen platform says so whenever a window's size limits change; harmless
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


def test_opens_on_companies_with_the_workspace_and_its_size(
    window: MainWindow, qtbot: QtBot, profile: Profile
) -> None:
    assert window.current_page() == "companies"
    assert str(profile.root) in window.workspace_label.text()
    qtbot.waitUntil(lambda: window.total_label.text() == f"{COMPANIES} companies in the workspace")
    names = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert names == ["Agent console", "Companies", "Meetings", "Dashboard", "Admin"]


def test_agent_console_lists_campaign_queues(window: MainWindow, qtbot: QtBot) -> None:
    page = window.agent_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.navigation.setCurrentRow(0)
    rows = {page.model.index(r, 0).data(): r for r in range(page.model.rowCount())}
    row = rows["Kwalifikacja flot"]
    new, callbacks, retry, done, total = (page.model.index(row, c).data() for c in range(2, 7))
    assert (new, callbacks, retry, done, total) == (80, 80, 80, 80, COMPANIES)
    # the way in: a campaign's callbacks open in the Companies page, filtered
    page.table.selectRow(
        page.table.model()
        .index(
            next(
                r
                for r in range(page.model.rowCount())
                if page.table.model().index(r, 0).data() == "Kwalifikacja flot"
            ),
            0,
        )
        .row()
    )
    page.queue_buttons["callback"].click()
    assert window.current_page() == "companies"
    companies = window.companies_page
    qtbot.waitUntil(lambda: companies.model.query.filters.queue_status == "callback")
    qtbot.waitUntil(lambda: companies.model.total == COMPANIES // 4)


def test_meetings_page_lists_upcoming_meetings(window: MainWindow, qtbot: QtBot) -> None:
    page = window.meetings_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("meetings")
    assert page.model.rowCount() == 1
    assert page.model.index(0, 2).data() == "Paweł Jankowski"
    assert page.model.index(0, 3).data() == KNOWN_NAME
    assert page.model.index(0, 5).data() == "confirmed"
    with qtbot.waitSignal(window.companies_page.card.loaded, timeout=5000):
        page.table.activated.emit(page.table.model().index(0, 0))
    assert window.current_page() == "companies"


def test_dashboard_counts_calls_contacts_and_meetings(window: MainWindow, qtbot: QtBot) -> None:
    page = window.dashboard_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("dashboard")
    rows = {page.model.index(r, 0).data(): r for r in range(page.model.rowCount())}
    assert set(rows) == {"Kwalifikacja flot", "Foot In The Door", "All campaigns"}
    row = rows["Kwalifikacja flot"]
    # the fixture's calls: one an hour ago (qualified, a contact), one three days ago
    assert page.model.index(row, 4).data() == 2  # calls, last 7 days
    assert page.model.index(row, 5).data() == 1  # contacts, last 7 days
    fitd = rows["Foot In The Door"]
    assert page.model.index(fitd, 3).data() == 1  # meeting booked today
    outcomes = {page.outcomes.index(r, 0).data() for r in range(page.outcomes.rowCount())}
    assert outcomes <= {"Qualified", "No answer"}


def test_admin_page_lists_users_and_fields(window: MainWindow, qtbot: QtBot) -> None:
    page = window.admin_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("admin")
    users = [page.users.index(r, 0).data() for r in range(page.users.rowCount())]
    assert sorted(users) == ["agent1", "supervisor"]
    assert page.fields.rowCount() >= 30
    first = [page.fields.index(0, c).data() for c in range(5)]
    assert first[0] == "Fleet"
    assert first[3] == "whole number"


def test_ctrl_f_focuses_the_search_box_from_any_page(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("admin")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "companies"
    qtbot.waitUntil(lambda: window.companies_page.search_box.hasFocus())


def test_language_choice_is_saved(
    window: MainWindow, qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    window.language_actions["pl"].trigger()
    assert Settings(profile).get("ui/language") == "pl"
    assert window.language_actions["pl"].isChecked()
    assert shown
    assert "Polski" in shown[0]
    window.language_actions["en"].trigger()
    assert Settings(profile).get("ui/language") == "en"


def test_log_dialog_shows_recent_records(window: MainWindow, qtbot: QtBot) -> None:
    ring.records.append("2026-01-01 12:00:00 INFO    test: a line for the log view")
    window.show_log()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LogDialog))
    qtbot.addWidget(dialog)
    assert "a line for the log view" in dialog.text.toPlainText()
    dialog.close()
