"""A company's contact history, newest first: calls, callbacks, meetings, consents."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from widgets import labels
from widgets.display import format_datetime, format_duration

# kind → (badge colour, glyph)
_BADGES = {
    "call": ("#1565c0", "☎"),
    "callback": ("#ef6c00", "↻"),
    "meeting": ("#2e7d32", "⚑"),
    "consent": ("#6a1b9a", "✓"),
}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def _badge(color: str, glyph: str) -> QIcon:
    pixmap = QPixmap(28, 28)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(1, 1, 26, 26))
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(15)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, 28, 28), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QIcon(pixmap)


class HistoryView(QListView):
    """The timeline as a list (an item model: a company's history can grow long)."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setIconSize(QSize(28, 28))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSpacing(3)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._icons: dict[str, QIcon] = {}

    def events(self) -> int:
        return self._model.rowCount()

    def set_events(self, events: list[dict[str, Any]], dispositions: dict[str, Any]) -> None:
        self._model.clear()
        if not events:
            item = QStandardItem(self.tr("No calls, callbacks or meetings yet."))
            item.setEnabled(False)
            self._model.appendRow(item)
            return
        for event in events:
            kind = event.get("kind", "")
            when = format_datetime(event.get("at"), self._language)
            title, detail = self.describe(event, dispositions)
            item = QStandardItem(f"{when} · {title}\n{detail}" if detail else f"{when} · {title}")
            item.setIcon(self._icon(kind))
            item.setData(kind, KIND_ROLE)
            item.setEditable(False)
            if event.get("note"):
                item.setToolTip(event["note"])
            self._model.appendRow(item)

    def _icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            color, glyph = _BADGES.get(kind, ("#757575", "•"))
            self._icons[kind] = _badge(color, glyph)
        return self._icons[kind]

    def describe(self, e: dict[str, Any], dispositions: dict[str, Any]) -> tuple[str, str]:
        """A headline and a detail line for one event, in the UI language."""
        kind = e.get("kind")
        lang = self._language
        if kind == "call":
            code = e.get("disposition") or ""
            d = dispositions.get(code)
            outcome = (d["label_pl"] if lang == "pl" else d["label_en"]) if d else code
            title = self.tr("Call: {outcome}").format(outcome=outcome)
            detail = self.tr("{campaign} · {agent}").format(
                campaign=e.get("campaign") or "", agent=e.get("agent") or ""
            )
            if e.get("talk_seconds"):
                detail += " · " + self.tr("talk {duration}").format(
                    duration=format_duration(e["talk_seconds"])
                )
        elif kind == "callback":
            title = self.tr("Callback due {due}").format(due=format_datetime(e.get("due_at"), lang))
            detail = labels.callback_status(e.get("status"))
            if e.get("shared"):
                detail += " · " + self.tr("shared with the campaign's agents")
        elif kind == "meeting":
            title = self.tr("Meeting booked with {rep} for {start}").format(
                rep=e.get("rep") or "", start=format_datetime(e.get("start"), lang)
            )
            detail = labels.meeting_status(e.get("status"))
        elif kind == "consent":
            title = labels.consent_kind(e.get("consent"))
            detail = self.tr("channel: {channel} · source: {source}").format(
                channel=e.get("channel") or "", source=e.get("source") or ""
            )
        else:
            title, detail = str(kind), ""
        if e.get("note"):
            detail = f"{detail}\n{e['note']}" if detail else str(e["note"])
        return title, detail
