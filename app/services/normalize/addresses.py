"""Polish addresses: street line, postcode, voivodeship."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from app.services.normalize.text import collapse_whitespace, search_key
from app.services.poland import CITIES, VOIVODESHIPS

__all__ = [
    "StreetAddress",
    "StreetPrefix",
    "format_street",
    "normalize_postcode",
    "normalize_voivodeship",
    "parse_street",
    "postcode_city",
    "street_match_key",
]

StreetPrefix = Literal["ul.", "al.", "pl.", "os.", "rondo", "skwer"]

_PREFIXES: dict[str, StreetPrefix] = {
    "ul": "ul.", "ulica": "ul.",
    "al": "al.", "aleja": "al.", "aleje": "al.", "alei": "al.",
    "pl": "pl.", "plac": "pl.",
    "os": "os.", "osiedle": "os.",
    "rondo": "rondo",
    "skwer": "skwer", "skw": "skwer",
}
# The prefix must be followed by a dot or a space: "Ulańska" and "Plater" are streets.
_PREFIX = re.compile(
    r"^\s*(?P<prefix>ulica|ul|aleja|aleje|alei|al|plac|pl|osiedle|os|rondo|skwer|skw)"
    r"(?:\.\s*|\s+)",
    re.IGNORECASE,
)
# House number at the end, with an optional flat: "12", "123A", "12 a" (a letter after a
# space, but not "m", the flat marker), "12-14", "12 / 3", "5 m. 12", "123A lok. 4",
# "10/25", "3 m 2", "nr 7".
_NUMBER = r"[0-9]+(?:[A-Za-z](?![A-Za-z.])|\s[A-LN-Za-ln-z](?![A-Za-z.]))?"
_HOUSE = re.compile(
    rf"(?:^|[\s,]+)(?:nr\.?\s*)?(?P<building>{_NUMBER}(?:\s*[-–]\s*{_NUMBER})?)"
    rf"(?:\s*(?:/|\\|,?\s*(?:m|lok|lokal|mieszk|apt|app)\.?)\s*(?P<flat>{_NUMBER}))?"
    r"[\s,.]*$",
    re.IGNORECASE,
)
_SPACES_IN_NUMBER = re.compile(r"\s+")

_POSTCODE = re.compile(r"\s*(?:PL[\s-]*)?([0-9]{2})\s*[-‐‑‒–—]?\s*([0-9]{3})\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StreetAddress:
    """A street line taken apart: ``ul. Marszałkowska 12/3``."""

    prefix: StreetPrefix | None
    street: str
    building: str | None
    """House number, letters upper case: ``"123A"``, ``"12-14"``."""
    flat: str | None


def parse_street(text: str) -> StreetAddress:
    """Take apart a street line written any usual way.

    ``"Al. Jerozolimskie 123A lok. 4"`` → ``StreetAddress("al.", "Jerozolimskie", "123A",
    "4")``. Numbers that are part of the street name stay in it (``"ul. 3 Maja 12"`` →
    street ``"3 Maja"``, building ``"12"``). A village address without a street
    (``"Nowa Wieś 12"``) comes back with the village as the street.
    """
    text = collapse_whitespace(text)
    prefix: StreetPrefix | None = None
    match = _PREFIX.match(text)
    if match is not None and match.end() < len(text):
        prefix = _PREFIXES[match.group("prefix").lower()]
        text = text[match.end():]
    building = flat = None
    match = _HOUSE.search(text)
    if match is not None:
        building = _tidy_number(match.group("building"))
        flat = _tidy_number(match.group("flat"))
        text = text[: match.start()]
    return StreetAddress(prefix, text.strip(" ,"), building, flat)


def _tidy_number(number: str | None) -> str | None:
    if number is None:
        return None
    return _SPACES_IN_NUMBER.sub("", number).replace("–", "-").upper()


def format_street(address: StreetAddress) -> str:
    """``StreetAddress("ul.", "Marszałkowska", "12", "3")`` → ``"ul. Marszałkowska 12/3"``."""
    parts = [p for p in (address.prefix, address.street) if p]
    if address.building:
        parts.append(address.building + (f"/{address.flat}" if address.flat else ""))
    return " ".join(parts)


def street_match_key(text: str) -> str:
    """Key to compare street lines: no prefix, ASCII, ``"marszalkowska 12/3"``."""
    address = parse_street(text)
    key = search_key(address.street)
    if address.building:
        number = address.building.lower() + (f"/{address.flat.lower()}" if address.flat else "")
        key = f"{key} {number}" if key else number
    return key


def normalize_postcode(text: str) -> str | None:
    """``"00950"``, ``"00-950"``, ``"00 950"``, ``"PL-00-950"`` → ``"00-950"``; else ``None``."""
    match = _POSTCODE.fullmatch(text)
    return f"{match.group(1)}-{match.group(2)}" if match is not None else None


# Sorted ranges of the reference towns in app.services.poland.
_RANGES = sorted((c.postcode_first, c.postcode_last, c.name) for c in CITIES)
_RANGE_STARTS = [first for first, _, _ in _RANGES]


def postcode_city(postcode: str) -> str | None:
    """The town a postcode belongs to, for the reference towns of :mod:`app.services.poland`.

    Covers the big cities' whole ranges and the main code of smaller towns; ``None`` for
    any other code (a full PNA table is not bundled).
    """
    code = normalize_postcode(postcode)
    if code is None:
        return None
    index = bisect_right(_RANGE_STARTS, code) - 1
    if index >= 0:
        first, last, name = _RANGES[index]
        if first <= code <= last:
            return name
    return None


def _voivodeship_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for v in VOIVODESHIPS:
        for alias in (v.key, v.name_pl, v.name_en, v.teryt, v.iso_letters, f"PL-{v.teryt}",
                      f"PL-{v.iso_letters}"):
            aliases[search_key(alias)] = v.key
        aliases[str(int(v.teryt))] = v.key
    return aliases


_VOIVODESHIP_ALIASES = _voivodeship_aliases()
_VOIVODESHIP_WORDS = re.compile(
    r"\b(?:woj|wojewodztwo|wojewodztwa|voivodeship|voivodship|province|region)\b"
)
_PARENTHESISED_CODE = re.compile(r"\(\s*[0-9]{1,2}\s*\)")


def normalize_voivodeship(text: str) -> str | None:
    """The voivodeship key (``"mazowieckie"``, ``"slaskie"`` …) from any usual spelling.

    Accepts the Polish name in any case, with or without diacritics and "woj." /
    "województwo", the English name ("Masovian", "Lower Silesian Voivodeship"), the TERYT
    code ("14", "mazowieckie (14)") and the ISO 3166-2 codes ("PL-14", "MZ").
    """
    key = search_key(_PARENTHESISED_CODE.sub(" ", text))
    found = _VOIVODESHIP_ALIASES.get(key)
    if found is None:
        words = _VOIVODESHIP_WORDS.sub(" ", key).split()
        names = [word for word in words if not word.isdigit()]
        found = _VOIVODESHIP_ALIASES.get(" ".join(names or words))
    code = _PARENTHESISED_CODE.search(text)
    if found is None and code is not None:
        # A name we do not know with a code in brackets: trust the code.
        found = _VOIVODESHIP_ALIASES.get(str(int(code.group().strip("() \t"))))
    return found
