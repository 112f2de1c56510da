"""Help → Show log: the latest log lines of this session, for support."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class LogDialog(QDialog):
    """Shows the in-memory log records; Copy puts them on the clipboard."""

    def __init__(
        self,
        records: Iterable[str],
        log_file: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._records = records
        self.setWindowTitle(self.tr("Prospector log"))
        self.resize(900, 520)
        where = QLabel(
            self.tr("Log file: {path}").format(path=log_file)
            if log_file
            else self.tr("This session is not writing a log file.")
        )
        where.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = QPushButton(self.tr("Refresh"))
        copy = QPushButton(self.tr("Copy all"))
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        refresh.clicked.connect(self.refresh)
        copy.clicked.connect(self._copy)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        lines = list(self._records)
        self.text.setPlainText(
            "\n".join(lines) if lines else self.tr("Nothing has been logged yet.")
        )
        self.text.moveCursor(QTextCursor.MoveOperation.End)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
