"""Answer values: parse what an agent typed into a typed value, and format values for text.

Typed values by field type: ``text``/``phone``/``email``/``choice`` → ``str``, ``int`` →
``int``, ``decimal`` → :class:`~decimal.Decimal`, ``bool`` → ``bool``, ``date`` →
:class:`datetime.date`, ``multi_choice`` → ``list[str]``. A missing answer is ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from scripts_lead_gen.fields import FieldSpec

MISSING = "…"
"""How a merge field with no value and no fallback renders (never ``None``)."""

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_INT_RE = re.compile(r"^[+-]?\d+$")
_DEC_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_DATE_PL = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_PHONE_STRIP = re.compile(r"[\s\u00a0().\-/]+")

_PLAIN = frozenset({str, int, bool, float, type(None)})
_TRUE = frozenset({"tak", "t", "yes", "y", "true", "1", "prawda"})
_FALSE = frozenset({"nie", "n", "no", "false", "0", "fałsz", "falsz"})

_MESSAGES: dict[str, tuple[str, str]] = {
    # code: (English, Polish) — {placeholders} filled after choosing the language
    "required": ("This field is required.", "To pole jest wymagane."),
    "not_int": ("Enter a whole number.", "Wpisz liczbę całkowitą."),
    "not_decimal": ("Enter a number.", "Wpisz liczbę."),
    "not_bool": ("Answer yes or no.", "Odpowiedz tak lub nie."),
    "not_date": (
        "Enter a date as YYYY-MM-DD or DD.MM.YYYY.",
        "Wpisz datę w formacie DD.MM.RRRR lub RRRR-MM-DD.",
    ),
    "not_text": ("Enter text.", "Wpisz tekst."),
    "below_min": (
        "The value must be at least {limit}.",
        "Wartość musi wynosić co najmniej {limit}.",
    ),
    "above_max": ("The value must be at most {limit}.", "Wartość może wynosić najwyżej {limit}."),
    "not_choice": ("Choose one of: {allowed}.", "Wybierz jedną z opcji: {allowed}."),
    "pattern": ("The value has the wrong format.", "Wartość ma niepoprawny format."),
    "not_phone": ("Enter a valid phone number.", "Wpisz poprawny numer telefonu."),
    "not_email": ("Enter a valid e-mail address.", "Wpisz poprawny adres e-mail."),
    "unknown_field": ("Unknown field {field}.", "Nieznane pole {field}."),
}


@dataclass(frozen=True, slots=True)
class FieldError:
    """A field-level validation problem, with messages for both languages."""

    field: str
    code: str
    message: str
    message_pl: str

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "message_pl": self.message_pl,
        }


class FieldValueError(ValueError):
    """Raised by :func:`parse_value` with the :class:`FieldError` describing the problem."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message)
        self.error = error


def field_error(key: str, code: str, /, **params: object) -> FieldError:
    """A :class:`FieldError` for field ``key`` with the messages of ``code``."""
    en, pl = _MESSAGES[code]
    return FieldError(key, code, en.format(**params), pl.format(**params))


def _fail(spec: FieldSpec, code: str, **params: object) -> FieldValueError:
    return FieldValueError(field_error(spec.key, code, **params))


def is_missing(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    return isinstance(raw, list | tuple | set) and len(raw) == 0


def parse_value(spec: FieldSpec, raw: object, *, required: bool | None = None) -> Any:
    """Validate ``raw`` (typed text or an already-typed value) against ``spec``.

    Returns the typed value, or ``None`` for a missing optional answer. Raises
    :class:`FieldValueError` for anything else. ``required`` overrides ``spec.required``.
    A ``pattern`` is matched against the normalised text (e.g. ``+48601234567``).
    """
    kind = spec.type
    value: Any
    if (type(raw) is int and kind == "int") or (type(raw) is bool and kind == "bool"):
        value = raw  # fast path: already typed (bounds are still checked below)
    elif is_missing(raw):
        if spec.required if required is None else required:
            raise _fail(spec, "required")
        return None
    else:
        value = _PARSERS[kind](spec, raw)
    if kind in _NUMERIC:
        if spec.min is not None and value < spec.min:
            raise _fail(spec, "below_min", limit=_fmt_limit(spec.min))
        if spec.max is not None and value > spec.max:
            raise _fail(spec, "above_max", limit=_fmt_limit(spec.max))
    elif spec.pattern is not None and kind in _PATTERNED and not re.search(spec.pattern, value):
        raise _fail(spec, "pattern")
    return value


_NUMERIC = frozenset({"int", "decimal"})
_PATTERNED = frozenset({"text", "phone", "email"})


def _fmt_limit(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def _parse_text(spec: FieldSpec, raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise _fail(spec, "not_text")
    return str(raw).strip()


def _parse_int(spec: FieldSpec, raw: object) -> int:
    if isinstance(raw, bool):
        raise _fail(spec, "not_int")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | Decimal):
        if raw == raw and raw not in (float("inf"), float("-inf")) and int(raw) == raw:
            return int(raw)
        raise _fail(spec, "not_int")
    if isinstance(raw, str):
        text = _SPACES.sub("", raw)
        if _INT_RE.match(text) and len(text) <= 18:
            return int(text)
    raise _fail(spec, "not_int")


def _parse_decimal(spec: FieldSpec, raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise _fail(spec, "not_decimal")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise _fail(spec, "not_decimal")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _fail(spec, "not_decimal")
        return raw
    if isinstance(raw, str):
        text = _SPACES.sub("", raw)
        if _DEC_RE.match(text) and len(text) <= 30:
            try:
                return Decimal(text.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the regex already rules this out
                pass
    raise _fail(spec, "not_decimal")


def _parse_bool(spec: FieldSpec, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _fail(spec, "not_bool")


def _parse_date(spec: FieldSpec, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            m = _DATE_PL.match(text)
            if m:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if len(text) == 10:
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _fail(spec, "not_date")


def _match_choice(spec: FieldSpec, raw: object) -> str:
    if isinstance(raw, str):
        text = raw.strip()
        folded = text.casefold()
        for c in spec.choices:
            if text == c.value:
                return c.value
        for c in spec.choices:
            if folded in (c.value.casefold(), c.label_pl.casefold(), c.label_en.casefold()):
                return c.value
    raise _fail(spec, "not_choice", allowed=", ".join(spec.choice_values()))


def _parse_choice(spec: FieldSpec, raw: object) -> str:
    return _match_choice(spec, raw)


def _parse_multi(spec: FieldSpec, raw: object) -> list[str]:
    items: list[object]
    if isinstance(raw, str):
        items = [p for p in (s.strip() for s in re.split(r"[,;]", raw)) if p]
    elif isinstance(raw, list | tuple):
        items = list(raw)
    else:
        raise _fail(spec, "not_choice", allowed=", ".join(spec.choice_values()))
    out: list[str] = []
    for item in items:
        value = _match_choice(spec, item)
        if value not in out:
            out.append(value)
    if not out and spec.required:
        raise _fail(spec, "required")
    return out


def _parse_phone(spec: FieldSpec, raw: object) -> str:
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise _fail(spec, "not_phone")
    text = _PHONE_STRIP.sub("", str(raw).strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+"):
        digits = text[1:]
        if digits.isdigit() and 8 <= len(digits) <= 15:
            return "+" + digits
    elif text.isdigit():
        if len(text) == 9:
            return "+48" + text
        if len(text) == 11 and text.startswith("48"):
            return "+" + text
    raise _fail(spec, "not_phone")


def _parse_email(spec: FieldSpec, raw: object) -> str:
    if not isinstance(raw, str):
        raise _fail(spec, "not_email")
    text = raw.strip()
    if len(text) > 254 or not _EMAIL_RE.match(text):
        raise _fail(spec, "not_email")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


_PARSERS: dict[str, Any] = {
    "text": _parse_text,
    "int": _parse_int,
    "decimal": _parse_decimal,
    "bool": _parse_bool,
    "date": _parse_date,
    "choice": _parse_choice,
    "multi_choice": _parse_multi,
    "phone": _parse_phone,
    "email": _parse_email,
}


# ----------------------------------------------------------------------------- output


def to_json_value(value: object) -> Any:
    """A JSON-friendly form: dates as ISO text, decimals as numbers, lists as lists."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return value


def _group_thousands(digits: str, sep: str, min_len: int) -> str:
    if len(digits) < min_len:
        return digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: int | float | Decimal, language: str = "pl") -> str:
    """Polish: ``12 500`` (no-break space, 4-digit numbers unsplit), ``1 234,5``; English:
    ``12,500``, ``1,234.5``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = format(value, "f") if not isinstance(value, int) else str(value)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    if frac:
        frac = frac.rstrip("0")
    if language == "pl":
        out = _group_thousands(whole, "\u00a0", 5)
        return sign + out + ("," + frac if frac else "")
    out = _group_thousands(whole, ",", 4)
    return sign + out + ("." + frac if frac else "")


def format_value(value: object, spec: FieldSpec | None = None, language: str = "pl") -> str:
    """Text for a merge field. ``None`` and empty values render as :data:`MISSING`."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        if language == "pl":
            return "Tak" if value else "Nie"
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return format_number(value, language)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if language == "pl" else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if language == "pl" else value.isoformat()
    if isinstance(value, list | tuple):
        items = [format_value(v, spec, language) for v in value]
        return ", ".join(items) if items else MISSING
    if isinstance(value, str):
        if spec is not None and spec.type in ("choice", "multi_choice"):
            return spec.choice_label(value, language)
        if spec is not None and spec.type == "phone":
            return format_phone(value)
        return value
    return str(value)


def format_phone(value: str) -> str:
    """``+48601234567`` → ``+48 601 234 567``; other numbers as they are."""
    if value.startswith("+48") and len(value) == 12 and value[1:].isdigit():
        return f"+48 {value[3:6]} {value[6:9]} {value[9:]}"
    return value
