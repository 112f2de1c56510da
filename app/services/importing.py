"""Importing purchased lists (CSV, XLSX): standardisation, row-level issues, provenance,
dry runs and rollback.

What happens to a row
---------------------
Every value is standardised with :mod:`app.services.normalize` (NIP / REGON with
``python-stdnum``, phones with ``phonenumbers`` — Polish default region, extensions —,
e-mails with ``email-validator``, legal forms, streets, postcodes, voivodeships). A row is

* **rejected** (severity ``error``, nothing of it imported) when it has **no name** (B2C:
  no person's name), when it is a **repeated header line**, or when it has **nothing to
  call and nothing to match on**: no valid phone, no valid e-mail and no valid NIP / REGON.
  A row with only a NIP or REGON is kept: another source may bring its phone at dedup.
* **imported with the bad field left empty** (severity ``warning``) for a NIP or REGON that
  fails its checksum, a phone that is not a valid number, an e-mail that is not an
  address, a postcode not in the ``NN-NNN`` form, an unknown voivodeship, a number out of
  range or a value not among a qualification field's choices. The warning carries the
  original text, so nothing is lost silently.
* imported with a ``warning`` but unchanged when a postcode belongs to another town than
  the one given, and with a ``warning`` when it has no phone or e-mail (kept for its
  NIP / REGON). A missing town is filled in from a known postcode and a missing
  voivodeship from a known town, silently.

Good rows always land. The whole batch is written in one transaction: an interrupted
import leaves nothing behind. ``dry_run`` does everything but the writing.

Provenance
----------
Each imported row becomes an :class:`~models.ImportRecord` (batch, source, row number,
raw cells, standardised values) linked to the company it landed in. Qualification values
carry ``source = "import:<batch id>"`` and ``import_batch_id``. After a merge, where each
field of the golden record came from is in :class:`~models.FieldProvenance`;
:func:`provenance` answers for any company.

B2B and B2C
-----------
Each B2B row creates one company (the deduplicator merges them later). With ``b2c`` each
row is a person: people at the same address (street, building, flat, postcode/town) share
one household — a company row with ``is_household`` set, which is the household id — and
the same person (same name and the same phone or e-mail) is not added twice.

Rollback
--------
:func:`rollback_batch` removes what a batch created — its records, companies, phones,
contacts and imported answers (a company that calls or other history were attached to
since is tombstoned instead) — and restores what it changed: merged companies holding its
records are unmerged and the rest of each is merged again without it.

All companies, phones, contacts and field values of an import are written through
:class:`CompanyWriter`, the one place sync will hook into.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFound, UserError
from app.services import import_formats as fmt
from app.services import poland
from app.services.normalize import (
    LegalForm,
    Phone,
    format_street,
    name_match_key,
    normalize_email,
    normalize_nip,
    normalize_phone,
    normalize_postcode,
    normalize_regon,
    normalize_voivodeship,
    parse_legal_form,
    parse_street,
    postcode_city,
    regon_base,
    search_key,
    split_company_name,
    street_match_key,
)
from app.services.normalize.text import collapse_whitespace
from models import (
    Company,
    Contact,
    FieldDefinition,
    FieldValue,
    ImportBatch,
    ImportRecord,
    PhoneNumber,
    new_id,
    utcnow,
)

log = logging.getLogger(__name__)

__all__ = [
    "CompanyWriter",
    "ImportOptions",
    "ImportResult",
    "Progress",
    "import_file",
    "list_batches",
    "provenance",
    "rollback_batch",
    "split_person_name",
    "standardise_row",
]

Progress = Callable[[int, int | None], None]
"""``progress(rows_done, rows_expected)``; ``rows_expected`` is an estimate or ``None``."""

FLUSH_EVERY = 2000
PROGRESS_EVERY = 1000
_NAME_MAX = 300


@dataclass(frozen=True)
class ImportOptions:
    source: str
    priority: int = 0
    mapping: Mapping[str, str] = field(default_factory=dict)
    """``--map``: column header (or 1-based number) → target field, ``ignore`` to skip."""
    encoding: str | None = None
    delimiter: str | None = None
    dry_run: bool = False
    b2c: bool = False


@dataclass
class ImportResult:
    batch_id: uuid.UUID | None
    rows: int
    imported: int
    rejected: int
    issues: list[dict[str, Any]]
    format: str
    encoding: str | None
    delimiter: str | None
    mapping: dict[str, str]
    ignored_columns: list[str]
    companies: int
    households: int
    seconds: float
    dry_run: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch_id": str(self.batch_id) if self.batch_id else None,
            "rows": self.rows,
            "imported": self.imported,
            "rejected": self.rejected,
            "issues": self.issues,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "mapping": self.mapping,
            "ignored_columns": self.ignored_columns,
            "companies": self.companies,
            "households": self.households,
            "seconds": round(self.seconds, 3),
            "dry_run": self.dry_run,
        }


# ---- standardisation of one row ---------------------------------------------------------


@dataclass
class _FieldSpec:
    key: str
    type: str
    choices: list[dict[str, Any]]
    min_value: float | None
    max_value: float | None


@dataclass
class RowOutcome:
    """One standardised row: the values to store (empty when rejected) and its issues."""

    values: dict[str, Any]
    issues: list[dict[str, Any]]
    rejected: bool


_TITLES = frozenset({"pan", "pani", "p", "mgr", "inz", "dr", "prof", "hab", "lic", "mgr inz"})
_FIRST_NAMES = frozenset(
    search_key(n) for n in (*poland.MALE_FIRST_NAMES, *poland.FEMALE_FIRST_NAMES)
)
_INT = re.compile(r"^[~≈]?\s*(?:ok\.?|około|ca\.?)?\s*([0-9][0-9\s]*)(?:[.,]0+)?\s*(?:szt\.?|pojazd\w*|aut\w*|os\.?|osób)?$", re.IGNORECASE)
_TRUE = frozenset({"tak", "t", "yes", "y", "1", "true", "prawda", "x", "+"})
_FALSE = frozenset({"nie", "n", "no", "0", "false", "falsz", "-"})
_WEBSITE = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(/\S*)?$", re.IGNORECASE)
_ADDRESS_POSTCODE = re.compile(r"(?<![0-9])([0-9]{2}\s*[-–]?\s*[0-9]{3})(?![0-9])")
_CITY_BY_KEY: dict[str, poland.City] = {}
for _city in poland.CITIES:
    _CITY_BY_KEY.setdefault(search_key(_city.name), _city)


def split_person_name(text: str) -> tuple[str | None, str | None]:
    """``"Jan Kowalski"`` / ``"KOWALSKI Jan"`` / ``"mgr inż. Jan Kowalski"`` → first, last."""
    words = [w for w in collapse_whitespace(text.replace(",", " ")).split(" ") if w]
    words = [w for w in words if search_key(w) not in _TITLES]
    if not words:
        return None, None
    if len(words) == 1:
        return None, words[0]
    if search_key(words[0]) not in _FIRST_NAMES and search_key(words[-1]) in _FIRST_NAMES:
        return " ".join(words[1:]), words[0]
    return " ".join(words[:-1]), words[-1]


def _issue(row: int, fieldname: str, value: Any, message: str, severity: str) -> dict[str, Any]:
    return {"row": row, "field": fieldname, "value": value, "message": message,
            "severity": severity}


def _convert_field(spec: _FieldSpec, text: str) -> tuple[Any, str | None]:
    """A qualification answer from its cell text: (value, problem or None)."""
    t = spec.type
    value: Any
    if t == "int":
        m = _INT.match(text.strip())
        if m is None:
            return None, "is not a whole number"
        value = int(m.group(1).replace(" ", ""))
    elif t == "decimal":
        try:
            value = float(Decimal(text.replace(" ", "").replace(",", ".")))
        except InvalidOperation:
            return None, "is not a number"
    elif t == "bool":
        k = search_key(text)
        if k in _TRUE:
            value = True
        elif k in _FALSE:
            value = False
        else:
            return None, "is not yes/no (tak/nie)"
    elif t in ("choice", "multi_choice"):
        options = {search_key(str(c.get("value", ""))): c["value"] for c in spec.choices}
        for c in spec.choices:
            for label in (c.get("label_pl"), c.get("label_en")):
                if label:
                    options.setdefault(search_key(label), c["value"])
        parts = re.split(r"[;,/|]", text) if t == "multi_choice" else [text]
        found = []
        for part in parts:
            key = search_key(part)
            if not key:
                continue
            if key not in options:
                return None, "is not one of the field's choices"
            found.append(options[key])
        if not found:
            return None, "is empty"
        value = found if t == "multi_choice" else found[0]
    elif t == "phone":
        phone = normalize_phone(text)
        if phone is None:
            return None, "is not a valid phone number"
        value = phone.e164
    elif t == "email":
        email = normalize_email(text)
        if email is None:
            return None, "is not a valid e-mail address"
        value = email
    elif t == "date":
        value = _parse_date(text)
        if value is None:
            return None, "is not a date"
    else:
        value = text
    if t in ("int", "decimal"):
        if spec.min_value is not None and value < spec.min_value:
            return None, f"is below the minimum {spec.min_value:g}"
        if spec.max_value is not None and value > spec.max_value:
            return None, f"is above the maximum {spec.max_value:g}"
    return value, None


def _parse_date(text: str) -> str | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _split_address(text: str) -> tuple[str, str | None, str | None]:
    """``"ul. Długa 5/2, 00-950 Warszawa"`` → street line, postcode, town."""
    match = _ADDRESS_POSTCODE.search(text)
    if match is None:
        return text.strip(" ,"), None, None
    street = text[: match.start()].strip(" ,;")
    city = text[match.end():].strip(" ,;") or None
    return street, match.group(1), city


def standardise_row(
    row: int,
    cells: Mapping[str, list[tuple[str, Any]]],
    field_specs: Mapping[str, _FieldSpec],
    *,
    b2c: bool = False,
) -> RowOutcome:
    """Standardise one row. ``cells`` maps each target to its (header, cell) pairs.

    Pure: no database. See the module docstring for what rejects a row.
    """
    issues: list[dict[str, Any]] = []
    v: dict[str, Any] = {}

    all_texts: dict[str, list[str]] = {}
    for target, pairs in cells.items():
        non_empty = [t for t in (fmt.cell_text(c) for _, c in pairs) if t]
        if non_empty:
            all_texts[target] = non_empty

    def texts(target: str) -> list[str]:
        return all_texts.get(target, [])

    def first(target: str) -> str | None:
        found = all_texts.get(target)
        return found[0] if found else None

    def warn(fieldname: str, value: Any, message: str, severity: str = "warning") -> None:
        issues.append(_issue(row, fieldname, value, message, severity))

    # -- person (contact, or the B2C customer)
    contact: dict[str, Any] = {}
    first_name = first("contact_first_name")
    last_name = first("contact_last_name")
    full = first("contact_name")
    if full and not (first_name or last_name):
        first_name, last_name = split_person_name(full)
    if first_name:
        contact["first_name"] = first_name[:80]
    if last_name:
        contact["last_name"] = last_name[:120]
    role = first("contact_role")
    if role:
        contact["role"] = role[:80]

    # -- name
    raw_name = first("name")
    if b2c:
        if not (first_name or last_name):
            warn("contact_name", full or raw_name, "no person's name: row not imported", "error")
            return RowOutcome({}, issues, True)
    else:
        if raw_name is None or not search_key(raw_name):
            warn("name", raw_name, "no company name: row not imported", "error")
            return RowOutcome({}, issues, True)
        parts = split_company_name(raw_name)
        name = parts.canonical
        if len(name) > _NAME_MAX:
            warn("name", raw_name, f"name longer than {_NAME_MAX} characters, shortened")
            name = name[:_NAME_MAX]
        v["name"] = name
        form: LegalForm | None = parts.legal_form
        form_text = first("legal_form")
        if form_text:
            given = parse_legal_form(form_text)
            if given is None:
                warn("legal_form", form_text, "unknown legal form, left empty")
            else:
                form = given
        if form is not None:
            v["legal_form"] = form.name.lower()
        v["match_name"] = name_match_key(name)

    # -- tax ids
    nip_text = first("nip")
    if nip_text:
        nip = normalize_nip(nip_text)
        if nip is None:
            warn("nip", nip_text, "not a valid NIP (checksum or length), left empty")
        else:
            v["nip"] = nip
    regon_text = first("regon")
    if regon_text:
        regon = normalize_regon(regon_text)
        if regon is None and regon_text.isdigit() and len(regon_text) in (8, 13):
            regon = normalize_regon("0" + regon_text)  # a spreadsheet ate the leading zero
        if regon is None:
            warn("regon", regon_text, "not a valid REGON (checksum or length), left empty")
        else:
            v["regon"] = regon

    # -- address
    street_text = first("street")
    postcode_text = first("postcode")
    city_text = first("city")
    address_text = first("address")
    if address_text:
        line, code, town = _split_address(address_text)
        street_text = street_text or line or None
        postcode_text = postcode_text or code
        city_text = city_text or town
    if street_text:
        parsed = parse_street(street_text)
        building = first("building") or parsed.building
        flat = first("flat") or parsed.flat
        street = format_street(type(parsed)(parsed.prefix, parsed.street, None, None))
        if street:
            v["street"] = street[:200]
        if building:
            v["building"] = building.upper()[:32]
        if flat:
            v["flat"] = flat[:32]
    else:
        if first("building"):
            v["building"] = str(first("building")).upper()[:32]
        if first("flat"):
            v["flat"] = str(first("flat"))[:32]
    if postcode_text:
        cell = cells.get("postcode", [("", None)])[0][1]
        if isinstance(cell, int) and 0 < cell < 100000:
            postcode_text = f"{cell:05d}"  # a spreadsheet ate the leading zero
        code = normalize_postcode(postcode_text)
        if code is None:
            warn("postcode", postcode_text, "not a postcode (NN-NNN), left empty")
        else:
            v["postcode"] = code
    if city_text:
        v["city"] = city_text[:120]
    code_city = postcode_city(v["postcode"]) if "postcode" in v else None
    city_key = search_key(v["city"]) if "city" in v else None
    if code_city is not None:
        code_key = search_key(code_city)
        if city_key is None:
            v["city"] = code_city  # filled in from the postcode
            city_key = code_key
        elif code_key != city_key and code_key not in city_key:
            warn("postcode", postcode_text,
                 f"postcode {v['postcode']} belongs to {code_city}, not {v['city']}; kept as given")
    voiv_text = first("voivodeship")
    if voiv_text:
        voiv = normalize_voivodeship(voiv_text)
        if voiv is None:
            warn("voivodeship", voiv_text, "unknown voivodeship, left empty")
        else:
            v["voivodeship"] = voiv
    if city_key is not None:
        v["city_key"] = city_key
        if "voivodeship" not in v:
            known_town = _CITY_BY_KEY.get(city_key)
            if known_town is not None:
                v["voivodeship"] = known_town.voivodeship
    line = " ".join(p for p in (v.get("street"), _number(v)) if p)
    if line:
        v["street_key"] = street_match_key(line)

    # -- phones and e-mails
    phones: dict[str, Phone] = {}
    for _header, cell in cells.get("phone", ()):
        text = fmt.cell_text(cell)
        if not text:
            continue
        found = _phones_in(text)
        if not found:
            warn("phone", text, "not a valid phone number, left out")
        for phone in found:
            phones.setdefault(phone.e164, phone)
    emails: list[str] = []
    for text in texts("email"):
        for part in re.split(r"[;,\s]+", text):
            if not part:
                continue
            email = normalize_email(part)
            if email is None:
                warn("email", part, "not a valid e-mail address, left out")
            elif email.lower() not in (e.lower() for e in emails):
                emails.append(email)
    contact_phones: dict[str, Phone] = {}
    for text in texts("contact_phone"):
        found = _phones_in(text)
        if not found:
            warn("contact_phone", text, "not a valid phone number, left out")
        for phone in found:
            contact_phones.setdefault(phone.e164, phone)
    contact_email_text = first("contact_email")
    if contact_email_text:
        email = normalize_email(contact_email_text)
        if email is None:
            warn("contact_email", contact_email_text, "not a valid e-mail address, left out")
        else:
            contact["email"] = email
    if b2c:
        # The person's own numbers and address are what the row is about.
        for e164, phone in phones.items():
            contact_phones.setdefault(e164, phone)
        if emails and "email" not in contact:
            contact["email"] = emails[0]
    if phones or contact_phones:
        ordered = list(phones.values()) or list(contact_phones.values())
        v["phone"] = ordered[0].e164
        v["phones"] = [[p.e164, p.extension, p.kind] for p in phones.values()]
    if emails:
        v["email"] = emails[0]
        if len(emails) > 1:
            v["emails"] = emails
    if contact_phones:
        contact["phones"] = [[p.e164, p.extension, p.kind] for p in contact_phones.values()]
    if contact:
        v["contact"] = contact

    has_channel = bool(phones or contact_phones or emails or "email" in contact)
    if not has_channel and not (v.get("nip") or v.get("regon")):
        warn("phone", None,
             "nothing to call and nothing to match on: no valid phone, e-mail, NIP or REGON; "
             "row not imported", "error")
        return RowOutcome({}, issues, True)
    if not has_channel:
        warn("phone", None, "no phone or e-mail: imported for matching, cannot be called yet")

    # -- other company columns
    website = first("website")
    if website:
        m = _WEBSITE.match(website.strip())
        if m is None:
            warn("website", website, "not a web address, left empty")
        else:
            v["website"] = (m.group(1).lower() + (m.group(2) or ""))[:254]
    industry = first("industry")
    if industry:
        v["industry"] = industry[:80]
    employees = first("employees")
    if employees:
        m2 = _INT.match(employees)
        if m2 is None:
            warn("employees", employees, "not a whole number, left empty")
        else:
            v["employees"] = int(m2.group(1).replace(" ", ""))
    notes = texts("notes")
    if notes:
        v["notes"] = "\n".join(notes)

    # -- qualification fields
    answers: dict[str, Any] = {}
    for target, pairs in cells.items():
        if not target.startswith("field:"):
            continue
        key = target[6:]
        spec = field_specs.get(key)
        for _header, cell in pairs:
            text = fmt.cell_text(cell)
            if not text or spec is None:
                continue
            value, problem = _convert_field(spec, text)
            if problem is not None:
                warn(key, text, f"{problem}, left empty")
            elif key not in answers:
                answers[key] = value
    if answers:
        v["fields"] = answers
    return RowOutcome(v, issues, False)


def _number(v: Mapping[str, Any]) -> str | None:
    if not v.get("building"):
        return None
    return str(v["building"]) + (f"/{v['flat']}" if v.get("flat") else "")


def _phones_in(text: str) -> list[Phone]:
    phone = normalize_phone(text)
    if phone is not None:
        return [phone]
    from app.services.normalize import normalize_phones

    return list(normalize_phones(text))


# ---- writing --------------------------------------------------------------------------


class CompanyWriter:
    """Writes imported companies, their phones, contacts, qualification values and import
    records in bulk. The one place an import writes companies: sync hooks in here."""

    def __init__(self, session: Session, batch_id: uuid.UUID) -> None:
        self.session = session
        self.batch_id = batch_id
        self._buf: dict[str, list[dict[str, Any]]] = {}
        self.companies = 0

    def add_company(self, row: dict[str, Any]) -> None:
        self._buf.setdefault("companies", []).append(row)
        self.companies += 1

    def add_contact(self, row: dict[str, Any]) -> None:
        self._buf.setdefault("contacts", []).append(row)

    def add_phone(self, row: dict[str, Any]) -> None:
        self._buf.setdefault("phones", []).append(row)

    def add_field_value(self, row: dict[str, Any]) -> None:
        self._buf.setdefault("fields", []).append(row)

    def add_record(self, row: dict[str, Any]) -> None:
        self._buf.setdefault("records", []).append(row)

    def flush(self) -> None:
        tables: tuple[tuple[str, Any], ...] = (
            ("companies", Company), ("contacts", Contact), ("phones", PhoneNumber),
            ("fields", FieldValue), ("records", ImportRecord),
        )
        for key, model in tables:
            rows = self._buf.pop(key, None)
            if rows:
                # Core executemany: the ORM's bulk path would insert row by row here.
                self.session.execute(insert(model.__table__), _uniform(rows))

    def pending(self) -> int:
        return sum(len(rows) for rows in self._buf.values())


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row with the same keys (executemany needs one shape)."""
    keys: set[str] = set()
    for r in rows:
        keys.update(r)
    return [{k: r.get(k) for k in keys} if len(r) != len(keys) else r for r in rows]


_COMPANY_COLUMNS = (
    "name", "legal_form", "nip", "regon", "street", "building", "flat", "postcode", "city",
    "voivodeship", "phone", "email", "website", "industry", "employees", "notes",
)


def company_row(values: Mapping[str, Any], company_id: uuid.UUID, now: dt.datetime) -> dict[str, Any]:
    """The companies-table row for standardised values (also used by merges)."""
    row: dict[str, Any] = {c: values.get(c) for c in _COMPANY_COLUMNS}
    row["name_key"] = search_key(values.get("name") or "")
    row["city_key"] = search_key(values["city"]) if values.get("city") else None
    row.update(id=company_id, country="PL", timezone="Europe/Warsaw", is_household=False,
               created_at=now, updated_at=now, deleted=False)
    return row


def _household_key(v: Mapping[str, Any]) -> tuple[str, ...] | None:
    if not v.get("street_key") and not v.get("building"):
        return None
    place = v.get("postcode") or v.get("city_key") or ""
    return (v.get("street_key") or "", str(v.get("building") or ""), place)


def _person_key(contact: Mapping[str, Any]) -> str:
    return search_key(f"{contact.get('first_name') or ''} {contact.get('last_name') or ''}")


def _field_specs(session: Session) -> dict[str, _FieldSpec]:
    specs: dict[str, _FieldSpec] = {}
    for d in session.scalars(select(FieldDefinition).where(FieldDefinition.deleted.is_(False))):
        specs[d.key] = _FieldSpec(d.key, d.type, list(d.choices or []), d.min_value, d.max_value)
    return specs


def _bundled_specs() -> dict[str, Any]:
    from scripts_lead_gen.fields import load_bundled_fields

    return {f.key: f for f in load_bundled_fields()}


def _ensure_definitions(session: Session, keys: Iterable[str], known: set[str]) -> None:
    """Create bundled qualification fields a file uses but the workspace lacks."""
    bundled = _bundled_specs()
    for key in keys:
        if key in known or key not in bundled:
            continue
        f = bundled[key]
        session.add(FieldDefinition(
            key=f.key, group=f.group, type=f.type, label_pl=f.label_pl, label_en=f.label_en,
            required=f.required, choices=[c.model_dump() for c in f.choices], min_value=f.min,
            max_value=f.max, pattern=f.pattern, help_pl=f.help_pl, help_en=f.help_en,
            position=f.order, active=True,
        ))
        known.add(key)
    session.flush()


def import_file(
    db: Database,
    path: Path | str,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one CSV or XLSX file as a batch (see the module docstring)."""
    started = time.perf_counter()
    path = Path(path)
    source = options.source.strip()
    if not source:
        raise UserError("Give the source's name (--source), e.g. the list's vendor.")
    with db.session() as session:
        specs = _field_specs(session)
        bundled = _bundled_specs()
        labels = {k: (s.label_pl, s.label_en) for k, s in bundled.items()}
        for d in session.scalars(select(FieldDefinition)):
            labels[d.key] = (d.label_pl, d.label_en)
        known = fmt.known_header_keys(labels)
        table = fmt.open_table(path, encoding=options.encoding, delimiter=options.delimiter,
                               known_headers=known)
        try:
            state, columns, writer = _import_rows(session, table, options, specs, bundled,
                                                  labels, known, progress)
        finally:
            table.close()
        if state.rows == 0:
            session.rollback()
            raise UserError(f"{path.name} has a header but no data rows: nothing to import.")
    return ImportResult(
        batch_id=None if options.dry_run else state.batch_id,
        rows=state.rows, imported=state.imported, rejected=state.rejected,
        issues=state.issues, format=table.format, encoding=table.encoding,
        delimiter=table.delimiter, mapping=columns.mapping(table.header),
        ignored_columns=columns.ignored,
        companies=writer.companies if writer else state.imported,
        households=state.households_created, seconds=time.perf_counter() - started,
        dry_run=options.dry_run,
    )


def _import_rows(
    session: Session,
    table: fmt.SourceTable,
    options: ImportOptions,
    specs: dict[str, _FieldSpec],
    bundled: Mapping[str, Any],
    labels: Mapping[str, tuple[str, str]],
    known: Mapping[str, str],
    progress: Progress | None,
) -> tuple[_BatchState, fmt.ColumnMap, CompanyWriter | None]:
    path = table.path
    source = options.source.strip()
    valid = {*fmt.COMPANY_TARGETS, *fmt.CONTACT_TARGETS, *(f"field:{k}" for k in labels)}
    columns = fmt.map_headers(table.header, known, options.mapping, valid)
    used_fields = [t[6:] for t in columns.targets if t and t.startswith("field:")]
    for key in used_fields:
        if key not in specs and key in bundled:
            f = bundled[key]
            specs[key] = _FieldSpec(key, f.type, [c.model_dump() for c in f.choices],
                                    f.min, f.max)
    batch_id = new_id()
    writer: CompanyWriter | None = None
    if not options.dry_run:
        _ensure_definitions(session, used_fields, set(_field_specs(session)))
        session.add(ImportBatch(
            id=batch_id, source=source, priority=options.priority,
            filename=str(path.name), encoding=table.encoding, rows=0, imported=0,
            rejected=0, issues=[],
        ))
        session.flush()
        writer = CompanyWriter(session, batch_id)
    state = _BatchState(options, batch_id)
    if options.b2c and writer is not None:
        state.load_households(session)
    header_key = [search_key(h) for h in table.header]
    row_no = 0
    for record in table.rows:
        row_no += 1
        cells_text = [fmt.cell_text(c) for c in record]
        if not any(cells_text):
            continue
        state.rows += 1
        if [search_key(c) for c in cells_text[: len(header_key)]] == header_key:
            state.issues.append(_issue(row_no, "name", cells_text[0],
                                       "repeated header line: row not imported", "error"))
            state.rejected += 1
            continue
        cells: dict[str, list[tuple[str, Any]]] = {}
        raw: dict[str, str] = {}
        for i, target in enumerate(columns.targets):
            cell = record[i] if i < len(record) else None
            text = cells_text[i] if i < len(cells_text) else ""
            header = table.header[i] or f"column {i + 1}"
            if text:
                raw[header] = text
            if target is not None:
                cells.setdefault(target, []).append((header, cell))
        outcome = standardise_row(row_no, cells, specs, b2c=options.b2c)
        state.issues.extend(outcome.issues)
        if outcome.rejected:
            state.rejected += 1
        else:
            state.imported += 1
            if writer is not None:
                state.write(writer, row_no, raw, outcome.values)
                if writer.pending() >= FLUSH_EVERY:
                    writer.flush()
        if progress is not None and row_no % PROGRESS_EVERY == 0:
            progress(row_no, table.estimated_rows)
    if writer is not None:
        writer.flush()
        batch = session.get(ImportBatch, batch_id)
        assert batch is not None
        batch.rows = state.rows
        batch.imported = state.imported
        batch.rejected = state.rejected
        batch.issues = state.issues
    if progress is not None:
        progress(row_no, row_no)
    return state, columns, writer


class _BatchState:
    """Counts, issues and the households / people seen so far in one import."""

    def __init__(self, options: ImportOptions, batch_id: uuid.UUID) -> None:
        self.options = options
        self.batch_id = batch_id
        self.rows = 0
        self.imported = 0
        self.rejected = 0
        self.issues: list[dict[str, Any]] = []
        self.now = utcnow()
        self.households: dict[tuple[str, ...], uuid.UUID] = {}
        self.people: dict[uuid.UUID, list[tuple[str, set[str], uuid.UUID]]] = {}
        self.households_created = 0

    def load_households(self, session: Session) -> None:
        rows = session.execute(
            select(Company.id, Company.street, Company.building, Company.flat, Company.postcode,
                   Company.city_key)
            .where(Company.is_household.is_(True), Company.deleted.is_(False))
        ).all()
        for cid, street, building, flat, postcode, city_key in rows:
            line = " ".join(p for p in (street, (building or "") + (f"/{flat}" if flat else "")) if p)
            key = _household_key({"street_key": street_match_key(line) if line else None,
                                  "building": building, "postcode": postcode,
                                  "city_key": city_key})
            if key is not None:
                self.households.setdefault(key, cid)
        household_phones: dict[uuid.UUID, set[str]] = {}
        for contact_id, e164 in session.execute(
            select(PhoneNumber.contact_id, PhoneNumber.e164)
            .join(Company, Company.id == PhoneNumber.company_id)
            .where(Company.is_household.is_(True), PhoneNumber.contact_id.is_not(None))
        ):
            if contact_id is not None:
                household_phones.setdefault(contact_id, set()).add(e164)
        for contact_id, company_id, first, last, email in session.execute(
            select(Contact.id, Contact.company_id, Contact.first_name, Contact.last_name,
                   Contact.email)
            .join(Company, Company.id == Contact.company_id)
            .where(Company.is_household.is_(True), Contact.deleted.is_(False))
        ):
            channels = set(household_phones.get(contact_id, set()))
            if email:
                channels.add(email.lower())
            person = _person_key({"first_name": first, "last_name": last})
            self.people.setdefault(company_id, []).append((person, channels, contact_id))

    def write(self, writer: CompanyWriter, row_no: int, raw: dict[str, str],
              values: dict[str, Any]) -> None:
        record_id = new_id()
        created_company = True
        contact_values: dict[str, Any] = values.get("contact") or {}
        if self.options.b2c:
            key = _household_key(values)
            company_id = self.households.get(key) if key is not None else None
            if company_id is None:
                company_id = new_id()
                last = contact_values.get("last_name") or contact_values.get("first_name") or "?"
                place = ", ".join(p for p in (
                    " ".join(x for x in (values.get("street"), _number(values)) if x),
                    values.get("city")) if p)
                hv = dict(values, name=f"{last} ({place})" if place else str(last))
                row = company_row(hv, company_id, self.now)
                row["is_household"] = True
                row["phone"] = values.get("phone")
                writer.add_company(row)
                self.households_created += 1
                if key is not None:
                    self.households[key] = company_id
            else:
                created_company = False
            values["name"] = values.get("name") or " ".join(
                x for x in (contact_values.get("first_name"), contact_values.get("last_name")) if x)
            values["match_name"] = name_match_key(values["name"])
        else:
            company_id = new_id()
            writer.add_company(company_row(values, company_id, self.now))
            for e164, extension, kind in values.get("phones", []):
                writer.add_phone({"id": new_id(), "company_id": company_id, "contact_id": None,
                                  "e164": e164, "extension": extension, "kind": kind,
                                  "label": None, "deleted": False})
        contact_id: uuid.UUID | None = None
        created_contact = False
        if contact_values:
            channels = {p[0] for p in contact_values.get("phones", [])}
            if contact_values.get("email"):
                channels.add(contact_values["email"].lower())
            pkey = _person_key(contact_values)
            for other_key, other_channels, other_id in self.people.get(company_id, []):
                if other_key == pkey and channels & other_channels:
                    contact_id = other_id
                    break
            if contact_id is None:
                contact_id = new_id()
                created_contact = True
                writer.add_contact({
                    "id": contact_id, "company_id": company_id,
                    "first_name": contact_values.get("first_name"),
                    "last_name": contact_values.get("last_name"),
                    "role": contact_values.get("role"), "email": contact_values.get("email"),
                    "is_decision_maker": False, "calling_windows": [], "created_at": self.now,
                    "deleted": False,
                })
                for e164, extension, kind in contact_values.get("phones", []):
                    writer.add_phone({"id": new_id(), "company_id": company_id,
                                      "contact_id": contact_id, "e164": e164,
                                      "extension": extension, "kind": kind, "label": None,
                                      "deleted": False})
                self.people.setdefault(company_id, []).append((pkey, channels, contact_id))
        for field_key, value in (values.get("fields") or {}).items():
            if not created_company:
                break
            writer.add_field_value({
                "id": new_id(), "company_id": company_id, "field_key": field_key, "value": value,
                "updated_at": self.now, "source": f"import:{self.batch_id}",
                "import_batch_id": self.batch_id, "deleted": False,
            })
        values["_created"] = {"company": created_company, "contact": created_contact}
        writer.add_record({
            "id": record_id, "batch_id": self.batch_id, "source": self.options.source, "row": row_no,
            "raw": raw, "values": values, "company_id": company_id,
            "origin_company_id": company_id, "contact_id": contact_id,
            "match_name": values.get("match_name") or "",
            "legal_form": values.get("legal_form"), "nip": values.get("nip"),
            "regon": regon_base(values["regon"]) if values.get("regon") else None,
            "phones": " ".join(p[0] for p in values.get("phones", [])) or None,
            "email": values["email"].lower() if values.get("email") else None,
            "postcode": values.get("postcode"), "city_key": values.get("city_key"),
            "street_key": values.get("street_key"), "household": self.options.b2c,
            "created_at": self.now, "deleted": False,
        })


# ---- batches: listing, rollback, provenance ------------------------------------------------


def list_batches(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(ImportBatch).order_by(ImportBatch.created_at)).all()
    return [
        {"batch_id": str(b.id), "source": b.source, "priority": b.priority,
         "filename": b.filename, "encoding": b.encoding, "rows": b.rows,
         "imported": b.imported, "rejected": b.rejected,
         "created_at": b.created_at.isoformat(),
         "rolled_back_at": b.rolled_back_at.isoformat() if b.rolled_back_at else None}
        for b in rows
    ]


def parse_batch_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise NotFound(f"No import batch with id {raw!r} (not a valid id).") from None


def rollback_batch(db: Database, batch_id: uuid.UUID) -> dict[str, Any]:
    """Remove what a batch created and restore what it changed (see
    :func:`app.services.merging.remove_records`)."""
    from app.services.merging import remove_records

    with db.session() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"No import batch with id {batch_id}.")
        if batch.rolled_back_at is not None:
            raise UserError(
                f"Batch {batch_id} ({batch.source}) was already rolled back on "
                f"{batch.rolled_back_at:%Y-%m-%d %H:%M} UTC."
            )
        record_ids = list(session.scalars(
            select(ImportRecord.id).where(ImportRecord.batch_id == batch_id)
        ))
        outcome = remove_records(session, record_ids)
        batch.rolled_back_at = utcnow()
        return {"batch_id": str(batch_id), "source": batch.source, "records": len(record_ids),
                **outcome}


def provenance(session: Session, company_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Where each field of a company came from: ``{field: {"value", "source", "row",
    "batch_id", "rule"}}``. Fields of a company made from one record come from it."""
    from models import FieldProvenance

    out: dict[str, dict[str, Any]] = {}
    rows = session.scalars(
        select(FieldProvenance).where(FieldProvenance.company_id == company_id)
    ).all()
    for p in rows:
        out[p.field] = {"value": p.value, "source": p.source, "row": p.row,
                        "batch_id": str(p.batch_id) if p.batch_id else None, "rule": p.rule}
    if out:
        return out
    records = session.scalars(
        select(ImportRecord).where(ImportRecord.company_id == company_id)
    ).all()
    if len(records) != 1:
        return out
    rec = records[0]
    for key, value in rec.values.items():
        if key.startswith("_") or key in ("match_name", "city_key", "street_key", "contact"):
            continue
        if key == "fields":
            for fk, fv in value.items():
                out[f"field:{fk}"] = {"value": fv, "source": rec.source, "row": rec.row,
                                      "batch_id": str(rec.batch_id), "rule": "only"}
            continue
        out[key] = {"value": value, "source": rec.source, "row": rec.row,
                    "batch_id": str(rec.batch_id), "rule": "only"}
    return out

