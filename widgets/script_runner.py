"""The call-script panel of the agent console: one node at a time.

It shows the current node's text with the merge fields filled (their values in bold),
the agent's hint, an input generated from the question's field type, a validation
message under it, Back / Next, one button per prepared objection and the progress.

Keyboard: Enter answers and goes on (on a focused button, Enter presses it), Alt+Left
goes back, Alt+1…9 raise the objections; digits, Y/T/N pick choices (see
:mod:`widgets.field_editor`).

Every valid answer is saved at once through the :class:`~widgets.answer_store.
AnswerStore` given to the constructor (each answer its own write), and announced with
:attr:`ScriptRunner.answered` so the qualification form can show it. Actions the script
reaches (book a meeting, schedule a callback, record an opt-out, set a segment, end the
call) are announced with :attr:`ScriptRunner.actions_requested` for the console to carry
out; going Back over them announces :attr:`ScriptRunner.actions_withdrawn`.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from scripts_lead_gen.runtime import NodeView, ScriptRun, ScriptRunError
from scripts_lead_gen.templates import Template
from scripts_lead_gen.validate import CompiledScript
from scripts_lead_gen.values import FieldError, to_json_value
from widgets.answer_store import AnswerStore
from widgets.field_editor import FieldEditor

TEXT_SCALE = 1.3  # the script text is read out: larger than the rest of the UI


class ScriptRunner(QWidget):
    """Runs a compiled script for one call; :meth:`start` begins a call."""

    answered = Signal(str, object)
    """field key, the answer in its JSON form — a valid answer, already sent to the store."""
    actions_requested = Signal(list)
    """the actions the last step reached: ``[{"node", "action", "params"?, …}]``."""
    actions_withdrawn = Signal(list)
    """actions taken back by Back (the console undoes what it already did)."""
    finished = Signal(object)
    """the outcome (a disposition code, or ``None``) when the script ends."""
    nodeShown = Signal(str)
    """the id of the node now showing (after every render)."""

    def __init__(
        self,
        store: AnswerStore | None = None,
        language: str = "pl",
        parent: QWidget | None = None,
    ) -> None:
        """``store`` saves the answers (``None``: a preview, nothing is saved);
        ``language`` is the UI language (labels, messages)."""
        super().__init__(parent)
        self._store = store
        self._language = language
        self.run: ScriptRun | None = None
        self.company_id: str | None = None
        self.editor: FieldEditor | None = None
        self.last_render_ms = 0.0
        self._view: NodeView | None = None
        self._objection_buttons: list[QPushButton] = []
        self._outcome_labels: dict[str, str] = {}
        self.setObjectName("scriptRunner")

        self.title = QLabel()
        self.title.setObjectName("scriptTitle")
        self.title.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("scriptProgress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.setFormat("%p%")
        self.progress.setToolTip(self.tr("How far the call is through the script (an estimate)"))

        self.banner = QLabel()
        self.banner.setObjectName("scriptBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#scriptBanner { background: #fff4ce; border: 1px solid #e0c36c;"
            " border-radius: 4px; padding: 4px 8px; }"
        )
        self.banner.hide()

        self.text = QLabel()
        self.text.setObjectName("scriptText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        self.text.setFont(font)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hint = QLabel()
        self.hint.setObjectName("scriptHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel#scriptHint { color: #5f6368; font-style: italic; }")

        self.question = QLabel()
        self.question.setObjectName("questionLabel")
        self.question.setWordWrap(True)
        self._editor_box = QVBoxLayout()
        self._editor_box.setContentsMargins(0, 0, 0, 0)
        self.error = QLabel()
        self.error.setObjectName("answerError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel#answerError { color: #c62828; }")
        self.error.hide()

        self.objections_box = QGridLayout()
        self.objections_box.setHorizontalSpacing(6)
        self.objections_box.setVerticalSpacing(4)
        self.objections_label = QLabel(self.tr("Objections:"))

        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("backButton")
        self.back_button.setToolTip(self.tr("Previous step (Alt+Left)"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("nextButton")
        self.next_button.setToolTip(self.tr("Answer and go on (Enter)"))
        self.next_button.setMinimumWidth(140)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setStyleSheet("QLabel#saveStatus { color: #5f6368; }")

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.progress)
        # The step itself — text, hint, question, input, message — scrolls if long;
        # objections and navigation stay in place below it.
        body = QWidget()
        body.setObjectName("scriptBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(8)
        body_layout.addWidget(self.text)
        body_layout.addWidget(self.hint)
        body_layout.addSpacing(4)
        body_layout.addWidget(self.question)
        body_layout.addLayout(self._editor_box)
        body_layout.addWidget(self.error)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("scriptBodyArea")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        scroll.setMinimumHeight(160)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.status, 1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.objections_label)
        layout.addLayout(self.objections_box)
        layout.addLayout(nav)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        back = QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back)
        for n in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Alt+{n}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=n: self.raise_objection(n))
        if store is not None:
            store.saved.connect(self._saved)
            store.failed.connect(self._save_failed)
        self._show_idle()

    # ------------------------------------------------------------------------ public

    def start(
        self,
        script: CompiledScript,
        context: Mapping[str, Any] | None = None,
        *,
        company_id: str | None = None,
        script_language: str | None = None,
    ) -> None:
        """Begin a call. ``context`` is what :func:`app.services.script_context.
        context_for` gives; ``company_id`` defaults to its company's id;
        ``script_language`` (default: the script's own) is the language read out."""
        self.run = ScriptRun(script, context, language=script_language)
        company = (context or {}).get("company") or {}
        self.company_id = company_id or (str(company["id"]) if company.get("id") else None)
        en = self.run.language == "en"
        identity = self.run.env.get("caller_identity") or ""
        title = (script.script.title_en or script.script.title) if en else script.script.title
        self.title.setText(
            self.tr("<b>{title}</b> · calling as {identity}").format(
                title=html.escape(title), identity=html.escape(str(identity))
            )
        )
        self._build_objections()
        self.status.clear()
        self._render(focus=True)

    def set_value(self, key: str, value: object) -> None:
        """An answer given elsewhere (the qualification form): remember it for the
        script's conditions and show it if it is the question on screen. Not saved."""
        run = self.run
        if run is None or key not in run.script.fields:
            return
        run.answer(key, value)
        view = self._view
        if (
            self.editor is not None
            and view is not None
            and view.field is not None
            and view.field.key == key
            and view.objection is None
        ):
            self.editor.set_value(value)
            self._show_error(None)

    def set_outcome_labels(self, labels: Mapping[str, str]) -> None:
        """Names of the disposition codes (in the UI language) for the end of a script."""
        self._outcome_labels = dict(labels)

    def clear(self, message: str | None = None) -> None:
        """End the run on screen (the call is over, or there is no script to run)."""
        self.run = None
        self._view = None
        self.company_id = None
        self._remove_objections()
        self.status.clear()
        self._show_idle(message)

    def state(self) -> dict[str, Any] | None:
        """The run as stored with the call attempt (script id, version, path, answers …)."""
        return self.run.state() if self.run is not None else None

    # ------------------------------------------------------------------------- steps

    def next(self) -> None:
        """Answer the question on screen (if any) and go on."""
        run, view = self.run, self._view
        if run is None or view is None or run.finished:
            return
        if view.field is not None and view.objection is None and self.editor is not None:
            key = view.field.key
            before = run.env.get(key)
            result = run.answer(key, self.editor.raw())
            if not result.ok:
                self._show_error(result.errors[0] if result.errors else None)
                self.editor.focus_input(select=False)  # to correct what was typed
                return
            if to_json_value(result.value) != to_json_value(before):
                self._save(key, result.value)
        try:
            step = run.next()
        except ScriptRunError as exc:  # a misuse (Next after the end …), said plainly
            self.error.setText(str(exc))
            self.error.show()
            return
        if not step.ok and step.errors:
            self._show_error(step.errors[0])
            if self.editor is not None:
                self.editor.focus_input(select=False)
            return
        if step.actions:
            self.actions_requested.emit([dict(a) for a in step.actions])
        self._render(focus=True)
        if step.finished:
            self.finished.emit(run.outcome)

    def back(self) -> None:
        """One step back; the question shows the answer given before."""
        run = self.run
        if run is None or not run.can_back:
            return
        before = list(run.actions)
        run.back()
        withdrawn = before[len(run.actions) :]
        if withdrawn:
            self.actions_withdrawn.emit(withdrawn)
        self._render(focus=True)

    def raise_objection(self, hotkey: int) -> None:
        """Show the prepared answer to objection ``hotkey`` (1–9); Next returns."""
        run = self.run
        if run is None or run.finished or not self.isVisible() or not self.isEnabled():
            return
        if run.objection_by_hotkey(hotkey) is not None:
            self._render(focus=True)

    # ------------------------------------------------------------------------ render

    def _render(self, *, focus: bool) -> None:
        started = time.perf_counter()
        run = self.run
        assert run is not None
        view = run.view()
        self._view = view
        self.text.setText(self._rich_text(run))
        self.hint.setText(view.hint or "")
        self.hint.setVisible(bool(view.hint) and view.objection is None)
        self._show_error(None)
        asking = view.field is not None and view.objection is None and not view.finished
        self._set_editor(view if asking else None)
        self.progress.setValue(round(view.progress * 100))
        self.back_button.setEnabled(view.can_back)
        self.next_button.setEnabled(not view.finished)
        for button in self._objection_buttons:
            button.setEnabled(not view.finished)
        if view.finished:
            self._show_banner(
                self.tr("The script has ended. Outcome: {outcome}").format(
                    outcome=self._outcome_labels.get(view.outcome or "", view.outcome)
                    if view.outcome
                    else self.tr("none")
                )
            )
            self.next_button.setText(self.tr("Next"))
        elif view.objection is not None:
            obj = run.script.objections[view.objection]
            label = (obj.label_en or obj.label) if run.language == "en" else obj.label
            self._show_banner(self.tr("Objection: {label}").format(label=label))
            self.next_button.setText(
                self.tr("Back to the script") if obj.return_to == "back" else self.tr("Continue")
            )
        else:
            self.banner.hide()
            self.next_button.setText(self.tr("Next"))
        if focus:
            if self.editor is not None:
                self.editor.focus_input()
            elif self.next_button.isEnabled():
                self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.last_render_ms = (time.perf_counter() - started) * 1000
        self.nodeShown.emit(view.node)

    def _rich_text(self, run: ScriptRun) -> str:
        """The text to read out, as HTML, with the merged values in bold."""
        node = run.current
        assert node is not None
        en = run.language == "en"
        template: Template
        obj = run.active_objection
        if obj is not None:
            template = obj.text_en if en and obj.text_en is not None else obj.text
        else:
            template = node.text_en if en and node.text_en is not None else node.text
        out: list[str] = []
        for part in template.parts:
            if isinstance(part, str):
                out.append(html.escape(part))
            else:
                value = Template(part.source, (part,)).render(run.env, run.language)
                out.append(f"<b>{html.escape(value)}</b>")
        body = "".join(out).strip() or html.escape(self.tr("(nothing to say at this step)"))
        return body.replace("\n", "<br>")

    def _set_editor(self, view: NodeView | None) -> None:
        if self.editor is not None:
            self._editor_box.removeWidget(self.editor)
            self.editor.hide()
            self.editor.deleteLater()
            self.editor = None
        if view is None or view.field is None:
            self.question.hide()
            return
        spec = view.field
        label = spec.label(self._language)
        if view.required:
            label = self.tr("{label} (required)").format(label=label)
        self.question.setText(label)
        self.question.show()
        editor = FieldEditor(spec, self._language, self, numbered=True)
        editor.set_value(view.value)
        editor.edited.connect(lambda: self._show_error(None))
        self._editor_box.addWidget(editor)
        editor.show()  # now, not at the next event loop pass: it takes the focus next
        self.editor = editor

    def _show_error(self, error: FieldError | None) -> None:
        if error is None:
            self.error.clear()
            self.error.hide()
            return
        self.error.setText(error.message_pl if self._language == "pl" else error.message)
        self.error.show()

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _show_idle(self, message: str | None = None) -> None:
        self.title.setText(self.tr("No call in progress"))
        self.text.setText(
            html.escape(message or self.tr("The call script appears here when a call starts."))
        )
        self.hint.hide()
        self.banner.hide()
        self.error.hide()
        self._set_editor(None)
        self.objections_label.hide()
        self.back_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.progress.setValue(0)

    def _remove_objections(self) -> None:
        for button in self._objection_buttons:
            self.objections_box.removeWidget(button)
            button.deleteLater()
        self._objection_buttons = []

    def _build_objections(self) -> None:
        self._remove_objections()
        run = self.run
        assert run is not None
        columns = 3
        for i, item in enumerate(run.objection_buttons()):
            button = QPushButton(
                self.tr("Alt+{n}  {label}").format(n=item.hotkey, label=item.label)
            )
            button.setObjectName(f"objection_{item.id}")
            button.setToolTip(
                self.tr("Objection: show the prepared answer (Alt+{n})").format(n=item.hotkey)
            )
            button.clicked.connect(lambda _c=False, n=item.hotkey: self.raise_objection(n))
            self.objections_box.addWidget(button, i // columns, i % columns)
            self._objection_buttons.append(button)
        self.objections_label.setVisible(bool(self._objection_buttons))

    # ------------------------------------------------------------------------ saving

    def _save(self, key: str, value: Any) -> None:
        stored = to_json_value(value)
        if self._store is not None and self.company_id is not None:
            self._store.save(self.company_id, key, value)
        self.answered.emit(key, stored)

    def _label(self, key: str) -> str:
        run = self.run
        spec = run.script.fields.get(key) if run is not None else None
        return spec.label(self._language) if spec is not None else key

    def _saved(self, company_id: str, key: str, _value: object) -> None:
        if company_id == self.company_id:
            self.status.setStyleSheet("QLabel#saveStatus { color: #5f6368; }")
            self.status.setText(self.tr("Saved: {field}").format(field=self._label(key)))

    def _save_failed(self, company_id: str, key: str, message: str) -> None:
        if company_id == self.company_id:
            self.status.setStyleSheet("QLabel#saveStatus { color: #c62828; }")
            self.status.setText(
                self.tr("Not saved: {field} — {message}").format(
                    field=self._label(key), message=message
                )
            )

    # ---------------------------------------------------------------------- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            focused = self.focusWidget()
            if (
                isinstance(focused, QPushButton)
                and focused is not self.next_button
                and self.isAncestorOf(focused)
            ):
                focused.click()
            else:
                self.next()
            event.accept()
            return
        super().keyPressEvent(event)
