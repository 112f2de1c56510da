"""The Dashboard page: calls, contacts and meetings per campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.services import lookups
from widgets.display import format_datetime
from widgets.page_header import PageHeader
from widgets.record_table_model import Column, RecordTableModel, fit_height, make_table_view
from widgets.tasks import TaskRunner

PERIODS = ("today", "week", "month")
MEASURES = ("calls", "contacts", "meetings")


class DashboardPage(QWidget):
    """A simple aggregate of the call log per campaign: today, 7 days, this month."""

    loaded = Signal()
    failed = Signal(object)

    def __init__(
        self, db: Database, runner: TaskRunner, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._language = language
        self._loaded_once = False
        header = PageHeader(
            self.tr("Dashboard"),
            self.tr(
                "Calls made, contacts reached (calls that got through to someone) and "
                "meetings booked, per campaign. The live agent board, conversion rates "
                "and exportable KPI reports come with the supervisor dashboard."
            ),
        )
        period_names = {
            "today": self.tr("today"),
            "week": self.tr("7 days"),
            "month": self.tr("this month"),
        }
        measure_names = {
            "calls": self.tr("Calls"),
            "contacts": self.tr("Contacts"),
            "meetings": self.tr("Meetings"),
        }
        columns = [Column(self.tr("Campaign"), lambda r: r["name"])]
        for period in PERIODS:
            for measure in MEASURES:
                key = f"{measure}_{period}"
                columns.append(
                    Column(
                        self.tr("{measure}\n{period}").format(
                            measure=measure_names[measure], period=period_names[period]
                        ),
                        lambda r, key=key: r[key],  # type: ignore[misc]
                        True,
                    )
                )
        self.model = RecordTableModel(columns, self)
        self.table = make_table_view(self.model, sortable=False)
        self.table.setObjectName("statsTable")
        self.table.horizontalHeader().resizeSection(0, 250)
        for column in range(1, len(columns)):
            self.table.horizontalHeader().resizeSection(column, 86)

        self.outcomes = RecordTableModel(
            [
                Column(self.tr("Outcome"), lambda r: r["label"]),
                Column(self.tr("Calls"), lambda r: r["count"], True),
                Column(self.tr("Share"), lambda r: r["share"], True),
            ],
            self,
        )
        self.outcomes_table = make_table_view(self.outcomes, sortable=False)
        self.outcomes_table.setObjectName("outcomeTable")
        self.outcomes_table.horizontalHeader().resizeSection(0, 300)
        self.outcomes_table.horizontalHeader().resizeSection(1, 100)
        self.outcomes_table.setMaximumWidth(560)
        outcomes_box = QGroupBox(self.tr("How this month's calls ended"))
        QVBoxLayout(outcomes_box).addWidget(self.outcomes_table)
        outcomes_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.as_of = QLabel()
        refresh = QPushButton(self.tr("Refresh"))
        footer = QHBoxLayout()
        footer.addWidget(self.as_of, 1)
        footer.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table)
        layout.addWidget(outcomes_box)
        layout.addStretch(1)
        layout.addLayout(footer)
        refresh.clicked.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def refresh(self) -> None:
        db = self._db
        now = dt.datetime.now(dt.UTC)

        def load() -> dict[str, Any]:
            with db.read() as session:
                return {
                    "stats": lookups.call_stats(session, now=now),
                    "outcomes": lookups.call_outcomes(session, since=lookups.month_start(now)),
                    "dispositions": lookups.dispositions(session),
                }

        self._runner.run_op(load, lambda data: self._show(data, now), self.failed.emit)

    def _show(self, data: dict[str, Any], now: dt.datetime) -> None:
        self._show_outcomes(data["outcomes"], data["dispositions"])
        rows: list[dict[str, Any]] = data["stats"]
        if rows:
            total: dict[str, Any] = {"key": "", "name": self.tr("All campaigns")}
            for period in PERIODS:
                for measure in MEASURES:
                    key = f"{measure}_{period}"
                    total[key] = sum(r[key] for r in rows)
            rows = [*rows, total]
        self.model.set_records(rows)
        fit_height(self.table)
        self.as_of.setText(
            self.tr("Figures as of {time}.").format(
                time=format_datetime(now.isoformat(), self._language)
            )
            if rows
            else self.tr("There are no campaigns in this workspace yet.")
        )
        self.loaded.emit()

    def _show_outcomes(self, outcomes: list[dict[str, Any]], names: dict[str, Any]) -> None:
        total = sum(o["count"] for o in outcomes)
        label = "label_pl" if self._language == "pl" else "label_en"
        self.outcomes.set_records(
            [
                {
                    "label": names[o["code"]][label] if o["code"] in names else o["code"],
                    "count": o["count"],
                    "share": f"{100 * o['count'] / total:.0f}%",
                }
                for o in outcomes
            ]
        )
        fit_height(self.outcomes_table, max_rows=12)
