"""The company card: profile, address, phones, segments, and tabs with the contacts,
the qualification answers grouped by topic and the history timeline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import UserError
from app.services import companies, lookups
from widgets.contacts_panel import ContactsPanel
from widgets.display import format_nip, format_number, format_phone
from widgets.history_view import HistoryView
from widgets.qualification_panel import QualificationPanel
from widgets.tasks import TaskRunner


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CompanyCard(QWidget):
    """Shows one company; ``show_company(id)`` loads it on a worker."""

    loaded = Signal(str)  # the id of the company now shown
    failed = Signal(object)  # an unexpected exception (expected ones are shown in place)

    def __init__(
        self, db: Database, runner: TaskRunner, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._language = language
        self._company_id: str | None = None
        self._requested: str | None = None
        self._reference: dict[str, Any] | None = None  # field groups, dispositions, segments

        self._stack = QStackedWidget()
        self._placeholder = QLabel(
            self.tr(
                "Choose a company in the list to see its card.\n\n"
                "Search by name, NIP, phone number or town. "
                "Ctrl+F jumps to the search box, Esc clears it, "
                "Enter opens the highlighted company."
            )
        )
        self._placeholder.setObjectName("emptyHint")
        self._placeholder.setWordWrap(True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setMargin(24)
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    def _build_content(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 4, 4, 4)
        self._title = QLabel()
        self._title.setObjectName("cardTitle")
        self._title.setWordWrap(True)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self._title.setFont(font)
        layout.addWidget(self._title)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(3)
        self._ids = self._value_label()
        self._address = self._value_label()
        self._phones = self._value_label()
        self._online = self._value_label()
        self._business = self._value_label()
        form.addRow(self.tr("Tax IDs:"), self._ids)
        form.addRow(self.tr("Address:"), self._address)
        form.addRow(self.tr("Phones:"), self._phones)
        form.addRow(self.tr("E-mail, web:"), self._online)
        form.addRow(self.tr("Business:"), self._business)
        self._chips = QWidget()
        self._chips_layout = QHBoxLayout(self._chips)
        self._chips_layout.setContentsMargins(0, 0, 0, 0)
        self._chips_layout.setSpacing(4)
        form.addRow(self.tr("Segments:"), self._chips)
        layout.addLayout(form)

        self._tabs = QTabWidget()
        self._contacts = ContactsPanel(self._language)
        self._fields = QualificationPanel(self._language)
        self._history = HistoryView(self._language)
        self._tabs.addTab(self._contacts, "")
        self._tabs.addTab(self._fields, "")
        self._tabs.addTab(self._history, "")
        layout.addWidget(self._tabs, 1)
        return content

    @staticmethod
    def _value_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # ---- public -----------------------------------------------------------------
    def company_id(self) -> str | None:
        return self._company_id

    def tabs(self) -> QTabWidget:
        return self._tabs

    def contacts_panel(self) -> ContactsPanel:
        return self._contacts

    def qualification_panel(self) -> QualificationPanel:
        return self._fields

    def history_view(self) -> HistoryView:
        return self._history

    def clear(self) -> None:
        self._company_id = self._requested = None
        self._stack.setCurrentIndex(0)

    def show_company(self, company_id: str) -> None:
        """Load and show ``company_id`` (answers for an earlier request are dropped)."""
        if company_id in (self._requested, self._company_id):
            return
        self._requested = company_id
        db, need_reference = self._db, self._reference is None

        def load() -> dict[str, Any]:
            with db.read() as session:
                result: dict[str, Any] = {"card": companies.company_card(session, company_id)}
                if need_reference:
                    result["groups"] = companies.field_groups(session)
                    result["dispositions"] = lookups.dispositions(session)
                    result["segments"] = lookups.segments(session)
                return result

        self._runner.run_op(
            load,
            lambda data: self._loaded(company_id, data),
            lambda exc: self._failed(company_id, exc),
        )

    # ---- results ----------------------------------------------------------------
    def _failed(self, company_id: str, exc: BaseException) -> None:
        if company_id != self._requested:
            return
        self._requested = None
        if isinstance(exc, UserError):
            self._company_id = None
            self._placeholder.setText(exc.message)
            self._stack.setCurrentIndex(0)
        else:
            self.failed.emit(exc)

    def _loaded(self, company_id: str, data: dict[str, Any]) -> None:
        if company_id != self._requested:
            return
        if "groups" in data:
            self._reference = {
                "groups": data["groups"],
                "dispositions": data["dispositions"],
                "colors": {s["key"]: s["color"] for s in data["segments"]},
            }
        ref = self._reference or {"groups": [], "dispositions": {}, "colors": {}}
        card = data["card"]
        self._requested = None
        self._company_id = company_id
        self._fill_header(card, ref["colors"])
        self._contacts.set_contacts(card["contacts"])
        self._fields.set_values(ref["groups"], card["fields"])
        self._history.set_events(card["history"], ref["dispositions"])
        total_fields = sum(len(g["fields"]) for g in ref["groups"])
        self._tabs.setTabText(0, self.tr("Contacts ({n})").format(n=len(card["contacts"])))
        self._tabs.setTabText(
            1,
            self.tr("Qualification ({filled}/{total})").format(
                filled=self._fields.answered, total=total_fields
            ),
        )
        self._tabs.setTabText(2, self.tr("History ({n})").format(n=len(card["history"])))
        self._stack.setCurrentIndex(1)
        self.loaded.emit(company_id)

    def _fill_header(self, card: dict[str, Any], colors: dict[str, str | None]) -> None:
        self._title.setText(card["name"])
        ids = []
        if card.get("nip"):
            ids.append(self.tr("NIP {nip}").format(nip=format_nip(card["nip"])))
        if card.get("regon"):
            ids.append(self.tr("REGON {regon}").format(regon=card["regon"]))
        self._ids.setText(" · ".join(ids) or "—")
        a = card["address"]
        street = " ".join(p for p in (a.get("street"), a.get("building")) if p)
        if a.get("flat"):
            street = f"{street}/{a['flat']}"
        town = " ".join(p for p in (a.get("postcode"), a.get("city")) if p)
        region = lookups.voivodeship_name(a.get("voivodeship"))
        region = self.tr("{name} voivodeship").format(name=region) if region else ""
        self._address.setText(", ".join(p for p in (street, town, region) if p) or "—")
        numbers = [format_phone(card.get("phone"))] if card.get("phone") else []
        for p in card.get("phones", []):
            shown = format_phone(p["number"])
            if shown not in numbers:
                numbers.append(shown)
        self._phones.setText(", ".join(numbers) or "—")
        self._online.setText(
            " · ".join(p for p in (card.get("email"), card.get("website")) if p) or "—"
        )
        business = []
        if card.get("industry"):
            business.append(card["industry"])
        if card.get("employees"):
            business.append(
                self.tr("{n} employees").format(n=format_number(card["employees"], self._language))
            )
        self._business.setText(" · ".join(business) or "—")
        self._set_chips(card.get("segments", []), colors)

    def _set_chips(self, segments: list[dict[str, Any]], colors: dict[str, str | None]) -> None:
        while self._chips_layout.count():
            item = self._chips_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not segments:
            none = QLabel(self.tr("none"))
            none.setObjectName("secondary")
            self._chips_layout.addWidget(none)
        for s in segments:
            chip = QLabel(s["name_pl"] if self._language == "pl" else s["name_en"])
            chip.setObjectName("segmentChip")
            chip.setFrameShape(QFrame.Shape.NoFrame)
            color = colors.get(s["key"]) or "#546e7a"
            chip.setStyleSheet(
                f"QLabel {{ background: {color}; color: white; border-radius: 8px;"
                " padding: 1px 8px; }"
            )
            self._chips_layout.addWidget(chip)
        self._chips_layout.addStretch(1)
