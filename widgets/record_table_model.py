"""A read-only table model over a list of records (dicts) from a service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView

ModelIndex = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    """A column: its (translated) header and how a record shows in it."""

    header: str
    value: Callable[[dict[str, Any]], Any]
    align_right: bool = False


class RecordTableModel(QAbstractTableModel):
    """Rows are records; ``set_records`` replaces them all. Numbers sort as numbers
    through a QSortFilterProxyModel (the sort role returns the raw value)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._records: list[dict[str, Any]] = []

    def set_records(self, records: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> dict[str, Any] | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = column.value(record)
            return "" if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None


def make_table_view(model: QAbstractTableModel, *, sortable: bool = True) -> QTableView:
    """A read-only, row-selecting table over ``model`` (sorted through a proxy)."""
    view = QTableView()
    if sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(Qt.ItemDataRole.EditRole)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def source_row(view: QTableView, index: QModelIndex) -> int:
    """The row in the source model of ``index`` (which may come from a proxy)."""
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        return model.mapToSource(index).row()
    return index.row()


def fit_height(view: QTableView, *, max_rows: int = 8) -> None:
    """Make ``view`` as tall as its rows (up to ``max_rows``), so short lists leave no
    empty box behind them."""
    rows = min(max(view.model().rowCount(), 1), max_rows)
    height = view.horizontalHeader().height() + rows * view.verticalHeader().defaultSectionSize()
    scroll = view.horizontalScrollBar()
    extra = scroll.sizeHint().height() if scroll.isVisible() else 0
    view.setFixedHeight(height + 2 * view.frameWidth() + extra + 4)
