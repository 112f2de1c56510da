"""Phone numbers: parsed and validated with ``phonenumbers``, Polish habits handled here.

What this module adds around ``phonenumbers``: Polish extension markers (``wew. 12``,
``wewn. 12``, ``w. 12``), labels in front of the number (``tel.``, ``kom.``, ``fax``), the
pre-2005 trunk zero in area codes (``(022) 123-45-67``) and country codes written without
``+`` (``48 601 234 567``). Only numbers that ``phonenumbers`` considers valid are
returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

__all__ = ["Phone", "PhoneKind", "normalize_phone", "normalize_phones", "phone_search_key"]

PhoneKind = Literal["mobile", "landline", "other"]

_KINDS: dict[int, PhoneKind] = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
}

# An extension at the end: "wew. 12", "wewn.12", "w. 5", "ext. 3", "x 12", "# 12".
_EXTENSION = re.compile(
    r"[\s,;(]*(?:wewn?(?:[ęe]trzny)?\.?|w\.|ext(?:ension)?\.?|x|\#)\s*[:.]?\s*"
    r"(?P<ext>[0-9]{1,6})\)?\s*$",
    re.IGNORECASE,
)
# Everything before the first digit, "+" or "(" (labels such as "tel.", "kom.:", "fax").
_LEADING_LABEL = re.compile(r"^[^0-9+(]*")
# The trunk zero of a pre-2005 Polish area code: "(022) …", "022 …" (not "00…", the IDD).
_TRUNK_ZERO = re.compile(r"^(\(?)0[\s-]*(?=[1-9])")
_LETTERS = re.compile(r"[^\W\d_]")
_NON_DIGITS = re.compile(r"[^0-9]")
# Separators between several numbers in one cell.
_LIST_SEPARATORS = re.compile(r"[,;|\n]|\s(?:lub|oraz|or)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Phone:
    """A valid phone number. Equal and hashable by ``e164``, ``extension`` and ``kind``."""

    e164: str
    """``+48221234567`` — the key to store and to compare."""
    extension: str | None
    """Internal extension (``"12"`` from ``wew. 12``), if any."""
    kind: PhoneKind
    """``mobile``, ``landline`` or ``other`` (toll-free, VoIP, premium, …)."""

    @cached_property
    def national(self) -> str:
        """For display, in international notation: ``+48 22 123 45 67``, ``+48 601 234 567``.

        Computed on first use: formatting costs as much as parsing, and a bulk import only
        needs ``e164``.
        """
        number = phonenumbers.parse(self.e164)
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)

    @property
    def display(self) -> str:
        """``national`` with the extension: ``+48 22 123 45 67 wew. 12``."""
        return f"{self.national} wew. {self.extension}" if self.extension else self.national


def normalize_phone(text: str, region: str = "PL") -> Phone | None:
    """Parse one phone number written any usual way; ``None`` if it is not a valid number.

    *region* is the ISO country assumed for numbers without a country code.

    >>> normalize_phone("(022) 123-45-67").e164
    '+48221234567'
    >>> normalize_phone("601 234 567 wew. 12").extension
    '12'
    """
    return _normalize_phone(text, region.upper())


@lru_cache(maxsize=1 << 16)
def _normalize_phone(text: str, region: str) -> Phone | None:
    text = text.strip()
    if not text:
        return None
    extension: str | None = None
    match = _EXTENSION.search(text)
    if match is not None:
        extension = match.group("ext")
        text = text[: match.start()]
    text = _LEADING_LABEL.sub("", text).strip()
    if not text or _LETTERS.search(text):
        return None
    if region == "PL":
        text = _TRUNK_ZERO.sub(r"\1", text)
    parsed = _parse_valid(text, region)
    if parsed is None:
        digits = _NON_DIGITS.sub("", text)
        if not text.startswith("+") and len(digits) >= 11:
            # "48 601 234 567", "49 30 1234567": a country code without "+" or "00".
            parsed = _parse_valid("+" + digits, region)
    if parsed is None:
        return None
    number, number_type = parsed
    if extension is None and number.extension:
        extension = number.extension
    number.extension = None
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        extension=extension,
        kind=_KINDS.get(number_type, "other"),
    )


def _parse_valid(text: str, region: str) -> tuple[phonenumbers.PhoneNumber, int] | None:
    """The parsed number and its type, or ``None`` if not a valid number.

    ``number_type`` is UNKNOWN exactly for invalid numbers (its documented contract), so
    it stands in for ``is_valid_number``, which would compute the type a second time.
    """
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    number_type = phonenumbers.number_type(number)
    return None if number_type == PhoneNumberType.UNKNOWN else (number, number_type)


def normalize_phones(text: str, region: str = "PL") -> tuple[Phone, ...]:
    """All valid numbers in a cell holding several (``"22 123 45 67, 601 234 567"``).

    Parts separated by ``,``, ``;``, ``|``, new lines, "lub" / "oraz" are parsed one by one;
    parts that are not valid numbers are skipped; duplicates are dropped, order is kept.
    """
    phones: dict[str, Phone] = {}
    for part in _LIST_SEPARATORS.split(text):
        phone = normalize_phone(part, region)
        if phone is not None:
            phones.setdefault(phone.e164, phone)
    return tuple(phones.values())


def phone_search_key(text: str, region: str = "PL") -> str | None:
    """E.164 without the extension, for index look-ups; ``None`` unless a full valid number."""
    phone = normalize_phone(text, region)
    return phone.e164 if phone is not None else None
