"""Loading and validating call scripts, and compiling them for :mod:`.runtime`.

:func:`validate_script` lists *every* problem it finds, each with the node id (``None``
for script-level problems) and, when the script came from YAML text, the line.

Errors (the script cannot be used): malformed YAML (with line and column), a missing or
wrongly typed property, duplicate node ids, an unknown start node or node target, an
``ask`` for a field the catalogue lacks, a condition that does not parse or type-check
against the catalogue, an unknown merge field, an action missing its segment or
disposition, a script with no end, a loop with no exit (a cycle from which no end can be
reached) and any node from which no end can be reached.

Warnings (the script works, but look): unreachable nodes — kept a warning so that an
admin can park a draft branch in the file while the rest of the script runs — an action
ending the call without a disposition, a branch with no conditions, more objections than
hotkeys.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scripts_lead_gen.expr import Condition, ExpressionError, compile_condition
from scripts_lead_gen.fields import FieldSpec, fields_by_key, load_bundled_fields
from scripts_lead_gen.schema import (
    BACK,
    NODE_ADAPTER,
    ActionNode,
    AnyNode,
    AskNode,
    BranchNode,
    Objection,
    SayNode,
    Script,
    ScriptHeader,
)
from scripts_lead_gen.templates import Template, TemplateError, compile_template

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Fields = Sequence[FieldSpec] | Mapping[str, FieldSpec] | None


@dataclass(frozen=True, slots=True)
class Problem:
    node: str | None
    message: str
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"node": self.node, "message": self.message, "line": self.line}


@dataclass
class Report:
    """The outcome of :func:`validate_script`. ``ok`` means no errors (warnings allowed)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    script: Script | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }


class ScriptInvalid(ValueError):
    """Raised by :func:`compile_script` for a script with errors; carries the report."""

    def __init__(self, report: Report) -> None:
        first = report.errors[0] if report.errors else Problem(None, "invalid script")
        where = f"node {first.node}: " if first.node else ""
        more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        super().__init__(f"{where}{first.message}{more}")
        self.report = report


# ------------------------------------------------------------------------ compiled form


@dataclass(frozen=True, slots=True)
class CompiledNode:
    id: str
    kind: str
    node: AnyNode
    index: int
    text: Template
    text_en: Template | None
    hint: Template | None
    hint_en: Template | None
    next: str | None
    field: FieldSpec | None
    required: bool
    cases: tuple[tuple[Condition, str], ...]
    otherwise: str | None
    action: str | None
    params: tuple[tuple[str, Template], ...]
    segment: str | None
    disposition: str | None
    passthrough: bool
    """An action node with no text and a ``next``: performed without stopping."""

    @property
    def is_end(self) -> bool:
        return self.kind == "action" and self.next is None


@dataclass(frozen=True, slots=True)
class CompiledObjection:
    id: str
    label: str
    label_en: str | None
    text: Template
    text_en: Template | None
    return_to: str
    hotkey: int


@dataclass(frozen=True)
class CompiledScript:
    """A validated script with conditions and templates compiled; shared by runs."""

    script: Script
    fields: Mapping[str, FieldSpec]
    nodes: Mapping[str, CompiledNode]
    objections: Mapping[str, CompiledObjection]
    distance_to_end: Mapping[str, int]
    warnings: tuple[Problem, ...]
    id: str
    version: str
    language: str
    start: str
    caller_identity: str
    caller_identity_en: str | None


# ------------------------------------------------------------------------------ YAML


class _Locator:
    """Line numbers of places in the YAML document (1-based), for error messages."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line(self, *path: str | int) -> int | None:
        node = self.root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for step in path:
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == step:
                        line = key.start_mark.line + 1
                        found = value
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                found = node.value[step]
                line = found.start_mark.line + 1
            if found is None:
                return line
            node = found
        return line


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct(node: yaml.Node, loader: Any, problems: list[Problem]) -> Any:
    """Build Python data from the node tree: plain strings, lists and dicts directly,
    anything else (numbers, booleans, dates, merges) by PyYAML's safe constructor.
    Duplicate keys, which PyYAML would silently overwrite, are reported."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loader, problems) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                return loader.construct_object(node, deep=True)
            key = _construct(key_node, loader, problems)
            try:
                duplicate = key in out
            except TypeError as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from exc
            if duplicate:
                problems.append(
                    Problem(None, f"duplicate key {key!r}", key_node.start_mark.line + 1)
                )
            out[key] = _construct(value_node, loader, problems)
        return out
    return loader.construct_object(node, deep=True)  # pragma: no cover


def load_yaml(text: str, problems: list[Problem] | None = None) -> tuple[Any, yaml.Node | None]:
    """Parse YAML once, returning the data and the node tree (for line numbers).

    Duplicate keys are appended to ``problems``. Raises :class:`yaml.YAMLError` (with
    ``problem_mark``) when the text is malformed.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = _construct(root, loader, [] if problems is None else problems) if root else None
    finally:
        loader.dispose()
    return data, root


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
        return Problem(None, f"malformed YAML at line {line}, column {column}: {problem}", line)
    return Problem(None, f"malformed YAML: {problem}")


def _pydantic_problems(
    exc: ValidationError, node: str | None, prefix: str, loc: _Locator, base: tuple[str | int, ...]
) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        parts = list(err["loc"])
        if base[:1] == ("nodes",) and parts and parts[0] in _KIND_TAGS:
            parts = parts[1:]  # the discriminated union's tag, not a property
        where = ".".join(str(p) for p in parts)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown property"
        elif err["type"] == "missing":
            msg = "missing property"
        text = f"{prefix}{where}: {msg}" if where else f"{prefix}{msg}"
        out.append(Problem(node, text, loc.line(*base, *parts)))
    return out


_KIND_TAGS = frozenset({"say", "ask", "branch", "action"})


# --------------------------------------------------------------------------- analysis


def _fields_map(fields: Fields) -> Mapping[str, FieldSpec]:
    if fields is None:
        return _bundled_map()
    if isinstance(fields, Mapping):
        return fields
    return fields_by_key(list(fields))


_BUNDLED: dict[str, FieldSpec] = {}


def _bundled_map() -> Mapping[str, FieldSpec]:
    if not _BUNDLED:
        _BUNDLED.update(fields_by_key(load_bundled_fields()))
    return _BUNDLED


@dataclass
class _Parsed:
    header: ScriptHeader | None
    nodes: list[tuple[int, AnyNode]]  # (index in file, node)
    all_ids: list[tuple[int, str]]  # every node id in the file, even of invalid nodes
    objections: list[tuple[int, Objection]]
    complete: bool  # header, every node and objection valid
    script: Script | None


def _parse_parts(raw: Any, loc: _Locator, errors: list[Problem]) -> _Parsed:
    if not isinstance(raw, dict):
        errors.append(Problem(None, "a script must be a YAML mapping (id, title, nodes …)", 1))
        return _Parsed(None, [], [], [], False, None)
    raw_nodes = raw.get("nodes")
    raw_objections = raw.get("objections", [])
    all_ids: list[tuple[int, str]] = []
    if isinstance(raw_nodes, list):
        for i, item in enumerate(raw_nodes):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                all_ids.append((i, item["id"]))
    try:
        script = Script.model_validate(raw)
    except ValidationError:
        pass
    else:
        return _Parsed(
            script,
            list(enumerate(script.nodes)),
            all_ids,
            list(enumerate(script.objections)),
            True,
            script,
        )
    complete = True
    header: ScriptHeader | None = None
    head = {k: v for k, v in raw.items() if k not in ("nodes", "objections")}
    try:
        header = ScriptHeader.model_validate(head)
    except ValidationError as exc:
        complete = False
        errors.extend(_pydantic_problems(exc, None, "", loc, ()))
    nodes: list[tuple[int, AnyNode]] = []
    if not isinstance(raw_nodes, list) or not raw_nodes:
        complete = False
        errors.append(Problem(None, "nodes: a script needs a list of nodes", loc.line("nodes")))
        raw_nodes = []
    for i, item in enumerate(raw_nodes):
        node_id = item.get("id") if isinstance(item, dict) else None
        label = node_id if isinstance(node_id, str) else None
        prefix = "" if label else f"node #{i + 1}: "
        try:
            nodes.append((i, NODE_ADAPTER.validate_python(item)))
        except ValidationError as exc:
            complete = False
            errors.extend(_pydantic_problems(exc, label, prefix, loc, ("nodes", i)))
    objections: list[tuple[int, Objection]] = []
    if not isinstance(raw_objections, list):
        complete = False
        errors.append(Problem(None, "objections: must be a list", loc.line("objections")))
        raw_objections = []
    for i, item in enumerate(raw_objections):
        obj_id = item.get("id") if isinstance(item, dict) else None
        prefix = f"objection {obj_id!r}: " if isinstance(obj_id, str) else f"objection #{i + 1}: "
        try:
            objections.append((i, Objection.model_validate(item)))
        except ValidationError as exc:
            complete = False
            errors.extend(_pydantic_problems(exc, None, prefix, loc, ("objections", i)))
    return _Parsed(header, nodes, all_ids, objections, complete, None)


class _Analysis:
    def __init__(self, parsed: _Parsed, fields: Mapping[str, FieldSpec], loc: _Locator) -> None:
        self.p = parsed
        self.fields = fields
        self.loc = loc
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.ids = {node_id for _, node_id in parsed.all_ids}
        self.templates: dict[tuple[str, str], Template] = {}
        self.conditions: dict[tuple[str, int], Condition] = {}
        self._conditions_by_source: dict[str, Condition | ExpressionError] = {}

    def condition(self, source: str) -> Condition:
        """Compile a condition once per analysis (scripts repeat their conditions)."""
        cached = self._conditions_by_source.get(source)
        if cached is None:
            try:
                cached = compile_condition(source, self.fields)
            except ExpressionError as exc:
                cached = exc
            self._conditions_by_source[source] = cached
        if isinstance(cached, ExpressionError):
            raise cached
        return cached

    def err(self, node: str | None, message: str, line: int | None) -> None:
        self.errors.append(Problem(node, message, line))

    def warn(self, node: str | None, message: str, line: int | None) -> None:
        self.warnings.append(Problem(node, message, line))

    def node_line(self, index: int, *path: str | int) -> int | None:
        return self.loc.line("nodes", index, *path)

    def target(self, node: str, index: int, key: str, target: str, *path: str | int) -> None:
        if target not in self.ids:
            self.err(
                node,
                f"{key}: unknown node {target!r}",
                self.node_line(index, *(path or (key,))),
            )

    def template(
        self,
        owner: str,
        slot: str,
        source: str | None,
        node: str | None,
        where: tuple[str | int, ...],
    ) -> None:
        """Compile a text with merge fields; ``where`` is its YAML path (for the line)."""
        if source is None:
            return
        try:
            self.templates[(owner, slot)] = compile_template(source, self.fields)
        except TemplateError as exc:
            self.err(node, f"{slot}: {exc}", self.loc.line(*where) if where else None)

    def run(self) -> None:
        p = self.p
        seen: dict[str, int] = {}
        for index, node_id in p.all_ids:
            if node_id in seen:
                self.err(node_id, f"duplicate node id {node_id!r}", self.node_line(index, "id"))
            seen[node_id] = index
        if p.header is not None:
            if p.header.start not in self.ids:
                self.err(None, f"start: unknown node {p.header.start!r}", self.loc.line("start"))
            self.template(
                "", "caller_identity", p.header.caller_identity, None, ("caller_identity",)
            )
        for index, node in p.nodes:
            self.check_node(index, node)
        self.check_objections()
        if p.header is not None and p.header.start in self.ids:
            self.check_graph(p.header.start, p.complete)

    def check_node(self, index: int, node: AnyNode) -> None:
        nid = node.id
        for slot in ("text", "text_en", "hint", "hint_en"):
            self.template(nid, slot, getattr(node, slot), nid, ("nodes", index, slot))
        if isinstance(node, SayNode):
            self.target(nid, index, "next", node.next)
            if not node.text.strip():
                self.warn(nid, "say node has no text", self.node_line(index))
        elif isinstance(node, AskNode):
            self.target(nid, index, "next", node.next)
            if node.field not in self.fields:
                self.err(
                    nid, f"field: unknown field {node.field!r}", self.node_line(index, "field")
                )
            if not node.text.strip():
                self.warn(nid, "ask node has no question text", self.node_line(index))
        elif isinstance(node, BranchNode):
            for i, case in enumerate(node.branches):
                self.target(nid, index, "goto", case.goto, "branches", i, "goto")
                try:
                    self.conditions[(nid, i)] = self.condition(case.when)
                except ExpressionError as exc:
                    self.err(
                        nid,
                        f"condition {i + 1} ({case.when!r}): {exc}",
                        self.node_line(index, "branches", i, "if"),
                    )
            self.target(nid, index, "else", node.otherwise)
            if not node.branches:
                self.warn(
                    nid,
                    f"branch has no conditions; it always goes to {node.otherwise!r}",
                    self.node_line(index),
                )
        else:
            self.check_action(index, node)

    def check_action(self, index: int, node: ActionNode) -> None:
        nid = node.id
        if node.next is not None:
            self.target(nid, index, "next", node.next)
        if node.action == "set_segment" and not node.segment:
            self.err(nid, "set_segment needs a segment key", self.node_line(index, "action"))
        if node.action != "set_segment" and node.segment:
            self.err(
                nid, "segment: only set_segment takes a segment", self.node_line(index, "segment")
            )
        if node.action == "end_call":
            if not node.disposition:
                self.err(nid, "end_call needs a disposition code", self.node_line(index, "action"))
            if node.next is not None:
                self.err(nid, "end_call ends the call: remove next", self.node_line(index, "next"))
        elif node.disposition:
            self.err(
                nid,
                "disposition: only end_call takes a disposition",
                self.node_line(index, "disposition"),
            )
        elif node.next is None:
            self.warn(
                nid,
                f"the call ends here ({node.action}) without a disposition; end with end_call",
                self.node_line(index),
            )
        for key, source in node.params.items():
            where = ("nodes", index, "params", key)
            self.template(nid, f"params.{key}", source, nid, where)

    def check_objections(self) -> None:
        seen: set[str] = set()
        hotkeys: dict[int, str] = {}
        for position, (index, obj) in enumerate(self.p.objections):
            if obj.id in seen:
                self.err(
                    None, f"duplicate objection id {obj.id!r}", self.loc.line("objections", index)
                )
            seen.add(obj.id)
            if obj.return_to != BACK and obj.return_to not in self.ids:
                self.err(
                    None,
                    f"objection {obj.id!r}: return: unknown node {obj.return_to!r}",
                    self.loc.line("objections", index, "return"),
                )
            key = obj.hotkey if obj.hotkey is not None else position + 1
            if key <= 9:
                if key in hotkeys:
                    self.err(
                        None,
                        f"objection {obj.id!r}: hotkey {key} is also used by {hotkeys[key]!r}",
                        self.loc.line("objections", index),
                    )
                hotkeys[key] = obj.id
            owner = f"objection:{obj.id}"
            for slot in ("text", "text_en"):
                source = getattr(obj, slot)
                self.template(owner, slot, source, None, ("objections", index, slot))
        if len(self.p.objections) > 9:
            self.warn(
                None, "more than 9 objections: only 9 have hotkeys", self.loc.line("objections")
            )

    # ----------------------------------------------------------------- graph checks

    def check_graph(self, start: str, complete: bool) -> None:
        """Ends, reachability, loops. With invalid nodes in the file (``complete`` false)
        an edge into one counts as a possible way out, and reachability is not judged."""
        nodes = {n.id: (i, n) for i, n in self.p.nodes}
        edges = {nid: list(_successors(n)) for nid, (_, n) in nodes.items()}
        ends = [
            nid for nid, (_, n) in nodes.items() if isinstance(n, ActionNode) and n.next is None
        ]
        if not ends and complete:
            self.err(
                None,
                "the script has no end: add an action node without next (end_call)",
                self.loc.line("nodes"),
            )
        # Reachability: normal edges, plus objection targets (raisable from any node).
        jumps = [o.return_to for _, o in self.p.objections if o.return_to != BACK]
        reached = _reach([start, *jumps], edges)
        for nid, (index, _) in nodes.items():
            if complete and nid not in reached:
                self.warn(
                    nid, "unreachable: no path from the start leads here", self.node_line(index)
                )
        # Which nodes can reach an end (objection jumps do not count as exits).
        reverse: dict[str, list[str]] = {nid: [] for nid in nodes}
        for nid, succ in edges.items():
            for target in succ:
                if target in reverse:
                    reverse[target].append(nid)
        # A node pointing at an unknown target is already an error; do not pile on.
        broken = [nid for nid, succ in edges.items() if any(t not in nodes for t in succ)]
        can_end = _reach([*ends, *broken], reverse)
        dead = [nid for nid in nodes if nid not in can_end]
        if not dead:
            return
        dead_set = set(dead)
        sub = {nid: [t for t in edges[nid] if t in dead_set] for nid in dead}
        in_loop: set[str] = set()
        for component in _sccs(sub):
            cyclic = len(component) > 1 or component[0] in sub[component[0]]
            if not cyclic:
                continue
            ordered = sorted(component, key=lambda nid: nodes[nid][0])
            in_loop.update(ordered)
            cycle = " → ".join(ordered)
            self.err(
                ordered[0],
                f"loop with no exit: {cycle} — no path from this loop to an end of the call",
                self.node_line(nodes[ordered[0]][0]),
            )
        for nid in sorted(dead_set - in_loop, key=lambda n: nodes[n][0]):
            self.err(
                nid,
                "no path from here to an end of the call (every way leads into a loop with no exit)",
                self.node_line(nodes[nid][0]),
            )


def _successors(node: AnyNode) -> Iterable[str]:
    if isinstance(node, SayNode | AskNode):
        yield node.next
    elif isinstance(node, BranchNode):
        for case in node.branches:
            yield case.goto
        yield node.otherwise
    elif node.next is not None:
        yield node.next


def _reach(starts: Iterable[str], edges: Mapping[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    queue = deque(s for s in starts if s in edges)
    seen.update(queue)
    while queue:
        for target in edges[queue.popleft()]:
            if target in edges and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _sccs(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative (no recursion limit)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index_of:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index_of[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            succ = graph[v]
            recurse = False
            while i < len(succ):
                w = succ[i]
                i += 1
                if w not in index_of:
                    work.append((v, i))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index_of[w])
            if recurse:
                continue
            if low[v] == index_of[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return result


def _distance_to_end(script: Script) -> dict[str, int]:
    edges = {n.id: list(_successors(n)) for n in script.nodes}
    reverse: dict[str, list[str]] = {nid: [] for nid in edges}
    for nid, succ in edges.items():
        for target in succ:
            reverse[target].append(nid)
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    for n in script.nodes:
        if isinstance(n, ActionNode) and n.next is None:
            dist[n.id] = 0
            queue.append(n.id)
    while queue:
        nid = queue.popleft()
        for prev in reverse[nid]:
            if prev not in dist:
                dist[prev] = dist[nid] + 1
                queue.append(prev)
    return dist


# ------------------------------------------------------------------------- public API


def _analyse(
    script_or_text: Script | str | Path, fields: Fields
) -> tuple[Report, _Analysis | None]:
    fmap = _fields_map(fields)
    errors: list[Problem] = []
    if isinstance(script_or_text, Script):
        loc = _Locator(None)
        script = script_or_text
        parsed = _Parsed(
            script,
            list(enumerate(script.nodes)),
            [(i, n.id) for i, n in enumerate(script.nodes)],
            list(enumerate(script.objections)),
            True,
            script,
        )
    else:
        text = (
            script_or_text.read_text(encoding="utf-8")
            if isinstance(script_or_text, Path)
            else script_or_text
        )
        try:
            raw, root = load_yaml(text, errors)
        except yaml.YAMLError as exc:
            return Report([_yaml_problem(exc)], []), None
        loc = _Locator(root)
        parsed = _parse_parts(raw, loc, errors)
    analysis = _Analysis(parsed, fmap, loc)
    analysis.run()
    report = Report(errors + analysis.errors, analysis.warnings, parsed.script)
    return report, analysis


def validate_script(script_or_text: Script | str | Path, fields: Fields = None) -> Report:
    """Check a script (a :class:`Script`, YAML text, or a :class:`Path` to a YAML file)
    against the field catalogue (default: the bundled one). Lists every problem found."""
    report, _ = _analyse(script_or_text, fields)
    return report


_CACHE: dict[tuple[Any, ...], CompiledScript] = {}
_CACHE_SIZE = 64


def _fields_key(fields: Fields) -> tuple[Any, ...]:
    if fields is None:
        return ("bundled",)
    specs = fields.values() if isinstance(fields, Mapping) else fields
    return tuple(
        (f.key, f.type, f.required, f.min, f.max, f.pattern, tuple(f.choice_values()))
        for f in specs
    )


def compile_script(script_or_text: Script | str | Path, fields: Fields = None) -> CompiledScript:
    """Validate and compile a script for running. Raises :class:`ScriptInvalid` on errors.

    Compiled scripts are cached by content (version) and field catalogue.
    """
    if isinstance(script_or_text, Path):
        script_or_text = script_or_text.read_text(encoding="utf-8")
    cache_key: tuple[Any, ...] = (
        script_or_text.version if isinstance(script_or_text, Script) else script_or_text,
        _fields_key(fields),
    )
    cached = _CACHE.get(cache_key)
    if cached is not None:
        return cached
    report, analysis = _analyse(script_or_text, fields)
    if not report.ok or analysis is None or report.script is None:
        raise ScriptInvalid(report)
    compiled = _build(report.script, analysis, tuple(report.warnings))
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[cache_key] = compiled
    return compiled


def _build(script: Script, analysis: _Analysis, warnings: tuple[Problem, ...]) -> CompiledScript:
    fields = analysis.fields
    tpl = analysis.templates
    nodes: dict[str, CompiledNode] = {}
    for index, node in enumerate(script.nodes):
        nid = node.id
        field_spec = fields.get(node.field) if isinstance(node, AskNode) else None
        required = False
        if isinstance(node, AskNode) and field_spec is not None:
            required = field_spec.required if node.required is None else node.required
        cases: tuple[tuple[Condition, str], ...] = ()
        otherwise = None
        if isinstance(node, BranchNode):
            cases = tuple(
                (analysis.conditions[(nid, i)], c.goto) for i, c in enumerate(node.branches)
            )
            otherwise = node.otherwise
        action = node.action if isinstance(node, ActionNode) else None
        params: tuple[tuple[str, Template], ...] = ()
        if isinstance(node, ActionNode):
            params = tuple((k, tpl[(nid, f"params.{k}")]) for k in node.params)
        next_id = node.next if isinstance(node, SayNode | AskNode | ActionNode) else None
        nodes[nid] = CompiledNode(
            id=nid,
            kind=node.kind,
            node=node,
            index=index,
            text=tpl[(nid, "text")],
            text_en=tpl.get((nid, "text_en")),
            hint=tpl.get((nid, "hint")),
            hint_en=tpl.get((nid, "hint_en")),
            next=next_id,
            field=field_spec,
            required=required,
            cases=cases,
            otherwise=otherwise,
            action=action,
            params=params,
            segment=node.segment if isinstance(node, ActionNode) else None,
            disposition=node.disposition if isinstance(node, ActionNode) else None,
            passthrough=(
                isinstance(node, ActionNode) and node.next is not None and not node.text.strip()
            ),
        )
    objections: dict[str, CompiledObjection] = {}
    for position, obj in enumerate(script.objections):
        owner = f"objection:{obj.id}"
        objections[obj.id] = CompiledObjection(
            id=obj.id,
            label=obj.label,
            label_en=obj.label_en,
            text=tpl[(owner, "text")],
            text_en=tpl.get((owner, "text_en")),
            return_to=obj.return_to,
            hotkey=obj.hotkey if obj.hotkey is not None else position + 1,
        )
    ordered = dict(sorted(objections.items(), key=lambda kv: kv[1].hotkey))
    return CompiledScript(
        script=script,
        fields=fields,
        nodes=nodes,
        objections=ordered,
        distance_to_end=_distance_to_end(script),
        warnings=warnings,
        id=script.id,
        version=script.version,
        language=script.language,
        start=script.start,
        caller_identity=script.caller_identity,
        caller_identity_en=script.caller_identity_en,
    )
