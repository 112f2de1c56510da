"""Every qualification field of the campaign, editable at any time during the call.

Fields are grouped by topic (fleet, purchasing, decision makers …), one box per group,
each field's input generated from its type (:class:`~widgets.field_editor.FieldEditor`)
with its validation message right under it. An edit is validated and saved a moment
after the agent stops typing (or at once on Enter), through the same
:class:`~widgets.answer_store.AnswerStore` as the script runner.

Staying in sync with the runner is the console's wiring::

    runner.answered.connect(form.set_value)   # an answer in the script shows here
    form.edited.connect(runner.set_value)     # an edit here feeds the script's branches
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scripts_lead_gen.fields import FIELD_GROUPS, FieldSpec
from scripts_lead_gen.values import FieldValueError, is_missing, parse_value, to_json_value
from widgets.answer_store import AnswerStore
from widgets.field_editor import FieldEditor

DEBOUNCE_MS = 700


class QualificationForm(QScrollArea):
    """The campaign's fields for one company; :meth:`load` fills it for a call."""

    edited = Signal(str, object)
    """field key, the new value (JSON form) — a valid edit by the agent, sent to the store."""

    def __init__(
        self,
        store: AnswerStore | None = None,
        language: str = "pl",
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        """``store`` saves the edits (``None``: read and validate only)."""
        super().__init__(parent)
        self._store = store
        self._language = language
        self.company_id: str | None = None
        self.editors: dict[str, FieldEditor] = {}
        self._errors: dict[str, QLabel] = {}
        self._specs: dict[str, FieldSpec] = {}
        self._boxes: dict[str, QGroupBox] = {}
        self._values: dict[str, Any] = {}
        self._dirty: list[str] = []
        self.setObjectName("qualificationForm")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.flush)
        if store is not None:
            store.failed.connect(self._save_failed)
        self.set_fields([])

    # ------------------------------------------------------------------------ public

    def group_names(self) -> dict[str, str]:
        return {
            "fleet": self.tr("Fleet"),
            "purchasing": self.tr("Tyre purchasing"),
            "decision_makers": self.tr("Decision makers"),
            "interests": self.tr("Interests"),
            "satisfaction": self.tr("Satisfaction"),
            "consent": self.tr("Consent"),
        }

    def set_fields(self, fields: Sequence[FieldSpec]) -> None:
        """Build the inputs for ``fields`` (the campaign's), grouped by topic."""
        self._timer.stop()
        self._dirty.clear()
        self.editors.clear()
        self._errors.clear()
        self._boxes.clear()
        self._specs = {f.key: f for f in fields}
        body = QWidget()
        body.setObjectName("qualificationBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        if not fields:
            empty = QLabel(self.tr("This campaign has no qualification fields."))
            empty.setObjectName("emptyHint")
            layout.addWidget(empty)
        groups: dict[str, list[FieldSpec]] = {}
        for spec in fields:
            groups.setdefault(spec.group, []).append(spec)
        known = {g: i for i, g in enumerate(FIELD_GROUPS)}
        names = self.group_names()
        for group in sorted(groups, key=lambda g: (known.get(g, len(known)), g)):
            box = QGroupBox(names.get(group, group.replace("_", " ").capitalize()))
            box.setObjectName(f"group_{group}")
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(14)
            grid.setVerticalSpacing(3)
            grid.setColumnStretch(1, 1)
            row = 0
            for spec in groups[group]:
                text = spec.label(self._language)
                if spec.required:
                    text = self.tr("{label} *").format(label=text)
                label = QLabel(text)
                label.setObjectName(f"label_{spec.key}")
                label.setWordWrap(True)
                label.setMinimumWidth(120)
                label.setMaximumWidth(240)
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                editor = FieldEditor(spec, self._language, box, compact=True)
                editor.edited.connect(lambda key=spec.key: self._edited(key))
                label.setBuddy(editor)
                error = QLabel()
                error.setObjectName(f"error_{spec.key}")
                error.setWordWrap(True)
                error.setStyleSheet("QLabel { color: #c62828; }")
                error.hide()
                grid.addWidget(label, row, 0, 2, 1)
                grid.addWidget(editor, row, 1)
                grid.addWidget(error, row + 1, 1)
                grid.setRowMinimumHeight(row + 1, 8)
                row += 2
                self.editors[spec.key] = editor
                self._errors[spec.key] = error
            self._boxes[group] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)
        self._show_values()

    def load(self, company_id: str | None, values: Mapping[str, Any]) -> None:
        """Show a company's stored answers (pending edits of the previous one are
        saved first)."""
        self.flush()
        self.company_id = company_id
        self._values = {k: v for k, v in values.items() if k in self._specs}
        self._show_values()

    def set_value(self, key: str, value: object) -> None:
        """An answer given elsewhere (the script runner): show it; not saved again."""
        editor = self.editors.get(key)
        if editor is None:
            return
        if key in self._dirty:
            self._dirty.remove(key)
        self._values[key] = to_json_value(value)
        editor.set_value(value)
        self._show_error(key, None)
        self._update_titles()

    def value(self, key: str) -> Any:
        """The field's current valid value (JSON form), as last loaded, given or saved."""
        return self._values.get(key)

    def error_text(self, key: str) -> str:
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def flush(self) -> None:
        """Validate and save the edits waiting for the debounce, now."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, []
        for key in dirty:
            self._commit(key)

    # ---------------------------------------------------------------------- internals

    def _show_values(self) -> None:
        for key, editor in self.editors.items():
            editor.set_value(self._values.get(key))
            self._show_error(key, None)
        self._update_titles()

    def _update_titles(self) -> None:
        names = self.group_names()
        for group, box in self._boxes.items():
            keys = [k for k, s in self._specs.items() if s.group == group]
            filled = sum(1 for k in keys if not is_missing(self._values.get(k)))
            name = names.get(group, group.replace("_", " ").capitalize())
            box.setTitle(
                self.tr("{group} — {filled} of {total}").format(
                    group=name, filled=filled, total=len(keys)
                )
            )

    def _edited(self, key: str) -> None:
        if key not in self._dirty:
            self._dirty.append(key)
        self._show_error(key, None)
        self._timer.start()

    def _commit(self, key: str) -> None:
        spec = self._specs[key]
        editor = self.editors[key]
        try:
            value = parse_value(spec, editor.raw(), required=False)
        except FieldValueError as exc:
            err = exc.error
            self._show_error(key, err.message_pl if self._language == "pl" else err.message)
            return
        stored = to_json_value(value)
        if stored == self._values.get(key) or (
            is_missing(stored) and is_missing(self._values.get(key))
        ):
            return
        self._values[key] = stored
        self._update_titles()
        if self._store is not None and self.company_id is not None:
            self._store.save(self.company_id, key, value)
        self.edited.emit(key, stored)

    def _show_error(self, key: str, message: str | None) -> None:
        label = self._errors.get(key)
        if label is None:
            return
        label.setText(message or "")
        label.setVisible(bool(message))

    def _save_failed(self, company_id: str, key: str, message: str) -> None:
        if company_id == self.company_id and key in self._errors:
            self._show_error(key, self.tr("Not saved: {message}").format(message=message))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field saves it at once."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            event.accept()
            return
        super().keyPressEvent(event)
