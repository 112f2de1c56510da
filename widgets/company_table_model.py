"""The company list as a Qt table model: pages of rows loaded on demand, off the GUI
thread, so that it stays fluid over a million companies."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.db import Database
from app.services import companies
from app.services.companies import SearchQuery
from app.services.lookups import voivodeship_name
from widgets.display import format_nip, format_phone
from widgets.tasks import TaskRunner

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
# (row key, service sort name or None when the column cannot be sorted)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("name", "name"),
    ("nip", "nip"),
    ("city", "city"),
    ("postcode", "postcode"),
    ("voivodeship", "voivodeship"),
    ("phone", None),
    ("street", None),
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CompanyTableModel(QAbstractTableModel):
    """Companies matching a :class:`SearchQuery`, ``page_size`` rows at a time.

    ``set_query`` starts over: the first page and the total count are requested on a
    worker; later pages come when the view asks (``canFetchMore``/``fetchMore``, i.e.
    when the user scrolls to the end). Answers for an older query are dropped.
    """

    countChanged = Signal(int)  # total number of matches, once known
    loadingChanged = Signal(bool)
    pageLoaded = Signal(int)  # rows now in the model
    failed = Signal(object)  # an exception from the service

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._page_size = page_size
        self._query = SearchQuery()
        self._rows: list[dict[str, Any]] = []
        self._generation = 0
        self._failed_generation = -1
        self._loading = False
        self._exhausted = True
        self._total: int | None = None
        self._headers = (
            self.tr("Name"),
            self.tr("NIP"),
            self.tr("City"),
            self.tr("Postcode"),
            self.tr("Voivodeship"),
            self.tr("Phone"),
            self.tr("Street"),
        )

    # ---- what the view reads --------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(key)
            if key == "nip":
                return format_nip(value)
            if key == "phone":
                return format_phone(value)
            if key == "voivodeship":
                return voivodeship_name(value)
            return value or ""
        if role == Qt.ItemDataRole.ToolTipRole and key in ("name", "street"):
            return row.get(key)
        if role == ID_ROLE:
            return row["id"]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is not None:
            return self.tr("Click to sort by this column")
        return None

    # ---- state ------------------------------------------------------------------
    @property
    def query(self) -> SearchQuery:
        return self._query

    @property
    def total(self) -> int | None:
        return self._total

    def is_loading(self) -> bool:
        return self._loading

    def company_id(self, row: int) -> str | None:
        return self._rows[row]["id"] if 0 <= row < len(self._rows) else None

    def row_data(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @staticmethod
    def is_sortable(column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column][1] is not None

    @staticmethod
    def column_of(sort: str) -> int:
        """The column showing ``sort``; -1 for relevance order (no column)."""
        return next((i for i, (_, s) in enumerate(COLUMNS) if s == sort), -1)

    # ---- loading ----------------------------------------------------------------
    def set_query(self, query: SearchQuery) -> None:
        """Show the companies matching ``query`` from the first row."""
        self._generation += 1
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._exhausted = False
        self._total = None
        self._set_loading(False)
        self.endResetModel()
        self._count(self._generation)
        self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_query(self._query)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        generation, query, offset = self._generation, self._query, len(self._rows)
        limit, db = self._page_size, self._db

        def load() -> list[dict[str, Any]]:
            with db.read() as session:
                return companies.search(session, query, limit=limit, offset=offset)

        self._set_loading(True)
        self._runner.run_op(
            load,
            lambda rows: self._page_done(generation, offset, rows),
            lambda exc: self._load_failed(generation, exc),
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting re-queries the database (only the indexed columns can be sorted)."""
        if not self.is_sortable(column):
            return
        sort = COLUMNS[column][1]
        assert sort is not None
        descending = order == Qt.SortOrder.DescendingOrder
        if sort == self._query.sort and descending == self._query.descending:
            return
        self.set_query(dataclasses.replace(self._query, sort=sort, descending=descending))

    def _count(self, generation: int) -> None:
        query, db = self._query, self._db

        def count() -> int:
            with db.read() as session:
                return companies.count(session, query)

        def done(n: int) -> None:
            if generation == self._generation:
                self._total = n
                self.countChanged.emit(n)

        self._runner.run_op(count, done, lambda exc: self._load_failed(generation, exc))

    def _page_done(self, generation: int, offset: int, rows: list[dict[str, Any]]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return  # an answer to an older query
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._exhausted = len(rows) < self._page_size
        self._set_loading(False)
        self.pageLoaded.emit(len(self._rows))

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation or generation == self._failed_generation:
            return  # stale, or already reported (the page and the count both failed)
        self._failed_generation = generation
        log.warning("company list query failed: %s", exc)
        self._exhausted = True
        self._set_loading(False)
        self.failed.emit(exc)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loadingChanged.emit(loading)
