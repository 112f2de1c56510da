"""The company list model: pages loaded as the user scrolls, sorting by the header."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.db import Database
from app.services.companies import SearchQuery
from tests.widgets.conftest import COMPANIES
from widgets.companies_view import CompaniesView
from widgets.company_table_model import CompanyTableModel
from widgets.main_window import MainWindow
from widgets.tasks import TaskRunner

pytestmark = [
    pytest.mark.gui,
    # the offscreen platform says so whenever a window's size limits change; harmless
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def view(window: MainWindow, qtbot: QtBot) -> CompaniesView:
    page = window.companies_page
    qtbot.waitUntil(lambda: page.model.total == COMPANIES and page.model.rowCount() > 0)
    return page


def test_first_page_then_more_when_scrolled_to_the_end(view: CompaniesView, qtbot: QtBot) -> None:
    assert view.model.rowCount() == 200  # one page, not the whole table
    assert view.count_label.text() == f"{COMPANIES} companies"
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.model.rowCount() == COMPANIES)
    assert not view.model.canFetchMore()


def test_header_click_sorts_through_the_database(view: CompaniesView, qtbot: QtBot) -> None:
    header = view.table.horizontalHeader()
    first = view.model.index(0, 0).data()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 20, 5),
    )
    qtbot.waitUntil(lambda: view.model.query.descending and view.model.rowCount() > 0)
    last = view.model.index(0, 0).data()
    assert last != first
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # NIP column, ascending
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 20, 5),
    )
    qtbot.waitUntil(lambda: view.model.query.sort == "nip" and view.model.rowCount() > 0)
    nips = [view.model.index(r, 1).data() for r in range(20)]
    assert nips == sorted(nips)


def test_phone_column_is_not_sortable(view: CompaniesView, qtbot: QtBot) -> None:
    header = view.table.horizontalHeader()
    phone = 5
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(phone) + 10, 5),
    )
    assert view.model.query.sort == "name"
    assert header.sortIndicatorSection() == 0


def test_answers_to_an_older_query_are_dropped(
    qtbot: QtBot, db: Database, runner: TaskRunner
) -> None:
    model = CompanyTableModel(db, runner, page_size=50)
    model.set_query(SearchQuery(text="transpol"))
    model.set_query(SearchQuery())  # the user typed on before the first answer came
    qtbot.waitUntil(lambda: model.total == COMPANIES and model.rowCount() == 50)
    assert runner.wait(5000)
    qtbot.wait(0)
    assert model.rowCount() == 50
    assert model.total == COMPANIES
