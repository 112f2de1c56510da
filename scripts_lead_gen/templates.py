"""Merge fields in script text: ``{company.name}``, ``{contact.first_name|Pan/Pani}`` …

Names: ``company.<attr>``, ``contact.<attr>``, ``agent.<attr>``, ``field.<key>`` (a
qualification field, formatted by its type), ``slot.<n>`` (the n-th proposed meeting slot,
1-based), ``caller_identity``, ``segment``. ``{name|fallback}`` renders ``fallback`` when the
value is missing; without a fallback a missing value renders as ``…`` — never ``None``.
``{{`` and ``}}`` are literal braces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scripts_lead_gen.fields import FieldSpec
from scripts_lead_gen.values import MISSING, format_value, is_missing

CONTEXT_ROOTS = ("company", "contact", "agent")
PLAIN_NAMES = ("caller_identity", "segment")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")

_WEEKDAYS_PL = (
    "poniedziałek",
    "wtorek",
    "środa",
    "czwartek",
    "piątek",
    "sobota",
    "niedziela",
)


class TemplateError(ValueError):
    """A malformed merge field or one naming something unknown."""


@dataclass(frozen=True, slots=True)
class Ref:
    """One merge field: ``key`` is the name in the flat value mapping."""

    key: str
    fallback: str | None
    spec: FieldSpec | None
    source: str


@dataclass(frozen=True, slots=True)
class Template:
    source: str
    parts: tuple[str | Ref, ...]

    @property
    def refs(self) -> tuple[Ref, ...]:
        return tuple(p for p in self.parts if isinstance(p, Ref))

    def render(self, env: Mapping[str, Any], language: str = "pl") -> str:
        if len(self.parts) == 1 and isinstance(self.parts[0], str):
            return self.parts[0]
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = env.get(part.key)
            if is_missing(value):
                out.append(part.fallback if part.fallback is not None else MISSING)
            elif part.key.startswith("slot."):
                out.append(format_slot(value, language))
            else:
                out.append(format_value(value, part.spec, language))
        return "".join(out)

    def value(self, env: Mapping[str, Any]) -> Any:
        """The raw value of a template that is exactly one merge field, else the text.

        Used for action parameters: ``"{field.meeting_address}"`` gives the typed value (or
        ``None`` when missing), ``"Spotkanie {slot.1}"`` gives rendered text.
        """
        if len(self.parts) == 1 and isinstance(self.parts[0], Ref):
            ref = self.parts[0]
            value = env.get(ref.key)
            if is_missing(value):
                return ref.fallback
            return value
        return self.render(env)


def resolve_name(name: str, fields: Mapping[str, FieldSpec]) -> tuple[str, FieldSpec | None]:
    """Map a merge-field name to its key in the value mapping (and field spec, if any)."""
    if not _NAME_RE.match(name):
        raise TemplateError(f"malformed merge field name {name!r}")
    root, dot, rest = name.partition(".")
    if not dot:
        if name in PLAIN_NAMES:
            return name, None
        if name in fields:
            raise TemplateError(f"write {{field.{name}}} for the field {name!r}")
        raise TemplateError(f"unknown merge field {{{name}}}")
    if root in CONTEXT_ROOTS:
        return name, None
    if root == "field":
        spec = fields.get(rest)
        if spec is None:
            raise TemplateError(f"unknown field {rest!r} in {{{name}}}")
        return rest, spec
    if root == "slot":
        if not rest.isdigit() or int(rest) < 1:
            raise TemplateError(f"slots are numbered from 1: {{{name}}}")
        return name, None
    raise TemplateError(
        f"unknown merge field {{{name}}} (use company.…, contact.…, agent.…, field.…, "
        "slot.N, caller_identity or segment)"
    )


def compile_template(source: str, fields: Mapping[str, FieldSpec]) -> Template:
    """Parse ``source``; raise :class:`TemplateError` listing every problem found."""
    parts: list[str | Ref] = []
    problems: list[str] = []
    buf: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "{":
            if source.startswith("{{", i):
                buf.append("{")
                i += 2
                continue
            end = source.find("}", i + 1)
            inner = source[i + 1 : end] if end >= 0 else ""
            if end < 0 or "{" in inner:
                problems.append(f"unclosed merge field at character {i + 1}")
                break
            name, bar, fallback = inner.partition("|")
            try:
                key, spec = resolve_name(name.strip(), fields)
            except TemplateError as exc:
                problems.append(str(exc))
                i = end + 1
                continue
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(Ref(key, fallback if bar else None, spec, source[i : end + 1]))
            i = end + 1
        elif ch == "}":
            if source.startswith("}}", i):
                buf.append("}")
                i += 2
                continue
            problems.append(f"unmatched '}}' at character {i + 1} (write '}}}}' for a brace)")
            i += 1
        else:
            buf.append(ch)
            i += 1
    if problems:
        raise TemplateError("; ".join(problems))
    if buf or not parts:
        parts.append("".join(buf))
    return Template(source, tuple(parts))


def format_slot(value: Any, language: str = "pl") -> str:
    """A proposed meeting slot: ``{"label": ...}``, a datetime or ISO text, or any text."""
    if isinstance(value, Mapping):
        label = value.get("label")
        if isinstance(label, str) and label:
            return label
        value = value.get("start")
        if is_missing(value):
            return MISSING
    when: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, str) and "T" in value:
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            when = None
    if when is None:
        return format_value(value, None, language)
    if language == "pl":
        return f"{_WEEKDAYS_PL[when.weekday()]} {when:%d.%m.%Y}, godz. {when:%H:%M}"
    return f"{when:%A %d %B %Y}, {when:%H:%M}"
