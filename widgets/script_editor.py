"""The script editor (administrators): a call script's YAML with live validation.

Left: the YAML and, under it, every problem the validator finds (errors, then
warnings) with its node and line — clicking one puts the cursor on that line. Right: a
preview that runs the script against a company (:class:`~widgets.script_preview.
ScriptPreview`) and a read-only graph of the nodes (:class:`~widgets.script_graph.
ScriptGraph`; double-click a node to find it in the text).

Validation runs a moment after typing stops, on a worker (a 500-node script takes tens of
milliseconds); answers that arrive after a newer edit are dropped. Scripts are files:
Open and Save work on a file the admin chooses; the version shown is the engine's
content hash, which every call attempt records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from scripts_lead_gen.fields import FieldSpec
from scripts_lead_gen.library import bundled_script_text, list_bundled_scripts
from scripts_lead_gen.validate import (
    CompiledScript,
    Report,
    ScriptInvalid,
    compile_script,
    validate_script,
)
from widgets.errors import show_error
from widgets.script_graph import ScriptGraph
from widgets.script_preview import ScriptPreview
from widgets.tasks import TaskRunner

VALIDATE_DELAY_MS = 400
LINE_ROLE = 0x0101  # Qt.UserRole + 1
NODE_ROLE = 0x0102


def check_script(
    text: str, fields: Sequence[FieldSpec] | None
) -> tuple[Report, CompiledScript | None]:
    """Validate, and compile when valid (what the worker runs)."""
    report = validate_script(text, fields)
    compiled = None
    if report.ok:
        try:
            compiled = compile_script(text, fields)
        except ScriptInvalid as exc:  # pragma: no cover - validate said ok
            report = exc.report
    return report, compiled


class ScriptEditor(QWidget):
    """Edit, check, preview and save one call script."""

    validated = Signal(object)
    """the :class:`~scripts_lead_gen.validate.Report` of the text now in the editor."""
    saved = Signal(str)
    """the path written."""

    def __init__(
        self,
        db: Database | None,
        tasks: TaskRunner,
        fields: Sequence[FieldSpec] | None = None,
        language: str = "pl",
        *,
        agent_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``db`` lets the preview find companies (``None``: preview without one);
        ``fields`` is the workspace's field catalogue (default: the bundled one)."""
        super().__init__(parent)
        self._tasks = tasks
        self._fields = list(fields) if fields is not None else None
        self._language = language
        self._gen = 0
        self.path: Path | None = None
        self.report: Report | None = None
        self.compiled: CompiledScript | None = None
        self.setObjectName("scriptEditor")

        self.bundled = QComboBox()
        self.bundled.setObjectName("bundledScripts")
        self.bundled.addItem(self.tr("Start from a bundled script…"), None)
        for info in list_bundled_scripts():
            title = info["title_en"] if language == "en" and info["title_en"] else info["title"]
            self.bundled.addItem(title, info["file"])
        open_button = QPushButton(self.tr("Open…"))
        open_button.setObjectName("openScript")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveScript")
        self.save_button.setShortcut("Ctrl+S")
        save_as = QPushButton(self.tr("Save as…"))
        save_as.setObjectName("saveScriptAs")
        self.file_label = QLabel()
        self.file_label.setObjectName("scriptFile")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.text = QPlainTextEdit()
        self.text.setObjectName("scriptText")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setTabChangesFocus(False)
        self.text.setPlaceholderText(self.tr("Open a script file, or start from a bundled script."))
        self.summary = QLabel()
        self.summary.setObjectName("problemSummary")
        self.problems_model = QStandardItemModel(0, 3, self)
        self.problems_model.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Node"), self.tr("Problem")]
        )
        self.problems = QTreeView()
        self.problems.setObjectName("problemList")
        self.problems.setModel(self.problems_model)
        self.problems.setRootIsDecorated(False)
        self.problems.setAlternatingRowColors(True)
        self.problems.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        header = self.problems.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.preview = ScriptPreview(db, tasks, language, agent_name=agent_name, parent=self)
        self.graph = ScriptGraph()
        fit = QPushButton(self.tr("Fit to window"))
        fit.setObjectName("fitGraph")
        graph_page = QWidget()
        graph_layout = QVBoxLayout(graph_page)
        graph_layout.setContentsMargins(0, 0, 0, 0)
        graph_hint = QLabel(
            self.tr("Ctrl+wheel zooms; double-click a node to find it in the text.")
        )
        graph_hint.setWordWrap(True)
        graph_bar = QHBoxLayout()
        graph_bar.addWidget(graph_hint, 1)
        graph_bar.addWidget(fit)
        graph_layout.addLayout(graph_bar)
        graph_layout.addWidget(self.graph, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("scriptTabs")
        self.tabs.addTab(self.preview, self.tr("Preview"))
        self.tabs.addTab(graph_page, self.tr("Graph"))

        bar = QHBoxLayout()
        bar.addWidget(self.bundled)
        bar.addWidget(open_button)
        bar.addWidget(self.save_button)
        bar.addWidget(save_as)
        bar.addWidget(self.file_label, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        self._left = left
        left.addWidget(self.text)
        problems_box = QWidget()
        self._problems_box = problems_box
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.summary)
        problems_layout.addWidget(self.problems)
        left.addWidget(problems_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self.validate_now)
        self.text.textChanged.connect(self._timer.start)
        self.text.document().modificationChanged.connect(lambda _m: self._show_file())
        self.problems.clicked.connect(self._problem_clicked)
        self.problems.activated.connect(self._problem_clicked)
        self.graph.nodeActivated.connect(self.jump_to_node)
        fit.clicked.connect(self.graph.fit)
        self.bundled.activated.connect(self._bundled_chosen)
        open_button.clicked.connect(self.open_dialog)
        self.save_button.clicked.connect(self.save)
        save_as.clicked.connect(self.save_as)
        self._show_file()
        self._show_report(None)

    # ------------------------------------------------------------------- the text

    def set_text(self, text: str, path: Path | None = None) -> None:
        """Replace the script in the editor (unmodified; validated at once)."""
        self.path = path
        self.text.setPlainText(text)
        self.text.document().setModified(False)
        self._show_file()
        self.validate_now()

    def open_file(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(
                self,
                self.tr("Open a script"),
                self.tr("{path} cannot be read as a UTF-8 text file ({reason}).").format(
                    path=path, reason=exc
                ),
            )
            return
        self.set_text(text, path)

    def save_to(self, path: Path) -> None:
        """Write the text to ``path`` (UTF-8) and make it the editor's file."""
        try:
            path.write_text(self.text.toPlainText(), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Save the script"),
                self.tr("{path} cannot be written ({reason}).").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return
        self.path = path
        self.text.document().setModified(False)
        self._show_file()
        self.saved.emit(str(path))

    def open_dialog(self) -> None:
        if not self._may_discard():
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a script"),
            str(self.path or ""),
            self.tr("Call scripts (*.yaml *.yml)"),
        )
        if name:
            self.open_file(Path(name))

    def save(self) -> None:
        if self.path is None:
            self.save_as()
        else:
            self.save_to(self.path)

    def save_as(self) -> None:
        start = str(self.path) if self.path else self._suggested_name()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the script"), start, self.tr("Call scripts (*.yaml *.yml)")
        )
        if name:
            path = Path(name)
            self.save_to(path if path.suffix else path.with_suffix(".yaml"))

    def _suggested_name(self) -> str:
        script = self.report.script if self.report is not None else None
        return f"{script.id}.yaml" if script is not None else "script.yaml"

    def _may_discard(self) -> bool:
        if not self.text.document().isModified():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The script has changes that are not saved. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _bundled_chosen(self, index: int) -> None:
        file_name = self.bundled.itemData(index)
        self.bundled.setCurrentIndex(0)
        if file_name and self._may_discard():
            self.set_text(bundled_script_text(str(file_name)))

    def _show_file(self) -> None:
        parts = [str(self.path) if self.path else self.tr("not saved to a file yet")]
        if self.report is not None and self.report.script is not None:
            parts.append(self.tr("version {version}").format(version=self.report.script.version))
        if self.text.document().isModified():
            parts.append(self.tr("modified"))
        self.file_label.setText(" · ".join(parts))

    # -------------------------------------------------------------------- checking

    def validate_now(self) -> None:
        """Check the text on a worker; :attr:`validated` reports the result."""
        self._timer.stop()
        self._gen += 1
        gen = self._gen
        text = self.text.toPlainText()
        fields = self._fields
        self._tasks.run_op(
            lambda: check_script(text, fields),
            lambda result: self._checked(gen, result),
            lambda exc: show_error(self, exc),
        )

    def _checked(self, gen: int, result: tuple[Report, CompiledScript | None]) -> None:
        if gen != self._gen:
            return  # the text changed since: a newer check is on its way
        report, compiled = result
        previous = self.report.script if self.report is not None else None
        self.report = report
        self._show_report(report)
        if report.script is not None and (
            previous is None or previous.version != report.script.version
        ):
            self.graph.set_script(report.script)
            self.graph.fit_width()
        elif report.script is None:
            self.graph.set_script(None)
        if compiled is None:
            self.compiled = None
            self.preview.set_script(None)
        elif self.compiled is None or compiled.version != self.compiled.version:
            self.compiled = compiled
            self.preview.set_script(compiled)
        self._show_file()
        self.validated.emit(report)

    def _show_report(self, report: Report | None) -> None:
        model = self.problems_model
        model.removeRows(0, model.rowCount())
        listed = report is not None and bool(report.errors or report.warnings)
        if listed and self.problems.isHidden():  # give the list its room back
            self._problems_box.setMaximumHeight(16_777_215)
            total = max(sum(self._left.sizes()), 400)
            self._left.setSizes([total * 7 // 10, total * 3 // 10])
        elif not listed:  # no empty table: the text gets the room
            self._problems_box.setMaximumHeight(self.summary.sizeHint().height() + 6)
        self.problems.setVisible(listed)
        if report is None:
            self.summary.setText("")
            return
        errors, warnings = len(report.errors), len(report.warnings)
        if not errors and not warnings:
            self.summary.setText(self.tr("No problems found: the script can run."))
        elif not errors:
            self.summary.setText(
                self.tr("The script can run. Warnings to look at: {n}.").format(n=warnings)
            )
        else:
            self.summary.setText(
                self.tr(
                    "The script cannot run yet. Errors: {errors}, warnings: {warnings}."
                ).format(errors=errors, warnings=warnings)
            )
        red, amber = QColor("#c62828"), QColor("#8d6e00")
        for problems, colour, kind in (
            (report.errors, red, self.tr("Error")),
            (report.warnings, amber, self.tr("Warning")),
        ):
            for problem in problems:
                line = QStandardItem(str(problem.line) if problem.line else "")
                line.setData(problem.line, LINE_ROLE)
                line.setData(problem.node, NODE_ROLE)
                node = QStandardItem(problem.node or "—")
                message = QStandardItem(f"{kind}: {problem.message}")
                message.setForeground(colour)
                message.setToolTip(problem.message)
                model.appendRow([line, node, message])

    # ----------------------------------------------------------------------- jumps

    def _problem_clicked(self, index: QModelIndex) -> None:
        first = index.siblingAtColumn(0)
        line = first.data(LINE_ROLE)
        node = first.data(NODE_ROLE)
        if isinstance(line, int) and line > 0:
            self.jump_to_line(line)
        elif node:
            self.jump_to_node(str(node))

    def jump_to_line(self, line: int) -> None:
        """Put the cursor at the start of ``line`` (1-based), highlighted, in view."""
        block = self.text.document().findBlockByLineNumber(max(0, line - 1))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#ffebee"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = cursor
        self.text.setExtraSelections([selection])
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def jump_to_node(self, node_id: str) -> None:
        """Find ``id: node_id`` in the text and go to its line."""
        pattern = re.compile(rf"^\s*(-\s*)?id:\s*['\"]?{re.escape(node_id)}['\"]?\s*(#.*)?$")
        for number, line in enumerate(self.text.toPlainText().splitlines(), start=1):
            if pattern.match(line):
                self.jump_to_line(number)
                return

    def current_line(self) -> int:
        return self.text.textCursor().blockNumber() + 1
