"""The people at a company, as the company card lists them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.services.lookups import contact_role
from widgets import labels
from widgets.display import day_ranges, format_phone


class ContactsPanel(QScrollArea):
    """Contacts with role, decision-maker mark, phones, e-mail and calling windows."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.set_contacts([])

    def set_contacts(self, contacts: list[dict[str, Any]]) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        if not contacts:
            empty = QLabel(self.tr("No contacts recorded for this company yet."))
            empty.setObjectName("emptyHint")
            layout.addWidget(empty)
        for contact in contacts:
            layout.addWidget(self._contact_box(contact))
        layout.addStretch(1)
        self.setWidget(body)

    def _contact_box(self, c: dict[str, Any]) -> QFrame:
        box = QFrame()
        box.setObjectName("contactBox")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        name = " ".join(p for p in (c.get("first_name"), c.get("last_name")) if p)
        name = name or self.tr("(no name)")
        title = QLabel(f"<b>{_esc(name)}</b>")
        layout.addWidget(title)
        role = contact_role(c.get("role"), self._language)
        role = role[:1].upper() + role[1:]
        if c.get("is_decision_maker"):
            role = (
                self.tr("{role} · decision maker").format(role=role)
                if role
                else self.tr("Decision maker")
            )
        if role:
            role_label = QLabel(_esc(role))
            role_label.setObjectName("secondary")
            layout.addWidget(role_label)
        lines: list[str] = []
        for phone in c.get("phones", []):
            number = format_phone(phone.get("number"))
            if phone.get("extension"):
                number = self.tr("{number} ext. {ext}").format(
                    number=number, ext=phone["extension"]
                )
            kind = labels.phone_kind(phone.get("kind"))
            lines.append(f"☎ {_esc(number)} <span style='color:#666'>{_esc(kind)}</span>")
        if c.get("email"):
            lines.append(f"✉ {_esc(c['email'])}")
        windows = self.calling_windows(c.get("calling_windows") or [])
        if windows:
            lines.append(_esc(self.tr("Best time to call: {windows}").format(windows=windows)))
        if lines:
            details = QLabel("<br>".join(lines))
            details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            details.setWordWrap(True)
            layout.addWidget(details)
        return box

    def calling_windows(self, windows: list[dict[str, Any]]) -> str:
        """[{"days": [0..4], "from": "08:00", "to": "12:00"}] → "Mon–Fri 08:00–12:00"."""
        names = labels.weekday_abbreviations()
        parts = []
        for w in windows:
            days = sorted({int(d) for d in w.get("days", []) if 0 <= int(d) <= 6})
            hours = f"{w.get('from', '')}–{w.get('to', '')}"
            parts.append(f"{day_ranges(days, names)} {hours}".strip())
        return "; ".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
