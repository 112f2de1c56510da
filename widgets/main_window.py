"""The main window: navigation between the sections, menus and the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.config import Profile, Settings
from app.db import Database
from app.logs import ring
from app.services import lookups
from widgets.admin_page import AdminPage
from widgets.agent_console_page import AgentConsolePage
from widgets.companies_view import CompaniesView
from widgets.dashboard_page import DashboardPage
from widgets.errors import show_error
from widgets.log_dialog import LogDialog
from widgets.meetings_page import MeetingsPage
from widgets.tasks import TaskRunner

PAGES = ("agent", "companies", "meetings", "dashboard", "admin")


class MainWindow(QMainWindow):
    """Agent console, Companies, Meetings, Dashboard and Admin behind one navigation."""

    totalChanged = Signal(int)  # companies in the workspace, once counted

    def __init__(
        self,
        *,
        db: Database,
        runner: TaskRunner,
        profile: Profile,
        settings: Settings,
        language: str,
        log_file: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._profile = profile
        self._settings = settings
        self._language = language
        self._log_file = log_file
        self.setWindowTitle(self.tr("Prospector — {workspace}").format(workspace=profile.root.name))
        self.setMinimumSize(QSize(960, 600))

        self.agent_page = AgentConsolePage(db, runner)
        self.companies_page = CompaniesView(
            db, runner, language, page_size=max(20, int(settings.get("ui/page_size")))
        )
        self.meetings_page = MeetingsPage(db, runner, language)
        self.dashboard_page = DashboardPage(db, runner, language)
        self.admin_page = AdminPage(db, runner, language)
        self.pages: dict[str, QWidget] = {
            "agent": self.agent_page,
            "companies": self.companies_page,
            "meetings": self.meetings_page,
            "dashboard": self.dashboard_page,
            "admin": self.admin_page,
        }
        self.stack = QStackedWidget()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(160)
        self.navigation.setSpacing(2)
        names = {
            "agent": self.tr("Agent console"),
            "companies": self.tr("Companies"),
            "meetings": self.tr("Meetings"),
            "dashboard": self.tr("Dashboard"),
            "admin": self.tr("Admin"),
        }
        for number, key in enumerate(PAGES, start=1):
            item = QListWidgetItem(names[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            shortcut = QKeySequence(f"Ctrl+{number}")
            item.setToolTip(shortcut.toString(QKeySequence.SequenceFormat.NativeText))
            item.setSizeHint(QSize(150, 34))
            self.navigation.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)

        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(4, 4, 0, 0)
        body_layout.setSpacing(4)
        body_layout.addWidget(self.navigation)
        body_layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self.workspace_label = QLabel(self.tr("Workspace: {path}").format(path=profile.root))
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.total_label = QLabel(self.tr("Counting companies…"))
        self.total_label.setObjectName("totalLabel")
        self.statusBar().addWidget(self.workspace_label, 1)
        self.statusBar().addPermanentWidget(self.total_label)

        self._build_menus(names)
        for page in (
            self.agent_page,
            self.companies_page,
            self.meetings_page,
            self.dashboard_page,
            self.admin_page,
        ):
            page.failed.connect(self.show_error)
        self.agent_page.campaignChosen.connect(self.browse_campaign)
        self.meetings_page.companyRequested.connect(self.open_company)
        self.show_page("companies")
        self.refresh_total()

    # ---- menus -----------------------------------------------------------------
    def _build_menus(self, names: dict[str, str]) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        find = QAction(self.tr("&Find company"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.find_company)
        view_menu.addAction(find)
        view_menu.addSeparator()
        for number, key in enumerate(PAGES, start=1):
            action = QAction(names[key], self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=key: self.show_page(key))
            view_menu.addAction(action)
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for code, name in (("pl", "Polski"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self._language)
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        show_log = QAction(self.tr("Show &log"), self)
        show_log.triggered.connect(self.show_log)
        help_menu.addAction(show_log)
        about = QAction(self.tr("&About Prospector"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    # ---- navigation ------------------------------------------------------------
    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(PAGES.index(key))

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def find_company(self) -> None:
        self.show_page("companies")
        self.companies_page.focus_search()

    def open_company(self, company_id: str) -> None:
        self.show_page("companies")
        self.companies_page.card.show_company(company_id)

    def browse_campaign(self, campaign: str, status: str = "") -> None:
        self.show_page("companies")
        self.companies_page.set_campaign_filter(campaign, status or None)

    # ---- status bar ------------------------------------------------------------
    def refresh_total(self) -> None:
        db = self._db

        def count() -> int:
            with db.read() as session:
                return lookups.company_total(session)

        self._runner.run_op(count, self._show_total, self.show_error)

    def _show_total(self, n: int) -> None:
        self.total_label.setText(self.tr("%Ln companies in the workspace", "", n))
        self.totalChanged.emit(n)

    # ---- settings, help, errors ------------------------------------------------
    def set_language(self, code: str) -> None:
        """Save the UI language; it applies the next time Prospector starts."""
        if code == self._settings.get("ui/language") and code == self._language:
            return
        self._settings.set("ui/language", code)
        self.language_actions[code].setChecked(True)
        if code == self._language:
            return
        language = {"pl": "Polski", "en": "English"}[code]
        message = self.tr(
            "The interface will switch to {language} the next time Prospector starts."
        ).format(language=language)
        self.statusBar().showMessage(message, 15000)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Language"),
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_log(self) -> None:
        dialog = LogDialog(ring.records, self._log_file, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Prospector"),
            self.tr(
                "<h3>Prospector {version}</h3>"
                "<p>A desktop agent console for outbound telemarketing: lead generation "
                "and qualification, Foot In The Door appointment setting and customer "
                "development calls.</p><p>Workspace: {path}</p>"
            ).format(version=__version__, path=self._profile.root),
        )

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc, self._log_file)
