"""The Agent console page: for now, each campaign's queue and the way into it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.services import lookups
from widgets import labels
from widgets.display import weekly_hours
from widgets.page_header import PageHeader
from widgets.record_table_model import (
    Column,
    RecordTableModel,
    fit_height,
    make_table_view,
    source_row,
)
from widgets.tasks import TaskRunner


class AgentConsolePage(QWidget):
    """Campaigns with their queue sizes (new, callbacks, retries, done) and rules."""

    campaignChosen = Signal(str, str)  # campaign key, queue status ('' = any)
    loaded = Signal()
    failed = Signal(object)

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._loaded_once = False
        self._current: dict[str, Any] | None = None
        header = PageHeader(
            self.tr("Agent console"),
            self.tr(
                "This is where agents will work their call queue. Until the console "
                "arrives, here is what is waiting in each campaign's queue and the rules "
                "it is called by. Double-click a campaign, or use the buttons below, to "
                "browse its companies."
            ),
        )
        self.model = RecordTableModel(
            [
                Column(self.tr("Campaign"), lambda r: r["name"]),
                Column(self.tr("Type"), lambda r: labels.campaign_type(r["type"])),
                Column(self.tr("New"), lambda r: r["queue"]["new"], True),
                Column(self.tr("Callbacks"), lambda r: r["queue"]["callback"], True),
                Column(self.tr("To retry"), lambda r: r["queue"]["retry"], True),
                Column(self.tr("Done"), lambda r: r["queue"]["done"], True),
                Column(self.tr("Total"), lambda r: r["total"], True),
            ],
            self,
        )
        self.table = make_table_view(self.model)
        self.table.setObjectName("campaignTable")
        for column, width in enumerate((320, 190, 110, 115, 125, 115)):
            self.table.horizontalHeader().resizeSection(column, width)

        details = QGroupBox(self.tr("Selected campaign"))
        form = QFormLayout(details)
        self.description = QLabel()
        self.description.setObjectName("campaignDescription")
        self.identity = QLabel()
        self.hours = QLabel()
        self.rules = QLabel()
        for label in (self.description, self.identity, self.hours, self.rules):
            label.setWordWrap(True)
        form.addRow(self.tr("What it is:"), self.description)
        form.addRow(self.tr("Agents introduce themselves as:"), self.identity)
        form.addRow(self.tr("Calling hours (callee's time):"), self.hours)
        form.addRow(self.tr("Attempts:"), self.rules)
        self.queue_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for status in ("", *lookups.QUEUE_STATUSES):
            button = QPushButton()
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, status=status: self._browse(status))
            buttons.addWidget(button)
            self.queue_buttons[status] = button
        buttons.addStretch(1)
        form.addRow(self.tr("Browse the queue:"), buttons)

        coming = QGroupBox(self.tr("Coming next in the agent console"))
        coming_text = QLabel(
            self.tr(
                "<ul>"
                "<li>Next company from the queue with one key, callbacks first when due, "
                "only within the callee's calling hours.</li>"
                "<li>The campaign's call script step by step, with the answers saved "
                "straight into the qualification fields.</li>"
                "<li>Call outcome hotkeys (F1–F10), callbacks for yourself or the team.</li>"
                "<li>Booking a meeting in a sales rep's free slot while still on the "
                "phone.</li>"
                "</ul>"
            )
        )
        coming_text.setWordWrap(True)
        QVBoxLayout(coming).addWidget(coming_text)

        refresh = QPushButton(self.tr("Refresh"))
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(refresh)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table)
        layout.addWidget(details)
        layout.addWidget(coming)
        layout.addStretch(1)
        layout.addLayout(footer)

        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)
        refresh.clicked.connect(self.refresh)
        self._show_details(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def refresh(self) -> None:
        db = self._db

        def load() -> list[dict[str, Any]]:
            with db.read() as session:
                return lookups.campaigns(session)

        self._runner.run_op(load, self._show, self.failed.emit)

    def _show(self, records: list[dict[str, Any]]) -> None:
        self.model.set_records(records)
        fit_height(self.table)
        if records:
            self.table.selectionModel().setCurrentIndex(
                self.table.model().index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._show_details(None)
        self.loaded.emit()

    def _current_changed(self, index: QModelIndex) -> None:
        record = self.model.record(source_row(self.table, index)) if index.isValid() else None
        self._show_details(record)

    def _show_details(self, record: dict[str, Any] | None) -> None:
        self._current = record
        for button in self.queue_buttons.values():
            button.setEnabled(record is not None)
        if record is None:
            self.description.setText(self.tr("There are no campaigns in this workspace yet."))
            for label in (self.identity, self.hours, self.rules):
                label.setText("—")
            for status, button in self.queue_buttons.items():
                button.setText(labels.queue_status(status) if status else self.tr("All"))
            return
        self.description.setText(record.get("description") or record["name"])
        self.identity.setText(record.get("caller_identity") or "—")
        self.hours.setText(
            weekly_hours(record.get("calling_hours") or {}, labels.weekday_abbreviations()) or "—"
        )
        self.rules.setText(
            self.tr(
                "at most {total} per company, {daily} a day, at least {gap} minutes apart"
            ).format(
                total=record["max_attempts"],
                daily=record["max_attempts_per_day"],
                gap=record["min_gap_minutes"],
            )
        )
        queue = record["queue"]
        for status, button in self.queue_buttons.items():
            if status:
                button.setText(
                    self.tr("{status}: {n}").format(
                        status=labels.queue_status(status).capitalize(), n=queue[status]
                    )
                )
            else:
                button.setText(self.tr("All: {n}").format(n=record["total"]))

    def _activated(self, index: QModelIndex) -> None:
        record = self.model.record(source_row(self.table, index))
        if record is not None:
            self.campaignChosen.emit(record["key"], "")

    def _browse(self, status: str) -> None:
        if self._current is not None:
            self.campaignChosen.emit(self._current["key"], status)
