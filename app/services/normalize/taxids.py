"""Tax and registry numbers — NIP, REGON, PESEL, EU VAT — validated with ``python-stdnum``.

The ``normalize_*`` functions accept any usual formatting (spaces, dashes, dots, a "PL"
prefix, a label such as ``NIP:``) and return the compact number, or ``None`` when it is not
a valid number (wrong length, not digits, checksum fails). ``format_*`` return the form for
display and raise :class:`ValueError` for an invalid number.
"""

from __future__ import annotations

import re

from stdnum.eu import vat as _vat
from stdnum.exceptions import ValidationError
from stdnum.pl import nip as _nip
from stdnum.pl import pesel as _pesel
from stdnum.pl import regon as _regon

__all__ = [
    "format_nip",
    "format_pesel",
    "format_regon",
    "format_vat",
    "is_valid_nip",
    "is_valid_pesel",
    "is_valid_regon",
    "is_valid_vat",
    "nip_search_key",
    "normalize_nip",
    "normalize_pesel",
    "normalize_regon",
    "normalize_vat",
    "regon_base",
]

# A label in front of the number: "NIP:", "NIP-UE", "VAT UE:", "REGON nr", "PESEL".
_LABEL = re.compile(
    r"^\s*(?:nip(?:[\s-]*(?:ue|eu))?|regon|pesel|vat(?:[\s-]*(?:id|ue|eu))?)"
    r"(?:[\s.:-]*(?:nr|no)\b)?[\s.:#-]*",
    re.IGNORECASE,
)
# Separators people put inside numbers (stdnum.util.clean also maps Unicode dashes).
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―./_]+")
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_COUNTRY_PREFIX = re.compile(r"[A-Z]{2}")


def _clean(text: str) -> str:
    """Label and separators removed, upper case: ``"NIP: pl 123-456-32-18"`` → ``PL…``."""
    return _SEPARATORS.sub("", _LABEL.sub("", text)).upper()


# --- NIP ------------------------------------------------------------------------------


def normalize_nip(text: str) -> str | None:
    """Ten digits of a valid NIP: ``"PL 123-456-32-18"`` → ``"1234563218"``; else ``None``."""
    try:
        return _nip.validate(_clean(text))
    except ValidationError:
        return None


def is_valid_nip(text: str) -> bool:
    """True when *text* is a valid NIP in any formatting."""
    return normalize_nip(text) is not None


def format_nip(text: str) -> str:
    """``"123-456-32-18"`` for display. Raises :class:`ValueError` if not a valid NIP."""
    number = normalize_nip(text)
    if number is None:
        raise ValueError(f"not a valid NIP: {text!r}")
    return _nip.format(number)


def nip_search_key(text: str) -> str | None:
    """The ten digits of a NIP-looking entry for look-ups, *without* checking the checksum.

    Strips a label, "PL", spaces, dashes and dots; ``None`` unless exactly ten digits remain.
    """
    number = _clean(text)
    if number.startswith("PL"):
        number = number[2:]
    return number if _TEN_DIGITS.fullmatch(number) else None


# --- REGON ----------------------------------------------------------------------------


def normalize_regon(text: str) -> str | None:
    """The 9 or 14 digits of a valid REGON; ``None`` if not valid."""
    try:
        return _regon.validate(_clean(text))
    except ValidationError:
        return None


def is_valid_regon(text: str) -> bool:
    """True when *text* is a valid 9- or 14-digit REGON."""
    return normalize_regon(text) is not None


def format_regon(text: str) -> str:
    """REGON for display: the plain digits, as GUS writes it. ``ValueError`` if not valid."""
    number = normalize_regon(text)
    if number is None:
        raise ValueError(f"not a valid REGON: {text!r}")
    return number


def regon_base(text: str) -> str | None:
    """The 9-digit REGON of the legal unit: a local unit's 14-digit REGON starts with it."""
    number = normalize_regon(text)
    return number[:9] if number is not None else None


# --- PESEL ----------------------------------------------------------------------------


def normalize_pesel(text: str) -> str | None:
    """The 11 digits of a valid PESEL (checksum and birth date checked); else ``None``."""
    try:
        return _pesel.validate(_clean(text))
    except ValidationError:
        return None


def is_valid_pesel(text: str) -> bool:
    """True when *text* is a valid PESEL."""
    return normalize_pesel(text) is not None


def format_pesel(text: str) -> str:
    """PESEL for display (the plain 11 digits). ``ValueError`` if not valid."""
    number = normalize_pesel(text)
    if number is None:
        raise ValueError(f"not a valid PESEL: {text!r}")
    return number


# --- EU VAT ---------------------------------------------------------------------------


def normalize_vat(text: str, default_country: str | None = "PL") -> str | None:
    """A valid EU VAT number with its country prefix: ``"PL1234563218"``, ``"DE136695976"``.

    A number without a country prefix is taken as *default_country*'s (a bare NIP becomes
    ``PL…``); pass ``None`` to require the prefix. Greece is ``EL``. ``None`` if not valid.
    """
    number = _clean(text)
    if not _COUNTRY_PREFIX.match(number):
        if default_country is None:
            return None
        number = default_country.upper() + number
    try:
        return _vat.validate(number)
    except ValidationError:
        return None


def is_valid_vat(text: str, default_country: str | None = "PL") -> bool:
    """True when *text* is a valid EU VAT number (see :func:`normalize_vat`)."""
    return normalize_vat(text, default_country) is not None


def format_vat(text: str, default_country: str | None = "PL") -> str:
    """VAT number for display: compact with its prefix, as VIES and invoices show it.

    Raises :class:`ValueError` if not valid.
    """
    number = normalize_vat(text, default_country)
    if number is None:
        raise ValueError(f"not a valid EU VAT number: {text!r}")
    return number
