"""A company's qualification answers, grouped by topic (read-only for now)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from widgets import labels
from widgets.display import format_date, format_number


class QualificationPanel(QScrollArea):
    """One box per field group (fleet, purchasing, decision makers …) with every field
    of the group: its label in the UI language and the answer, or a dash."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.answered = 0
        self.set_values([], {})

    def set_values(self, groups: list[dict[str, Any]], values: dict[str, Any]) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        self.answered = 0
        if not groups:
            empty = QLabel(self.tr("No qualification fields are defined in this workspace."))
            empty.setObjectName("emptyHint")
            layout.addWidget(empty)
        for group in groups:
            fields = group["fields"]
            filled = sum(1 for f in fields if _present(values.get(f["key"])))
            self.answered += filled
            box = QGroupBox(
                self.tr("{group} ({filled} of {total})").format(
                    group=labels.field_group(group["group"]), filled=filled, total=len(fields)
                )
            )
            box.setObjectName(f"group_{group['group']}")
            # One rich-text table per group: it wraps long labels and values correctly
            # (word-wrapped QLabels in a QFormLayout get clipped) and is cheap to build.
            rows = []
            for f in fields:
                label = f["label_pl"] if self._language == "pl" else f["label_en"]
                value = values.get(f["key"])
                shown = (
                    html.escape(self.format_value(f, value))
                    if _present(value)
                    else "<span style='color:#9e9e9e'>—</span>"
                )
                rows.append(
                    f"<tr><td width='58%' style='color:#444'>{html.escape(label)}</td>"
                    f"<td>{shown}</td></tr>"
                )
            table = QLabel(
                "<table width='100%' cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"
            )
            table.setObjectName("fieldTable")
            table.setWordWrap(True)
            table.setTextFormat(Qt.TextFormat.RichText)
            table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            QVBoxLayout(box).addWidget(table)
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)

    def format_value(self, field: dict[str, Any], value: Any) -> str:
        kind = field.get("type")
        if kind == "bool":
            return self.tr("Yes") if value else self.tr("No")
        if kind in ("choice", "multi_choice"):
            names = {
                c["value"]: c["label_pl"] if self._language == "pl" else c["label_en"]
                for c in field.get("choices") or []
            }
            items = value if isinstance(value, list) else [value]
            return ", ".join(names.get(str(v), str(v)) for v in items)
        if kind in ("int", "decimal") and isinstance(value, int | float):
            return format_number(value, self._language)
        if kind == "date" and isinstance(value, str):
            try:
                return format_date(value, self._language)
            except ValueError:
                return value
        if isinstance(value, dt.date):
            return format_date(value.isoformat(), self._language)
        return str(value)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []
