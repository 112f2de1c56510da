"""The GUI bootstrap: the only module outside ``widgets`` that imports it.

``run_gui`` sets up the application (name, logging, crash handler, translations),
opens the workspace (building the demo one first with ``--demo``), shows the main
window and returns the exit code.
"""

from __future__ import annotations

import logging
import os
import sys
from importlib import resources
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app import __version__
from app.config import APP_NAME, Profile, Settings, resolve_profile
from app.db import Database, open_profile
from app.errors import UserError
from app.logs import setup_logging
from widgets.errors import install_crash_handler
from widgets.main_window import MainWindow
from widgets.tasks import TaskRunner

log = logging.getLogger(__name__)

LANGUAGES = ("pl", "en")
EXIT_AFTER_PAINT = "PROSPECTOR_EXIT_AFTER_PAINT"


translate = QCoreApplication.translate  # lupdate reads translate("Startup", "…") calls


def choose_language(cli: str | None, setting: str, system: QLocale) -> str:
    """``--lang`` first, then the saved setting, then the system: Polish on a Polish
    system, English otherwise."""
    for choice in (cli, setting):
        if choice in LANGUAGES:
            return str(choice)
    return "pl" if system.language() == QLocale.Language.Polish else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Prospector's catalogue for ``language`` (and Qt's own, for Polish) into
    ``app``. Returns the installed translators; keep them alive while they are used."""
    installed: list[QTranslator] = []
    if language == "pl":
        QLocale.setDefault(QLocale(QLocale.Language.Polish, QLocale.Country.Poland))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(QLocale(QLocale.Language.Polish), "qtbase", "_", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
        else:
            log.info("Qt's own Polish translations were not found in %s", qt_dir)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    catalogue = resources.files("resources.translations").joinpath(f"prospector_{language}.qm")
    ours = QTranslator(app)
    if not catalogue.is_file():
        log.warning("translation catalogue %s is missing (run 'make translations')", catalogue)
        return installed
    with resources.as_file(catalogue) as path:
        loaded = ours.load(str(path))
    if loaded:
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("could not load the translation catalogue %s", catalogue)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def build_demo_workspace(profile: Profile, runner: TaskRunner) -> dict[str, Any]:
    """Build the demo workspace on a worker while a small modal message is shown."""
    from app.services.demo import build_demo

    progress = QProgressDialog(
        translate("Startup", "Building the demo workspace (5,000 Polish companies)…"), "", 0, 0
    )
    progress.setWindowTitle(APP_NAME)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.show()
    outcome: dict[str, Any] = {}
    runner.run_op(
        lambda: build_demo(profile),
        lambda result: outcome.update(result=result),
        lambda exc: outcome.update(error=exc),
        write=True,
    )
    # Not a nested QEventLoop: after an earlier quit() it would return at once.
    while not outcome:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    progress.close()
    progress.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    log.info("demo workspace built: %s", outcome["result"])
    return dict(outcome["result"])


class _QuitAfterPaint(QObject):
    """For the startup benchmark: quit as soon as the window has painted once."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QCoreApplication.quit)
        return False


def _refuse(message: str) -> int:
    log.error("cannot open the workspace: %s", message)
    QMessageBox.critical(None, APP_NAME, message)
    return 1


def run_gui(profile_dir: str | None, demo: bool = False, lang: str | None = None) -> int:
    """Run the desktop app; returns the process exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    profile = resolve_profile(profile_dir)
    log_file = setup_logging(profile.root)
    previous_hook = sys.excepthook
    install_crash_handler(log_file)
    settings = Settings(profile)
    language = choose_language(lang, str(settings.get("ui/language")), QLocale.system())
    translators = install_translators(app, language)
    runner = TaskRunner()
    db: Database | None = None
    try:
        if demo and not profile.exists():
            try:
                build_demo_workspace(profile, runner)
            except UserError as exc:
                return _refuse(exc.message)
        try:
            db = open_profile(profile, create=True)
        except UserError as exc:
            return _refuse(
                translate("Startup", "Prospector cannot open the workspace.") + "\n\n" + exc.message
            )
        window = MainWindow(
            db=db,
            runner=runner,
            profile=profile,
            settings=settings,
            language=language,
            log_file=log_file,
        )
        window.resize(1280, 800)
        if os.environ.get(EXIT_AFTER_PAINT) == "1":
            quitter = _QuitAfterPaint(window)
            window.installEventFilter(quitter)
        window.show()
        log.info("Prospector %s started on %s (%s)", __version__, profile.root, language)
        code = app.exec()
        window.hide()  # not close(): that would post another quit for later loops
        window.deleteLater()
        return int(code)
    finally:
        runner.wait()
        if db is not None:
            db.dispose()
        remove_translators(app, translators)
        sys.excepthook = previous_hook
