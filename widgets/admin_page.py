"""The Admin page: users and qualification field definitions (read-only for now)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.db import Database
from app.services import companies, lookups
from widgets import labels
from widgets.page_header import PageHeader
from widgets.record_table_model import Column, RecordTableModel, make_table_view
from widgets.tasks import TaskRunner


class AdminPage(QWidget):
    """Tabs with the workspace's users and its qualification fields."""

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
            self.tr("Admin"),
            self.tr(
                "Who works in this workspace and which qualification fields agents fill "
                "in. Adding users, roles and passwords comes with the central server; "
                "editing fields and campaigns with the administration module."
            ),
        )
        yes, no = self.tr("yes"), self.tr("no")
        self.users = RecordTableModel(
            [
                Column(self.tr("Username"), lambda r: r["username"]),
                Column(self.tr("Name"), lambda r: r["full_name"]),
                Column(self.tr("Role"), lambda r: labels.user_role(r["role"])),
                Column(self.tr("Team"), lambda r: r["team"]),
                Column(self.tr("Active"), lambda r: yes if r["active"] else no),
            ],
            self,
        )
        label_key = "label_pl" if language == "pl" else "label_en"
        self.fields = RecordTableModel(
            [
                Column(self.tr("Group"), lambda r: labels.field_group(r["group"])),
                Column(self.tr("Key"), lambda r: r["key"]),
                Column(self.tr("Label"), lambda r: r[label_key]),
                Column(self.tr("Type"), lambda r: labels.field_type(r["type"])),
                Column(self.tr("Required"), lambda r: yes if r["required"] else no),
                Column(self.tr("Choices"), lambda r: len(r["choices"] or []) or "", True),
            ],
            self,
        )
        self.users_table = make_table_view(self.users)
        self.users_table.setObjectName("userTable")
        for column, width in enumerate((140, 240, 140, 140)):
            self.users_table.horizontalHeader().resizeSection(column, width)
        self.fields_table = make_table_view(self.fields, sortable=False)
        self.fields_table.setObjectName("fieldTable")
        for column, width in enumerate((150, 190, 380, 150, 90)):
            self.fields_table.horizontalHeader().resizeSection(column, width)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.users_table, self.tr("Users"))
        self.tabs.addTab(self.fields_table, self.tr("Qualification fields"))
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def refresh(self) -> None:
        db = self._db

        def load() -> dict[str, Any]:
            with db.read() as session:
                groups = companies.field_groups(session)
                return {
                    "users": lookups.users(session),
                    "fields": [{"group": g["group"], **f} for g in groups for f in g["fields"]],
                }

        self._runner.run_op(load, self._show, self.failed.emit)

    def _show(self, data: dict[str, Any]) -> None:
        self.users.set_records(data["users"])
        self.fields.set_records(data["fields"])
        self.tabs.setTabText(0, self.tr("Users ({n})").format(n=len(data["users"])))
        self.tabs.setTabText(1, self.tr("Qualification fields ({n})").format(n=len(data["fields"])))
        self.loaded.emit()
