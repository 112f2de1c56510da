"""The script editor's preview: the script run against a company the admin picks.

A search box finds the company (name, NIP, phone or city, through
:func:`app.services.companies.search` on a worker); its card becomes the script's
context (:func:`app.services.script_context.context_for`), and a
:class:`~widgets.script_runner.ScriptRunner` runs the script — without saving anything:
a preview never writes to the company's answers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import UserError
from app.services import companies
from app.services.script_context import context_for
from scripts_lead_gen.validate import CompiledScript
from widgets.errors import describe
from widgets.script_runner import ScriptRunner
from widgets.tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ScriptPreview(QWidget):
    """Runs the script being edited; :meth:`set_script` restarts it."""

    companyChosen = Signal(str)
    """the id of the company the preview now runs against (after its card loaded)."""
    searched = Signal(int)
    """the number of companies the last search found."""

    def __init__(
        self,
        db: Database | None,
        tasks: TaskRunner,
        language: str = "pl",
        *,
        agent_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._tasks = tasks
        self._agent = agent_name
        self._script: CompiledScript | None = None
        self._context: dict[str, Any] | None = None
        self._search_gen = 0
        self.company_id: str | None = None

        self.search = QLineEdit()
        self.search.setObjectName("companySearch")
        self.search.setPlaceholderText(self.tr("Find a company: name, NIP, phone or city"))
        self.search.setClearButtonEnabled(True)
        self.search.setEnabled(db is not None)
        self.results_model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setObjectName("companyResults")
        self.results.setModel(self.results_model)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.setMaximumHeight(110)
        self.results.hide()
        self.chosen = QLabel()
        self.chosen.setObjectName("previewCompany")
        self.chosen.setWordWrap(True)
        restart = QPushButton(self.tr("Restart"))
        restart.setObjectName("restartPreview")
        restart.setToolTip(self.tr("Run the script again from the start"))
        self.runner = ScriptRunner(None, language, self)

        top = QHBoxLayout()
        top.addWidget(self.chosen, 1)
        top.addWidget(restart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addLayout(top)
        layout.addWidget(self.runner, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._choose_first)
        self.results.activated.connect(self._choose)
        self.results.clicked.connect(self._choose)
        restart.clicked.connect(self.restart)
        self._show_company(None)

    # ------------------------------------------------------------------------ public

    def set_script(self, script: CompiledScript | None) -> None:
        """Run ``script`` from the start (``None``: the script has errors, nothing runs)."""
        self._script = script
        if script is None:
            self.runner.clear(self.tr("The preview runs once the script has no errors."))
        else:
            self.restart()

    def set_context(self, company_id: str | None, context: Mapping[str, Any] | None) -> None:
        self.company_id = company_id
        self._context = dict(context) if context is not None else None
        self._show_company(self._context)
        self.restart()

    def restart(self) -> None:
        if self._script is not None:
            self.runner.start(self._script, self._context, company_id=self.company_id)

    def choose_company(self, company_id: str) -> None:
        """Load the company's card on a worker and run the script against it."""
        db, agent = self._db, self._agent
        if db is None:
            return

        def load() -> dict[str, Any]:
            with db.read() as session:
                return context_for(session, company_id, agent)

        def done(context: dict[str, Any]) -> None:
            self.set_context(company_id, context)
            self.companyChosen.emit(company_id)

        self._tasks.run_op(load, done, self._failed)

    # --------------------------------------------------------------------- internals

    def _run_search(self) -> None:
        db = self._db
        text = self.search.text().strip()
        self._search_gen += 1
        gen = self._search_gen
        if db is None or not text:
            self._show_results(gen, [])
            return

        def find() -> list[dict[str, Any]]:
            with db.read() as session:
                return companies.search(session, companies.SearchQuery(text=text), limit=20)

        self._tasks.run_op(find, lambda rows: self._show_results(gen, rows), self._failed)

    def _show_results(self, gen: int, rows: list[dict[str, Any]]) -> None:
        if gen != self._search_gen:
            return  # an older search answered late
        self.results_model.clear()
        for row in rows:
            where = ", ".join(p for p in (row.get("city"), row.get("nip")) if p)
            item = QStandardItem(f"{row['name']} — {where}" if where else row["name"])
            item.setData(row["id"], ID_ROLE)
            self.results_model.appendRow(item)
        self.results.setVisible(bool(rows) or bool(self.search.text().strip()))
        if not rows and self.search.text().strip():
            item = QStandardItem(self.tr("No company matches."))
            item.setEnabled(False)
            self.results_model.appendRow(item)
        self.searched.emit(len(rows))

    def _choose_first(self) -> None:
        index = self.results_model.index(0, 0)
        if index.isValid() and index.data(ID_ROLE):
            self._choose(index)

    def _choose(self, index: QModelIndex) -> None:
        company_id = index.data(ID_ROLE)
        if company_id:
            self.results.hide()
            self.choose_company(str(company_id))

    def _show_company(self, context: Mapping[str, Any] | None) -> None:
        company = (context or {}).get("company") or {}
        if company.get("name"):
            self.chosen.setText(self.tr("Preview as a call to {name}").format(name=company["name"]))
        else:
            self.chosen.setText(
                self.tr("Preview without a company: merge fields show their fallbacks.")
            )

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            log.error("the script preview could not load its data", exc_info=exc)
        self.chosen.setText(describe(exc, None))
