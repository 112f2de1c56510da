"""Company names: Polish legal forms, canonical names and matching keys.

A purchased list writes the same legal form a dozen ways ("Sp. z o.o.", "sp z oo",
"Sp.z.o.o.", "SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ" …). :func:`split_company_name`
finds it at the end of the name, together with a status such as "w likwidacji";
:func:`canonical_company_name` rebuilds the name with the canonical spelling;
:func:`name_match_key` is what the deduplicator compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.services.normalize.text import search_key, strip_quotes

__all__ = [
    "CompanyName",
    "LegalForm",
    "canonical_company_name",
    "name_match_key",
    "parse_legal_form",
    "split_company_name",
    "split_legal_form",
]


class LegalForm(StrEnum):
    """A Polish legal form; the value is its canonical spelling after a company name."""

    SP_ZOO = "sp. z o.o."
    SA = "S.A."
    PSA = "P.S.A."
    SPJ = "sp.j."
    SPK = "sp.k."
    SKA = "S.K.A."
    SPP = "sp.p."
    SC = "s.c."
    SOLE_TRADER = "JDG"
    """Sole trader (jednoosobowa działalność gospodarcza): never written after a name."""

    @property
    def polish(self) -> str:
        """Full Polish name: ``spółka z ograniczoną odpowiedzialnością``."""
        return _POLISH[self]

    @property
    def english(self) -> str:
        """English description: ``limited liability company``."""
        return _ENGLISH[self]


_POLISH: dict[LegalForm, str] = {
    LegalForm.SP_ZOO: "spółka z ograniczoną odpowiedzialnością",
    LegalForm.SA: "spółka akcyjna",
    LegalForm.PSA: "prosta spółka akcyjna",
    LegalForm.SPJ: "spółka jawna",
    LegalForm.SPK: "spółka komandytowa",
    LegalForm.SKA: "spółka komandytowo-akcyjna",
    LegalForm.SPP: "spółka partnerska",
    LegalForm.SC: "spółka cywilna",
    LegalForm.SOLE_TRADER: "jednoosobowa działalność gospodarcza",
}
_ENGLISH: dict[LegalForm, str] = {
    LegalForm.SP_ZOO: "limited liability company",
    LegalForm.SA: "joint-stock company",
    LegalForm.PSA: "simple joint-stock company",
    LegalForm.SPJ: "general partnership",
    LegalForm.SPK: "limited partnership",
    LegalForm.SKA: "limited joint-stock partnership",
    LegalForm.SPP: "professional partnership",
    LegalForm.SC: "civil-law partnership",
    LegalForm.SOLE_TRADER: "sole trader",
}

# --- patterns ---------------------------------------------------------------------------
# Written against raw names *and* against search keys (ASCII, dots turned into spaces),
# so separators are optional runs of spaces and dots, and Polish letters have ASCII twins.
_S = r"[\s.]*"
_SPOLKA = rf"(?:sp[óo][łl]k[ai]|s{_S}-?{_S}ka|sp)"
_FORMS: dict[str, str] = {
    "SP_ZOO": rf"{_SPOLKA}{_S}z{_S}(?:ograniczon[ąa]{_S}odpowiedzialno[śs]ci[ąa]"
              rf"|ogr{_S}odp|o{_S}o)",
    "SKA": rf"{_SPOLKA}{_S}komandytowo[\s.-]*akcyjn[ae]|s{_S}k{_S}a|sp{_S}k{_S}a",
    "PSA": rf"prost[ae]{_S}sp[óo][łl]k[ai]{_S}akcyjn[ae]|p{_S}s{_S}a",
    "SA": rf"sp[óo][łl]k[ai]{_S}akcyjn[ae]|s{_S}a",
    "SPK": rf"{_SPOLKA}{_S}komandytow[ae]|sp{_S}k",
    "SPJ": rf"{_SPOLKA}{_S}jawn[ae]|sp{_S}j",
    "SPP": rf"{_SPOLKA}{_S}partnersk[ae]|sp{_S}p",
    "SC": rf"{_SPOLKA}{_S}cywiln[ae]|s{_S}c",
}
_SOLE_TRADER = (
    rf"osob[ay]{_S}fizyczn[ae]"
    rf"(?:{_S}prowadz[ąa]c[ae]{_S}dzia[łl]alno[śs][ćc]{_S}gospodarcz[ąa])?"
    rf"|(?:jednoosobowa{_S})?dzia[łl]alno[śs][ćc]{_S}gospodarcza|jdg"
)
_FORM_BODY = "|".join(f"(?P<{name}>{body})" for name, body in _FORMS.items())
_TRAIL = r"[\s.,;:\"'”“’»)\]-]*"
_FORM_AT_END = re.compile(rf"(?<![\w'’])(?:{_FORM_BODY}){_S}{_TRAIL}$", re.IGNORECASE)
_FORM_WHOLE = re.compile(
    rf"{_TRAIL}(?:{_FORM_BODY}|(?P<SOLE_TRADER>{_SOLE_TRADER})){_S}{_TRAIL}", re.IGNORECASE
)

_STATUSES: dict[str, str] = {
    "likwidacji": "w likwidacji",
    "likw": "w likwidacji",
    "upadlosci": "w upadłości",
    "restrukturyzacji": "w restrukturyzacji",
    "organizacji": "w organizacji",
}
_STATUS_AT_END = re.compile(
    rf"(?<![\w'’])w{_S}(?P<status>likwidacji|likw|upad[łl]o[śs]ci(?:{_S}uk[łl]adowej)?"
    rf"|restrukturyzacji|organizacji){_S}{_TRAIL}$",
    re.IGNORECASE,
)
_CORE_TRAIL = " ,;:-–—"
# Legal forms and statuses sit at the end: search only the tail (the longest spelling,
# "spółka z ograniczoną odpowiedzialnością", is 39 characters).
_TAIL = 72


def _search_tail(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text, max(0, len(text) - _TAIL))


# Words that describe the kind of business, not the business: dropped from match keys.
_NOISE_WORDS = frozenset({
    "firma", "przedsiebiorstwo", "pphu", "ppuh", "phu", "fhu", "fphu", "puh", "pph", "ph",
    "pu", "phup", "fh", "fu", "zpu", "zphu", "pw", "ppu", "pphiu", "phiu", "fhiu",
    "produkcyjno", "handlowo", "uslugowe", "uslugowo", "handlowe", "produkcyjne",
    "produkcyjna", "handlowa", "uslugowa", "wielobranzowe", "wielobranzowa",
})


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A company name taken apart."""

    core: str
    """The name without quotes, status and outer legal form. For a limited partnership
    whose partner is a company ("X sp. z o.o. sp.k.") the inner form stays, canonical."""
    legal_form: LegalForm | None
    status: str | None
    """``"w likwidacji"``, ``"w upadłości"``, ``"w restrukturyzacji"``, ``"w organizacji"``."""

    @property
    def canonical(self) -> str:
        """Core, canonical legal form and status: ``Transbud sp. z o.o. w likwidacji``."""
        parts = [self.core]
        if self.legal_form is not None and self.legal_form is not LegalForm.SOLE_TRADER:
            parts.append(self.legal_form.value)
        if self.status:
            parts.append(self.status)
        return " ".join(parts)


def split_company_name(name: str) -> CompanyName:
    """Take apart ``„TRANSBUD” Sp. z o.o. w likwidacji`` → core, legal form, status.

    Quotes are removed and whitespace collapsed; prefixes such as "P.P.H.U." stay in the
    core. A name that is nothing but a legal form is left whole as the core.
    """
    text = strip_quotes(name).strip(_CORE_TRAIL)
    status: str | None = None
    match = _search_tail(_STATUS_AT_END, text)
    if match is not None and text[: match.start()].strip(_CORE_TRAIL):
        status = _status_text(match.group("status"))
        text = text[: match.start()].strip(_CORE_TRAIL)
    forms: list[LegalForm] = []
    while (match := _search_tail(_FORM_AT_END, text)) is not None:
        rest = text[: match.start()].strip(_CORE_TRAIL)
        if not rest or match.lastgroup is None:
            break
        forms.append(LegalForm[match.lastgroup])
        text = rest
    if len(forms) > 1:
        text = " ".join([text, *(form.value for form in reversed(forms[1:]))])
    return CompanyName(core=text, legal_form=forms[0] if forms else None, status=status)


def _status_text(word: str) -> str:
    key = search_key(word).split()[0]
    return _STATUSES.get(key, "w upadłości")


def split_legal_form(name: str) -> tuple[str, LegalForm | None]:
    """``"Transbud Sp. z o.o."`` → ``("Transbud", LegalForm.SP_ZOO)``.

    The core is tidied (quotes, whitespace); a trailing status ("w likwidacji") is not part
    of it — use :func:`split_company_name` to keep it.
    """
    parts = split_company_name(name)
    return parts.core, parts.legal_form


def parse_legal_form(text: str) -> LegalForm | None:
    """A legal form written on its own, as in a "forma prawna" column.

    Accepts every spelling :func:`split_legal_form` knows, GUS category names
    ("SPÓŁKI Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ") and sole-trader phrases ("osoba fizyczna
    prowadząca działalność gospodarczą", "JDG").
    """
    match = _FORM_WHOLE.fullmatch(text.strip())
    if match is None or match.lastgroup is None:
        return None
    return LegalForm[match.lastgroup]


def canonical_company_name(name: str) -> str:
    """The name as it should be stored and shown: ``„Transbud” SP Z OO`` → ``Transbud sp. z o.o.``.

    Idempotent: odd inputs whose rebuilt name reads differently ("X P-SA" → "X P S.A.",
    which reads as P.S.A.) are taken apart again until the name is stable.
    """
    canonical = split_company_name(name).canonical
    for _ in range(3):
        again = split_company_name(canonical).canonical
        if again == canonical:
            break
        canonical = again
    return canonical


def name_match_key(name: str) -> str:
    """The key the deduplicator compares names by.

    :func:`search_key` of the name with quotes, legal forms, status and business-kind noise
    words ("firma", "przedsiębiorstwo", "PPHU", "FHU", "handlowo-usługowe" …) removed. If
    nothing would remain, the plain search key. Idempotent.
    """
    key = search_key(name.replace("&", " i "))
    core = key
    while True:
        before = core
        if (match := _search_tail(_STATUS_AT_END, core)) is not None and match.start() > 0:
            core = core[: match.start()]
        if (match := _search_tail(_FORM_AT_END, core)) is not None and match.start() > 0:
            core = core[: match.start()]
        core = " ".join(word for word in core.split() if word not in _NOISE_WORDS)
        if core == before:
            break
    return core or key
