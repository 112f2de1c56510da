"""The Meetings page: upcoming meetings booked for the field sales reps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db import Database
from app.services import lookups
from widgets import labels
from widgets.display import format_date, format_time
from widgets.page_header import PageHeader
from widgets.record_table_model import Column, RecordTableModel, make_table_view, source_row
from widgets.tasks import TaskRunner


class MeetingsPage(QWidget):
    """Open meetings from now on, soonest first; double-click opens the company."""

    companyRequested = Signal(str)
    loaded = Signal()
    failed = Signal(object)

    def __init__(
        self, db: Database, runner: TaskRunner, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._loaded_once = False
        header = PageHeader(
            self.tr("Meetings"),
            self.tr(
                "Upcoming meetings booked for the field sales reps. Booking a meeting "
                "during a call, the free-slot finder and calendar export come with the "
                "meetings module. Double-click a meeting to open the company's card."
            ),
        )
        self.model = RecordTableModel(
            [
                Column(self.tr("Date"), lambda r: format_date(r["start"], language)),
                Column(self.tr("Time"), lambda r: format_time(r["start"])),
                Column(self.tr("Sales rep"), lambda r: r["rep"]),
                Column(self.tr("Company"), lambda r: r["company"]),
                Column(self.tr("Town"), lambda r: r["city"]),
                Column(self.tr("Status"), lambda r: labels.meeting_status(r["status"])),
            ],
            self,
        )
        self.table = make_table_view(self.model, sortable=False)
        self.table.setObjectName("meetingTable")
        for column, width in enumerate((100, 60, 200, 340, 150)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.summary = QLabel()
        refresh = QPushButton(self.tr("Refresh"))
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.table.activated.connect(self._open)
        refresh.clicked.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def refresh(self) -> None:
        db = self._db
        since = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)

        def load() -> list[dict[str, Any]]:
            with db.read() as session:
                return lookups.upcoming_meetings(session, since=since)

        self._runner.run_op(load, self._show, self.failed.emit)

    def _show(self, records: list[dict[str, Any]]) -> None:
        self.model.set_records(records)
        if records:
            self.summary.setText(self.tr("%Ln upcoming meetings", "", len(records)))
        else:
            self.summary.setText(self.tr("No upcoming meetings."))
        self.loaded.emit()

    def _open(self, index: QModelIndex) -> None:
        record = self.model.record(source_row(self.table, index))
        if record is not None:
            self.companyRequested.emit(record["company_id"])
