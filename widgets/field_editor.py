"""The input for one qualification field, generated from its type.

Shared by the script runner (one question at a time) and the qualification form (every
field). ``text``/``phone``/``email`` and the numbers are line edits (numbers accept
``12 500`` and ``1 234,50``; the engine parses them), ``bool`` is a Yes/No pair of radio
buttons, ``date`` a date edit that can be empty, ``choice`` radio buttons (up to
:data:`MAX_RADIO` choices) or a combo box, ``multi_choice`` check boxes.

Keyboard: digits 1–9 pick the n-th choice (toggle it, for check boxes), Y/T answer yes
and N no; arrows move between radio buttons. Enter is not consumed, so the panel holding
the editor sees it (the runner's "answer and go on").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from scripts_lead_gen.fields import FieldSpec
from scripts_lead_gen.values import format_number, format_phone, is_missing

MAX_RADIO = 6
NO_DATE = QDate(1900, 1, 1)  # shown as an empty date edit
_INT_RE = "^[+-]?[0-9 \u00a0]*$"
_DEC_RE = "^[+-]?[0-9 \u00a0]*([.,][0-9]*)?$"
_YES_KEYS = (Qt.Key.Key_T, Qt.Key.Key_Y)
_NO_KEYS = (Qt.Key.Key_N,)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


class FieldEditor(QWidget):
    """An input for ``spec``; :meth:`raw` is what to hand to the engine's parser."""

    edited = Signal()
    """The person changed the value (never emitted by :meth:`set_value`)."""

    def __init__(
        self,
        spec: FieldSpec,
        language: str = "pl",
        parent: QWidget | None = None,
        *,
        numbered: bool = False,
        compact: bool = False,
    ) -> None:
        """``numbered`` shows the digit that picks each choice (the runner does);
        ``compact`` (the form) uses a combo box for every single choice and one column
        of check boxes when their labels are long."""
        super().__init__(parent)
        self.spec = spec
        self._language = language
        self._numbered = numbered
        self._compact = compact
        self.line: QLineEdit | None = None
        self.date: QDateEdit | None = None
        self.combo: QComboBox | None = None
        self.buttons: list[QAbstractButton] = []
        self._group: QButtonGroup | None = None
        self._values: list[Any] = []
        self.setObjectName(f"editor_{spec.key}")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        kind = spec.type
        if kind in ("int", "decimal", "text", "phone", "email"):
            self._build_line()
        elif kind == "bool":
            self._build_radios([True, False], [self.tr("Yes"), self.tr("No")], horizontal=True)
        elif kind == "date":
            self._build_date()
        elif kind == "choice" and len(spec.choices) <= MAX_RADIO and not compact:
            self._build_radios(
                [c.value for c in spec.choices],
                [c.label(language) for c in spec.choices],
                horizontal=False,
            )
        elif kind == "choice":
            self._build_combo()
        else:
            self._build_checks()
        help_text = spec.help(language)
        if help_text:
            self.setToolTip(help_text)

    # ----------------------------------------------------------------------- building

    def _build_line(self) -> None:
        spec = self.spec
        line = QLineEdit(self)
        line.setObjectName("answerLine")
        line.setClearButtonEnabled(True)
        if spec.type in ("int", "decimal"):
            pattern = _INT_RE if spec.type == "int" else _DEC_RE
            line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), line))
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.setMinimumWidth(170)
            line.setMaximumWidth(240)
            if spec.min is not None and spec.max is not None:
                line.setPlaceholderText(
                    self.tr("{low} to {high}").format(
                        low=format_number(spec.min, self._language),
                        high=format_number(spec.max, self._language),
                    )
                )
        elif spec.type == "phone":
            line.setPlaceholderText(self.tr("e.g. 601 234 567"))
            line.setMinimumWidth(170)
            line.setMaximumWidth(260)
        elif spec.type == "email":
            line.setPlaceholderText(self.tr("e.g. name@company.pl"))
        line.textEdited.connect(self.edited)
        self.line = line
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line)
        if spec.type in ("int", "decimal", "phone"):
            layout.addStretch(1)
        self.setFocusProxy(line)

    def _build_radios(
        self, values: Sequence[Any], texts: Sequence[str], *, horizontal: bool
    ) -> None:
        group = QButtonGroup(self)
        layout: QHBoxLayout | QGridLayout
        if horizontal:
            layout = QHBoxLayout(self)
        else:
            layout = QGridLayout(self)
            layout.setHorizontalSpacing(18)
        layout.setContentsMargins(0, 0, 0, 0)
        columns = 2 if len(values) > 3 else 1
        rows = (len(values) + columns - 1) // columns
        for i, (value, text) in enumerate(zip(values, texts, strict=True)):
            shown = self.tr("{n}. {label}").format(n=i + 1, label=text) if self._numbered else text
            button = QRadioButton(shown, self)
            button.setObjectName(f"choice_{value}".lower())
            group.addButton(button, i)
            button.installEventFilter(self)
            self.buttons.append(button)
            if isinstance(layout, QHBoxLayout):
                layout.addWidget(button)
            else:
                layout.addWidget(button, i % rows, i // rows)
        if isinstance(layout, QHBoxLayout):
            layout.addStretch(1)
        else:
            layout.setColumnStretch(columns, 1)
        group.buttonClicked.connect(lambda _b: self.edited.emit())
        self._group = group
        self._values = list(values)
        self.setFocusProxy(self.buttons[0])

    def _build_checks(self) -> None:
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(18)
        choices = self.spec.choices
        longest = max(len(c.label(self._language)) for c in choices)
        columns = 2 if len(choices) > 3 and not (self._compact and longest > 24) else 1
        rows = (len(choices) + columns - 1) // columns
        for i, choice in enumerate(choices):
            text = choice.label(self._language)
            if self._numbered and i < 9:
                text = self.tr("{n}. {label}").format(n=i + 1, label=text)
            box = QCheckBox(text, self)
            box.setObjectName(f"choice_{choice.value}".lower())
            box.installEventFilter(self)
            box.clicked.connect(lambda _checked=False: self.edited.emit())
            self.buttons.append(box)
            layout.addWidget(box, i % rows, i // rows)
        layout.setColumnStretch(columns, 1)
        self._values = self.spec.choice_values()
        self.setFocusProxy(self.buttons[0])

    def _build_combo(self) -> None:
        combo = QComboBox(self)
        combo.setObjectName("answerCombo")
        combo.addItem(self.tr("— choose —"), None)
        for choice in self.spec.choices:
            combo.addItem(choice.label(self._language), choice.value)
        combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(combo)
        layout.addStretch(1)
        self.combo = combo
        self.setFocusProxy(combo)

    def _build_date(self) -> None:
        date = QDateEdit(self)
        date.setObjectName("answerDate")
        date.setCalendarPopup(True)
        date.setDisplayFormat("dd.MM.yyyy" if self._language == "pl" else "yyyy-MM-dd")
        date.setMinimumDate(NO_DATE)
        date.setSpecialValueText(" ")  # the minimum stands for "no date"
        date.setDate(NO_DATE)
        date.setMinimumWidth(140)
        date.installEventFilter(self)
        date.dateChanged.connect(lambda _d: self.edited.emit())
        clear = QToolButton(self)
        clear.setObjectName("clearDate")
        clear.setText("×")
        clear.setToolTip(self.tr("Clear the date"))
        clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear.clicked.connect(self._clear_date)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(date)
        layout.addWidget(clear)
        layout.addStretch(1)
        self.date = date
        self.setFocusProxy(date)

    def _clear_date(self) -> None:
        if self.date is not None and self.date.date() != NO_DATE:
            self.date.setDate(NO_DATE)  # emits edited through dateChanged

    # ---------------------------------------------------------------------- keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if self._key(watched, event):
                return True
        elif (
            event.type() == QEvent.Type.MouseButtonPress
            and watched is self.date
            and self.date.date() == NO_DATE
        ):
            self._start_date()
        return super().eventFilter(watched, event)

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        if watched is self.date:
            if self.date is not None and self.date.date() == NO_DATE:
                if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 or key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                    self._start_date()
                elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    return True
            elif key == Qt.Key.Key_Delete:
                self._clear_date()
                return True
            return False
        if self.spec.type == "bool":
            if key in _YES_KEYS or key == Qt.Key.Key_1:
                self._pick(0)
                return True
            if key in _NO_KEYS or key == Qt.Key.Key_2:
                self._pick(1)
                return True
            return False
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = int(key) - int(Qt.Key.Key_1)
            if index < len(self.buttons):
                self._pick(index)
                return True
        return False

    def _start_date(self) -> None:
        """The first key or click on an empty date starts from today."""
        assert self.date is not None
        self.date.setDate(QDate.currentDate())
        self.date.setCurrentSectionIndex(0)  # typing follows the display: day first in Polish
        self.date.setSelectedSection(self.date.sectionAt(0))

    def _pick(self, index: int) -> None:
        button = self.buttons[index]
        if isinstance(button, QCheckBox):
            button.setChecked(not button.isChecked())
        else:
            button.setChecked(True)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edited.emit()

    # ------------------------------------------------------------------------ values

    def raw(self) -> object:
        """The answer as given: text for line edits, ``True``/``False``, a date, a choice
        value, a list of values, or ``None`` for no answer."""
        kind = self.spec.type
        if self.line is not None:
            return self.line.text()
        if self.date is not None:
            qdate = self.date.date()
            if qdate == NO_DATE or not qdate.isValid():
                return None
            return dt.date(qdate.year(), qdate.month(), qdate.day())
        if self.combo is not None:
            return self.combo.currentData()
        if kind == "multi_choice":
            return [v for v, b in zip(self._values, self.buttons, strict=True) if b.isChecked()]
        for value, button in zip(self._values, self.buttons, strict=True):
            if button.isChecked():
                return value
        return None

    def set_value(self, value: object) -> None:
        """Show ``value`` (typed, or its stored JSON form) without emitting :attr:`edited`."""
        self.blockSignals(True)
        try:
            self._show(value)
        finally:
            self.blockSignals(False)

    def _show(self, value: object) -> None:
        kind = self.spec.type
        missing = is_missing(value)
        if self.line is not None:
            if missing:
                text = ""
            elif kind in ("int", "decimal") and isinstance(value, int | float | Decimal):
                text = format_number(value, self._language)
            elif kind == "phone" and isinstance(value, str):
                text = format_phone(value)
            else:
                text = str(value)
            self.line.setText(text)
            self.line.setCursorPosition(len(text))
        elif self.date is not None:
            day = None if missing else _as_date(value)
            self.date.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)
        elif self.combo is not None:
            index = self.combo.findData(value) if not missing else 0
            self.combo.setCurrentIndex(max(index, 0))
        elif kind == "multi_choice":
            chosen = set(value) if isinstance(value, list | tuple) else set()
            for v, button in zip(self._values, self.buttons, strict=True):
                button.setChecked(v in chosen)
        else:
            group = self._group
            assert group is not None
            group.setExclusive(False)
            for v, button in zip(self._values, self.buttons, strict=True):
                button.setChecked(not missing and v == value and type(v) is type(value))
            group.setExclusive(True)

    def focus_input(self, *, select: bool = True) -> None:
        """Put the keyboard focus on the input (the chosen option, for radio buttons);
        ``select`` selects the text of a line edit, so that typing replaces it."""
        if self.line is not None:
            self.line.setFocus(Qt.FocusReason.OtherFocusReason)
            if select:
                self.line.selectAll()
            return
        target: QWidget | None = self.date or self.combo
        if target is None and self.buttons:
            target = next((b for b in self.buttons if b.isChecked()), self.buttons[0])
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
