"""The Companies page: search box, filters, the company list and the company card."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.services import lookups
from app.services.companies import RELEVANCE, SearchFilters, SearchQuery
from widgets import labels
from widgets.company_card import CompanyCard
from widgets.company_table_model import CompanyTableModel
from widgets.tasks import TaskRunner

SEARCH_DELAY_MS = 200
CARD_DELAY_MS = 120


class CompaniesView(QWidget):
    """Search and browse companies; the highlighted one is shown in the card."""

    failed = Signal(object)  # unexpected errors, for the window's error presenter

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        language: str,
        *,
        page_size: int = 200,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._language = language
        self._open_first = False
        self.model = CompanyTableModel(db, runner, page_size=page_size, parent=self)

        self.search_box = QLineEdit()
        self.search_box.setObjectName("companySearch")
        self.search_box.setPlaceholderText(self.tr("Name, NIP, phone or town…"))
        self.search_box.setToolTip(
            self.tr(
                "Search by company name, NIP (any formatting), phone number or town. "
                "Ctrl+F comes here, Esc clears, Enter opens the first company."
            )
        )
        self.search_box.setClearButtonEnabled(True)
        self.segment_combo = QComboBox()
        self.voivodeship_combo = QComboBox()
        self.campaign_combo = QComboBox()
        self.status_combo = QComboBox()
        self._fill_static_combos()
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 3)
        for combo in (
            self.segment_combo,
            self.voivodeship_combo,
            self.campaign_combo,
            self.status_combo,
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(combo, 1)
        filters.addWidget(self.clear_button)

        self.table = QTableView()
        self.table.setObjectName("companyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((225, 100, 110, 62, 150, 130, 160)):
            header.resizeSection(column, width)
        header.sortIndicatorChanged.connect(self._sort_requested)

        self.card = CompanyCard(db, runner, language)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        splitter.addWidget(left)
        splitter.addWidget(self.card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([660, 450])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        # While text is typed, results come in relevance order (the full-text index's
        # own order: a page costs the same however many companies match) until the
        # user clicks a column header.
        self._column_sort_chosen = False
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_query)
        self._card_timer = QTimer(self, singleShot=True, interval=CARD_DELAY_MS)
        self._card_timer.timeout.connect(self._show_current)
        self.search_box.textEdited.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._search_enter)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_box)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.clear_search)
        for combo in (self.segment_combo, self.voivodeship_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.apply_query)
        self.campaign_combo.currentIndexChanged.connect(self._campaign_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.activated.connect(self._activated)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda *_: self._card_timer.start())
        self.model.countChanged.connect(self._show_count)
        self.model.loadingChanged.connect(self._show_loading)
        self.model.pageLoaded.connect(self._page_loaded)
        self.model.failed.connect(self.failed)
        self.card.failed.connect(self.failed)

        self._load_choices()
        self.apply_query()

    # ---- filters --------------------------------------------------------------
    def _fill_static_combos(self) -> None:
        self.segment_combo.addItem(self.tr("All segments"), None)
        self.voivodeship_combo.addItem(self.tr("All voivodeships"), None)
        for key, name in lookups.VOIVODESHIPS:
            self.voivodeship_combo.addItem(name, key)
        self.campaign_combo.addItem(self.tr("All campaigns"), None)
        self.status_combo.addItem(self.tr("Any queue status"), None)
        for status in lookups.QUEUE_STATUSES:
            self.status_combo.addItem(labels.queue_status(status), status)
        self.status_combo.setEnabled(False)
        self.status_combo.setToolTip(self.tr("Choose a campaign first"))

    def _load_choices(self) -> None:
        db = self._db

        def load() -> dict[str, Any]:
            with db.read() as session:
                return {
                    "segments": lookups.segments(session),
                    "campaigns": lookups.campaigns(session),
                }

        self._runner.run_op(load, self._choices_loaded, self.failed.emit)

    def _choices_loaded(self, data: dict[str, Any]) -> None:
        for combo in (self.segment_combo, self.campaign_combo):
            combo.blockSignals(True)
        for s in data["segments"]:
            name = s["name_pl"] if self._language == "pl" else s["name_en"]
            self.segment_combo.addItem(name, s["key"])
        for c in data["campaigns"]:
            self.campaign_combo.addItem(c["name"], c["key"])
        for combo in (self.segment_combo, self.campaign_combo):
            combo.blockSignals(False)

    def _campaign_changed(self) -> None:
        has_campaign = self.campaign_combo.currentData() is not None
        self.status_combo.setEnabled(has_campaign)
        self.status_combo.setToolTip("" if has_campaign else self.tr("Choose a campaign first"))
        if not has_campaign and self.status_combo.currentIndex() != 0:
            self.status_combo.setCurrentIndex(0)  # re-queries through its own signal
            return
        self.apply_query()

    def current_query(self) -> SearchQuery:
        campaign = self.campaign_combo.currentData()
        text = self.search_box.text().strip()
        sort, descending = self.model.query.sort, self.model.query.descending
        if not text:
            self._column_sort_chosen = False
            if sort == RELEVANCE:
                sort, descending = "name", False
        elif not self._column_sort_chosen:
            sort, descending = RELEVANCE, False
        return SearchQuery(
            text=text,
            filters=SearchFilters(
                segment=self.segment_combo.currentData(),
                voivodeship=self.voivodeship_combo.currentData(),
                campaign=campaign,
                queue_status=self.status_combo.currentData() if campaign else None,
            ),
            sort=sort,
            descending=descending,
        )

    def apply_query(self) -> None:
        """Run the search now (the search box calls this after a short pause)."""
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query or self.model.total is None:
            self.model.set_query(query)
            self._show_sort_indicator()

    def _show_sort_indicator(self) -> None:
        """The header arrow follows the query (no arrow in relevance order)."""
        query = self.model.query
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            self.model.column_of(query.sort),
            Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def set_campaign_filter(self, campaign: str, status: str | None = None) -> None:
        """Show the companies in ``campaign``'s queue (optionally of one status)."""
        index = self.campaign_combo.findData(campaign)
        if index < 0:
            return
        self.campaign_combo.setCurrentIndex(index)
        status_index = self.status_combo.findData(status) if status else 0
        self.status_combo.setCurrentIndex(max(0, status_index))

    def clear_filters(self) -> None:
        for combo in (self.segment_combo, self.voivodeship_combo, self.campaign_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.status_combo.blockSignals(True)
        self.status_combo.setCurrentIndex(0)
        self.status_combo.setEnabled(False)
        self.status_combo.blockSignals(False)
        self.apply_query()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def clear_search(self) -> None:
        if self.search_box.text():
            self.search_box.clear()
            self.apply_query()

    # ---- list and card -------------------------------------------------------
    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        if self.model.is_sortable(column):
            self._column_sort_chosen = bool(self.search_box.text().strip())
            self.model.sort(column, order)
            return
        self._show_sort_indicator()  # not an indexed column: put the arrow back

    def _search_enter(self) -> None:
        if self._search_timer.isActive() or self.current_query() != self.model.query:
            self._open_first = True
            self.apply_query()
        else:
            self._open_row(self._selected_row() if self._selected_row() >= 0 else 0)

    def _page_loaded(self, rows: int) -> None:
        if self._open_first and rows:
            self._open_first = False
            self._open_row(0)
        elif self._open_first and not self.model.is_loading():
            self._open_first = False

    def _selected_row(self) -> int:
        current = self.table.selectionModel().currentIndex()
        return current.row() if current.isValid() else -1

    def _open_row(self, row: int) -> None:
        company_id = self.model.company_id(row)
        if company_id is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._card_timer.stop()
        self.card.show_company(company_id)

    def _activated(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _show_current(self) -> None:
        row = self._selected_row()
        company_id = self.model.company_id(row)
        if company_id is not None:
            self.card.show_company(company_id)

    def _show_count(self, n: int) -> None:
        self.count_label.setText(self.tr("%Ln companies", "", n))

    def _show_loading(self, loading: bool) -> None:
        if loading and self.model.total is None:
            self.count_label.setText(self.tr("Searching…"))
