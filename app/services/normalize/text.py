"""Text keys for search and matching: transliteration, case, punctuation, quotes."""

from __future__ import annotations

import re

from anyascii import anyascii

__all__ = ["collapse_whitespace", "search_key", "strip_quotes"]

# Dotted acronyms: "p.p.h.u." → "pphu", "s.a" → "sa" (single letters joined by dots).
_DOTTED_ACRONYM = re.compile(r"(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])")
_APOSTROPHES = re.compile(r"['`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Double quotes of every kind go; single quotes only when they do not sit between two
# letters (keeps "McDonald's", drops the quotes around 'Transbud').
_ANY_QUOTE = re.compile(r"[\"„”“‟″«»'‘’‚‛′]")
_DOUBLE_QUOTES = re.compile(r"[\"„”“‟″«»]")
_SINGLE_QUOTES = re.compile(r"(?<!\w)['‘’‚‛′]|['‘’‚‛′](?!\w)")


def collapse_whitespace(text: str) -> str:
    """Return *text* with runs of whitespace (incl. non-breaking spaces) as one space."""
    return " ".join(text.split())


def strip_quotes(text: str) -> str:
    """Remove quotation marks around words: ``„Transbud”`` / ``"Transbud"`` → ``Transbud``.

    Apostrophes inside a word (``McDonald's``) are kept. Whitespace is collapsed.
    """
    if _ANY_QUOTE.search(text) is None:
        return collapse_whitespace(text)
    text = _DOUBLE_QUOTES.sub(" ", text)
    text = _SINGLE_QUOTES.sub(" ", text)
    return collapse_whitespace(text)


def search_key(text: str) -> str:
    """The key for prefix and substring search of names, cities and streets.

    Transliterated to ASCII (``Łódź`` → ``lodz``), lower case, dotted acronyms joined
    (``P.P.H.U.`` → ``pphu``), apostrophes dropped, every other run of punctuation or
    whitespace turned into one space, no leading or trailing space. Idempotent:
    ``search_key(search_key(x)) == search_key(x)``.
    """
    text = text.lower()
    if not text.isascii():
        text = anyascii(text).lower()
    if "." in text:
        text = _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()
