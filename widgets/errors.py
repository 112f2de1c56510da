"""One way to show errors: domain errors as their message; anything unexpected as a
short notice pointing at the log file (never a stack trace in a dialog)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import UserError

log = logging.getLogger(__name__)


translate = QCoreApplication.translate  # lupdate reads translate("ErrorPresenter", "…")


def describe(exc: BaseException, log_file: Path | None) -> str:
    if isinstance(exc, UserError):
        return exc.message
    where = str(log_file) if log_file else translate("ErrorPresenter", "the application log")
    return translate(
        "ErrorPresenter", "Something went wrong. The details were written to {log}."
    ).format(log=where)


def show_error(parent: QWidget | None, exc: BaseException, log_file: Path | None = None) -> None:
    if not isinstance(exc, UserError):
        log.error("unexpected error", exc_info=exc)
    QMessageBox.warning(parent, translate("ErrorPresenter", "Prospector"), describe(exc, log_file))


def install_crash_handler(log_file: Path | None) -> None:
    """Unhandled exceptions: log them, then tell the user briefly where the log is."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        if QCoreApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        where = str(log_file) if log_file else translate("ErrorPresenter", "the application log")
        QMessageBox.critical(
            None,
            translate("ErrorPresenter", "Prospector"),
            translate(
                "ErrorPresenter",
                "Prospector hit an unexpected problem and may need to be restarted. "
                "Your saved work is safe. Details: {log}",
            ).format(log=where),
        )

    sys.excepthook = hook
