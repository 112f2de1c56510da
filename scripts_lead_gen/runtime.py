"""Running a call script: the state machine behind the GUI runner and the headless runner.

Driving a :class:`ScriptRun` step by step (what the agent console does)::

    compiled = compile_script(text)                      # once; cached by version
    run = ScriptRun(compiled, context)                   # context: see build_env()
    view = run.view()                                    # text to show, the field to ask …
    run.answer("fleet_trucks", "12")                     # → AnswerResult(ok, value, errors)
    step = run.next()                                    # → StepResult(ok, node, actions, errors)
    run.objection("no_time"); run.next()                 # show the response, then return
    run.back()                                           # one step back in the history
    run.finished, run.outcome, run.path, run.captured, run.actions

``branch`` nodes are resolved without stopping; so are ``action`` nodes that have no text
and a ``next`` (e.g. ``set_segment``). Every action met is appended to ``run.actions``
and returned in that step's :class:`StepResult` so the caller can carry it out (book the
meeting, record the opt-out …). Back over an action removes it from ``run.actions`` —
a caller that already carried it out must undo it. Back never forgets answers: they stay
in ``captured`` and pre-fill the question when the agent returns to it.

Everything here is deterministic: the same script, context and answers give the same
path, captured values, actions and outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts_lead_gen.fields import FieldSpec
from scripts_lead_gen.schema import BACK, Script
from scripts_lead_gen.validate import (
    CompiledNode,
    CompiledObjection,
    CompiledScript,
    Fields,
    compile_script,
)
from scripts_lead_gen.values import (
    FieldError,
    FieldValueError,
    field_error,
    is_missing,
    parse_value,
    to_json_value,
)

CONTEXT_ROOTS = ("company", "contact", "agent")
OBJECTIONS_KEY = "_objections"
MAX_AUTO_STEPS = 10_000


class ScriptRunError(RuntimeError):
    """Misuse of a run (an unknown objection, Next after the end …); message for a person."""


@dataclass(frozen=True, slots=True)
class AnswerResult:
    ok: bool
    value: Any = None
    errors: tuple[FieldError, ...] = ()


@dataclass(frozen=True, slots=True)
class StepResult:
    ok: bool
    node: str | None
    """The node now current (``None`` only if the run stopped on an error)."""
    actions: tuple[dict[str, Any], ...] = ()
    errors: tuple[FieldError, ...] = ()
    finished: bool = False


@dataclass(frozen=True, slots=True)
class ObjectionButton:
    id: str
    label: str
    hotkey: int


@dataclass(frozen=True, slots=True)
class NodeView:
    """What the runner panel shows for the current state."""

    node: str
    kind: str
    text: str
    hint: str | None
    field: FieldSpec | None
    value: Any
    required: bool
    objection: str | None
    """Id of the objection whose response is showing (``text`` is then its response)."""
    objections: tuple[ObjectionButton, ...]
    can_back: bool
    finished: bool
    outcome: str | None
    progress: float


@dataclass(frozen=True, slots=True)
class _Mark:
    node: str
    path_len: int
    actions_len: int
    segment: Any
    segments: tuple[Any, ...]
    objection: str | None
    finished: bool
    outcome: str | None


def build_env(
    context: Mapping[str, Any] | None,
    fields: Mapping[str, FieldSpec],
    caller_identity: str = "",
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Flatten a context into the value mapping conditions and templates read.

    ``context`` = ``{"company": {...}, "contact": {...}, "agent": {...}, "fields":
    {key: value}, "segments": [...], "segment": key, "slots": [...]}``, every part
    optional. Known fields are parsed by their catalogue type (so a stored ISO date is a
    date again); values that do not parse are dropped and reported in the second item.
    ``segment`` defaults to the first of ``segments``.
    """
    env: dict[str, Any] = {"caller_identity": caller_identity}
    problems: list[dict[str, Any]] = []
    if not context:
        env["segments"] = []
        env["segment"] = None
        return env, problems
    for root in CONTEXT_ROOTS:
        part = context.get(root)
        if isinstance(part, Mapping):
            for key, value in part.items():
                env[f"{root}.{key}"] = value
    values = context.get("fields")
    if isinstance(values, Mapping):
        for key, raw in values.items():
            spec = fields.get(key)
            if spec is None:
                env[key] = raw
                continue
            try:
                env[key] = parse_value(spec, raw, required=False)
            except FieldValueError as exc:
                problems.append({"node": None, **exc.error.as_dict()})
    segments = context.get("segments")
    env["segments"] = list(segments) if isinstance(segments, list | tuple) else []
    segment = context.get("segment")
    env["segment"] = (
        segment if segment is not None else (env["segments"][0] if env["segments"] else None)
    )
    slots = context.get("slots")
    if isinstance(slots, list | tuple):
        for i, slot in enumerate(slots, start=1):
            env[f"slot.{i}"] = slot
    return env, problems


class ScriptRun:
    """One call going through a script. Not thread-safe; one per call."""

    def __init__(
        self,
        script: CompiledScript,
        context: Mapping[str, Any] | None = None,
        *,
        language: str | None = None,
        history: bool = True,
    ) -> None:
        """``history=False`` turns off Back (the headless runner needs none)."""
        self.script = script
        self._record = history
        self.language = language or script.language
        identity = script.caller_identity
        if self.language == "en" and script.caller_identity_en:
            identity = script.caller_identity_en
        self.env, self.context_errors = build_env(context, script.fields, identity)
        self.captured: dict[str, Any] = {}
        self.path: list[str] = []
        self.actions: list[dict[str, Any]] = []
        self.objections_raised: list[dict[str, str]] = []
        self.errors: list[dict[str, Any]] = []
        self.finished = False
        self.outcome: str | None = None
        self.active_objection: CompiledObjection | None = None
        self._history: list[_Mark] = []
        self._current: CompiledNode | None = None
        self._enter(script.start)

    # ------------------------------------------------------------------ reading state

    @property
    def current(self) -> CompiledNode | None:
        """The node the agent is at (the last node when finished)."""
        return self._current

    @property
    def can_back(self) -> bool:
        return bool(self._history)

    def value(self, key: str) -> Any:
        """The current value of a field: this call's answer, else the company's stored one."""
        return self.env.get(key)

    def render(self, node: CompiledNode) -> str:
        if self.language == "en" and node.text_en is not None:
            return node.text_en.render(self.env, "en")
        return node.text.render(self.env, self.language)

    def objection_buttons(self) -> tuple[ObjectionButton, ...]:
        en = self.language == "en"
        return tuple(
            ObjectionButton(o.id, (o.label_en or o.label) if en else o.label, o.hotkey)
            for o in self.script.objections.values()
        )

    def progress(self) -> float:
        if self.finished:
            return 1.0
        node = self._current
        if node is None:
            return 0.0
        remaining = self.script.distance_to_end.get(node.id, 0)
        done = len(self.path)
        return done / (done + remaining) if done + remaining else 1.0

    def view(self) -> NodeView:
        node = self._current
        if node is None:
            raise ScriptRunError("the run stopped before reaching any node")
        obj = self.active_objection
        if obj is not None:
            if self.language == "en" and obj.text_en is not None:
                text = obj.text_en.render(self.env, "en")
            else:
                text = obj.text.render(self.env, self.language)
        else:
            text = self.render(node)
        hint_tpl = node.hint_en if self.language == "en" and node.hint_en else node.hint
        return NodeView(
            node=node.id,
            kind=node.kind,
            text=text,
            hint=hint_tpl.render(self.env, self.language) if hint_tpl is not None else None,
            field=node.field,
            value=self.env.get(node.field.key) if node.field is not None else None,
            required=node.required,
            objection=obj.id if obj is not None else None,
            objections=self.objection_buttons(),
            can_back=self.can_back,
            finished=self.finished,
            outcome=self.outcome,
            progress=self.progress(),
        )

    # ---------------------------------------------------------------------- actions

    def answer(self, key: str, raw: object) -> AnswerResult:
        """Validate and store an answer for any field of the catalogue (not only the
        current question: the qualification form edits fields at any time). An empty
        answer clears the field, unless it is the current required question."""
        spec = self.script.fields.get(key)
        if spec is None:
            return AnswerResult(False, None, (field_error(key, "unknown_field", field=key),))
        node = self._current
        required = bool(
            node is not None
            and node.field is not None
            and node.field.key == key
            and node.required
            and self.active_objection is None
        )
        try:
            value = parse_value(spec, raw, required=required)
        except FieldValueError as exc:
            return AnswerResult(False, None, (exc.error,))
        self.captured[key] = value
        self.env[key] = value
        return AnswerResult(True, value)

    def next(self) -> StepResult:
        """Go on from the current node (or close the objection response showing)."""
        node = self._current
        if node is None or self.finished:
            raise ScriptRunError("the call script has already ended")
        before = len(self.actions)
        obj = self.active_objection
        if obj is not None:
            self.active_objection = None
            if obj.return_to == BACK:
                if self._record:
                    self._history.pop()  # the state is the same as before the objection
                return StepResult(True, node.id)
            self._enter(obj.return_to)
        else:
            if (
                node.field is not None
                and node.required
                and is_missing(self.env.get(node.field.key))
            ):
                return StepResult(False, node.id, errors=(field_error(node.field.key, "required"),))
            if node.next is None:  # pragma: no cover - an end is always finished
                raise ScriptRunError("this node has nowhere to go")
            if self._record:
                self._push()
            self._enter(node.next)
        current = self._current
        return StepResult(
            not self.errors,
            current.id if current is not None else None,
            tuple(self.actions[before:]),
            finished=self.finished,
        )

    def objection(self, objection_id: str) -> NodeView:
        """Show the prepared response to an objection; :meth:`next` then returns."""
        obj = self.script.objections.get(objection_id)
        if obj is None:
            raise ScriptRunError(f"unknown objection {objection_id!r}")
        if self._current is None or self.finished:
            raise ScriptRunError("the call script has already ended")
        if self._record:
            self._push()
        self.active_objection = obj
        self.objections_raised.append({"node": self._current.id, "objection": obj.id})
        return self.view()

    def objection_by_hotkey(self, hotkey: int) -> NodeView | None:
        for obj in self.script.objections.values():
            if obj.hotkey == hotkey:
                return self.objection(obj.id)
        return None

    def back(self) -> bool:
        """Undo the last step (Next or an objection). Returns False at the start."""
        if not self._history:
            return False
        mark = self._history.pop()
        self._current = self.script.nodes[mark.node]
        del self.path[mark.path_len :]
        del self.actions[mark.actions_len :]
        self.env["segment"] = mark.segment
        self.env["segments"] = list(mark.segments)
        self.active_objection = (
            self.script.objections[mark.objection] if mark.objection is not None else None
        )
        self.finished = mark.finished
        self.outcome = mark.outcome
        return True

    # --------------------------------------------------------------------- internals

    def _push(self) -> None:
        node = self._current
        assert node is not None
        self._history.append(
            _Mark(
                node=node.id,
                path_len=len(self.path),
                actions_len=len(self.actions),
                segment=self.env.get("segment"),
                segments=tuple(self.env.get("segments") or ()),
                objection=self.active_objection.id if self.active_objection else None,
                finished=self.finished,
                outcome=self.outcome,
            )
        )

    def _enter(self, target: str) -> None:
        nodes = self.script.nodes
        env = self.env
        path = self.path
        for _ in range(MAX_AUTO_STEPS):
            node = nodes[target]
            path.append(target)
            kind = node.kind
            if kind == "branch":
                for condition, goto in node.cases:
                    if condition.evaluate(env):
                        target = goto
                        break
                else:
                    target = node.otherwise  # type: ignore[assignment]
                continue
            if kind == "action":
                self._perform(node)
                if node.next is None:
                    self._current = node
                    self.finished = True
                    self.outcome = node.disposition
                    return
                if node.passthrough:
                    target = node.next
                    continue
            self._current = node
            return
        self.errors.append(
            {"node": target, "message": "the script loops through branches without stopping"}
        )
        self._current = nodes[target]
        self.finished = True

    def _perform(self, node: CompiledNode) -> None:
        record: dict[str, Any] = {"node": node.id, "action": node.action}
        if node.params:
            record["params"] = {k: to_json_value(t.value(self.env)) for k, t in node.params}
        if node.action == "set_segment":
            record["segment"] = node.segment
            self.env["segment"] = node.segment
            segments = list(self.env.get("segments") or [])
            if node.segment not in segments:
                segments.append(node.segment)
            self.env["segments"] = segments
        elif node.action == "end_call":
            record["disposition"] = node.disposition
        self.actions.append(record)

    # ------------------------------------------------------------------- persistence

    def state(self) -> dict[str, Any]:
        """A JSON-friendly record of the run (store it with the call attempt)."""
        return {
            "script_id": self.script.id,
            "version": self.script.version,
            "node": self._current.id if self._current else None,
            "path": list(self.path),
            "captured": {k: to_json_value(v) for k, v in self.captured.items()},
            "actions": list(self.actions),
            "objections": list(self.objections_raised),
            "segment": self.env.get("segment"),
            "finished": self.finished,
            "outcome": self.outcome,
        }


# ---------------------------------------------------------------------------- headless


def run_headless(
    script: CompiledScript | Script | str | Path,
    answers: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
    *,
    fields: Fields = None,
    objections: Mapping[str, list[str]] | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Run a script without a person: ``answers`` maps field keys to raw answers.

    ``objections`` (or ``answers["_objections"]``) maps a node id to the objection ids
    raised there, in order. An answer that does not validate, or a missing answer to a
    required question, stops the run with field-level errors. Returns ``{"script",
    "version", "path", "captured", "actions", "objections", "outcome", "errors"}``.
    """
    compiled = script if isinstance(script, CompiledScript) else compile_script(script, fields)
    raised: dict[str, list[str]] = {}
    source = objections if objections is not None else answers.get(OBJECTIONS_KEY)
    if isinstance(source, Mapping):
        raised = {str(k): list(v) for k, v in source.items() if isinstance(v, list | tuple)}
    run = ScriptRun(compiled, context, language=language, history=False)
    errors: list[dict[str, Any]] = list(run.context_errors)
    env = run.env
    captured = run.captured
    nodes = compiled.nodes
    path = run.path
    limit = 10 * len(compiled.nodes) + 100
    steps = 0
    # The loop below is ScriptRun.next() without the bookkeeping a person needs (views,
    # step results, history): this is what lets thousands of runs a second happen.
    while not run.finished and not run.errors:
        node = run._current
        assert node is not None
        steps += 1
        if steps > limit:
            errors.append({"node": node.id, "message": "step limit reached: the answers loop"})
            break
        if raised:
            pending = raised.get(node.id)
            if pending:
                objection_id = pending.pop(0)
                if objection_id not in compiled.objections:
                    errors.append(
                        {"node": node.id, "message": f"unknown objection {objection_id!r}"}
                    )
                    break
                run.objection(objection_id)
                run.next()
                continue
        spec = node.field
        if spec is not None:
            key = spec.key
            if key in answers:
                try:
                    value = parse_value(spec, answers[key], required=node.required)
                except FieldValueError as exc:
                    errors.append({"node": node.id, **exc.error.as_dict()})
                    break
                captured[key] = value
                env[key] = value
            elif node.required and is_missing(env.get(key)):
                errors.append({"node": node.id, **field_error(key, "required").as_dict()})
                break
        target = nodes[node.next]  # type: ignore[index]
        if target.kind == "say" or target.kind == "ask":
            path.append(target.id)  # the common case of _enter(), inlined
            run._current = target
        else:
            run._enter(target.id)
    errors.extend(run.errors)
    return {
        "script": compiled.id,
        "version": compiled.version,
        "path": run.path,
        "captured": {k: to_json_value(v) for k, v in captured.items()},
        "actions": run.actions,
        "objections": run.objections_raised,
        "outcome": run.outcome if run.finished and not run.errors else None,
        "errors": errors,
    }
