"""The Companies page: search box, filters and keyboard, as a user drives them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.widgets.conftest import COMPANIES, KNOWN_CITY, KNOWN_NAME
from widgets.companies_view import CompaniesView
from widgets.main_window import MainWindow

pytestmark = [
    pytest.mark.gui,
    # the offscreen platform says so whenever a window's size limits change; harmless
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
]


def _names(view: CompaniesView) -> list[str]:
    model = view.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _search(qtbot: QtBot, view: CompaniesView, text: str) -> None:
    view.search_box.clear()
    qtbot.keyClicks(view.search_box, text)
    # the search runs after a pause in typing; wait for its answer
    qtbot.waitUntil(
        lambda: (
            view.model.query.text == text.strip()
            and not view.model.is_loading()
            and view.model.total is not None
        )
    )


@pytest.fixture
def view(window: MainWindow, qtbot: QtBot) -> CompaniesView:
    page = window.companies_page
    qtbot.waitUntil(lambda: page.model.total == COMPANIES and page.model.rowCount() > 0)
    qtbot.waitUntil(lambda: page.campaign_combo.count() > 1 and page.segment_combo.count() > 1)
    return page


def test_name_fragment_filters_the_list(view: CompaniesView, qtbot: QtBot) -> None:
    _search(qtbot, view, "transpol")
    assert _names(view) == [KNOWN_NAME]
    assert view.count_label.text() == "1 company"


def test_nip_in_another_formatting_finds_the_company(view: CompaniesView, qtbot: QtBot) -> None:
    _search(qtbot, view, "PL 123-456-32-18")
    assert _names(view) == [KNOWN_NAME]
    assert view.model.index(0, 1).data() == "123-456-32-18"


def test_phone_number_finds_the_company(view: CompaniesView, qtbot: QtBot) -> None:
    _search(qtbot, view, "(22) 654-32-10")
    assert _names(view) == [KNOWN_NAME]


def test_town_without_diacritics_finds_its_companies(view: CompaniesView, qtbot: QtBot) -> None:
    _search(qtbot, view, "krakow")
    assert view.model.rowCount() > 1
    cities = {view.model.index(r, 2).data() for r in range(view.model.rowCount())}
    assert cities == {KNOWN_CITY}


def test_escape_clears_the_search(view: CompaniesView, qtbot: QtBot) -> None:
    _search(qtbot, view, "transpol")
    view.search_box.setFocus()
    qtbot.keyClick(view.search_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.model.total == COMPANIES)
    assert view.search_box.text() == ""


def test_enter_in_the_search_box_opens_the_first_match(view: CompaniesView, qtbot: QtBot) -> None:
    view.search_box.setFocus()
    qtbot.keyClicks(view.search_box, "transpol")
    with qtbot.waitSignal(view.card.loaded, timeout=5000):
        qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    assert view.card._title.text() == KNOWN_NAME


def test_voivodeship_filter_narrows_the_rows(view: CompaniesView, qtbot: QtBot) -> None:
    index = view.voivodeship_combo.findData("mazowieckie")
    assert view.voivodeship_combo.itemText(index) == "mazowieckie"
    view.voivodeship_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: view.model.query.filters.voivodeship == "mazowieckie")
    qtbot.waitUntil(lambda: view.model.total is not None and not view.model.is_loading())
    assert 0 < view.model.total < COMPANIES
    shown = {view.model.index(r, 4).data() for r in range(view.model.rowCount())}
    assert shown == {"mazowieckie"}
    lodz = view.voivodeship_combo.findData("lodzkie")
    assert view.voivodeship_combo.itemText(lodz) == "łódzkie"


def test_segment_filter_narrows_the_rows(view: CompaniesView, qtbot: QtBot) -> None:
    view.segment_combo.setCurrentIndex(view.segment_combo.findData("current_customers"))
    qtbot.waitUntil(lambda: view.model.query.filters.segment == "current_customers")
    qtbot.waitUntil(lambda: view.model.total is not None and not view.model.is_loading())
    # every third company of the fixture is a current customer
    assert view.model.total == len(range(0, COMPANIES, 3))
    assert view.model.rowCount() == view.model.total


def test_campaign_and_queue_status_filters(view: CompaniesView, qtbot: QtBot) -> None:
    assert not view.status_combo.isEnabled()
    view.campaign_combo.setCurrentIndex(view.campaign_combo.findData("kwalifikacja"))
    assert view.status_combo.isEnabled()
    view.status_combo.setCurrentIndex(view.status_combo.findData("callback"))
    qtbot.waitUntil(lambda: view.model.query.filters.queue_status == "callback")
    qtbot.waitUntil(lambda: view.model.total is not None and not view.model.is_loading())
    assert view.model.total == COMPANIES // 4
    view.clear_button.click()
    qtbot.waitUntil(lambda: view.model.total == COMPANIES)
    assert not view.status_combo.isEnabled()


def test_enter_on_a_row_opens_its_card(view: CompaniesView, qtbot: QtBot) -> None:
    view.table.setFocus()
    view.table.selectRow(5)
    with qtbot.waitSignal(view.card.loaded, timeout=5000):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.card.company_id() == view.model.company_id(5)
    assert view.card._title.text() == view.model.index(5, 0).data()
