"""E-mail addresses: syntax checked with ``email-validator``, no network look-ups."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

__all__ = ["email_search_key", "normalize_email", "normalize_emails"]

# "mailto:", "e-mail:", "email:" labels and angle brackets around the address.
_LABEL = re.compile(r"^\s*(?:mailto|e-?mail|adres)\s*:?\s*", re.IGNORECASE)
_WRAPPERS = " \t\r\n<>()[]\"'„”“,;."
_LIST_SEPARATORS = re.compile(r"[\s,;|]+")


def normalize_email(text: str) -> str | None:
    """A syntactically valid address with the domain lower-cased; ``None`` if not valid.

    ``"Jan.Kowalski@Firma.PL"`` → ``"Jan.Kowalski@firma.pl"``. A ``mailto:`` label and
    surrounding brackets or quotes are removed. The local part keeps its case (RFC 5321);
    use :func:`email_search_key` to compare addresses.
    """
    text = _LABEL.sub("", text).strip(_WRAPPERS)
    if "@" not in text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalize_emails(text: str) -> tuple[str, ...]:
    """All valid addresses in a cell holding several, separated by ``,``, ``;`` or spaces."""
    found: dict[str, str] = {}
    for part in _LIST_SEPARATORS.split(_LABEL.sub("", text)):
        email = normalize_email(part)
        if email is not None:
            found.setdefault(email.lower(), email)
    return tuple(found.values())


def email_search_key(text: str) -> str | None:
    """The whole normalised address lower-cased, for duplicate look-ups; ``None`` if invalid."""
    email = normalize_email(text)
    return email.lower() if email is not None else None
