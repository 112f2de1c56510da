"""Reading purchased lists: CSV (encoding and delimiter detected) and XLSX, and mapping
their headers to Prospector's fields.

Encoding, tried in this order unless ``--encoding`` is given: a byte-order mark (UTF-8,
UTF-16 — Excel's "Unicode text"), then UTF-8 (the whole file must decode), then one of
the two Polish 8-bit code pages, told apart by the bytes where they differ: ``ą ś ź Ą
Ś Ź`` are ``B9 9C 9F A5 8C 8F`` in cp1250 (Windows, the usual Excel export) and ``B1 B6
BC A1 A6 AC`` in ISO-8859-2 (older Unix systems); the one with more hits wins, cp1250 on
a tie. The delimiter is the one of ``;`` ``,`` tab ``|`` that splits the first lines into
the same number (> 1) of columns; a file with one column needs no delimiter.

Header mapping: each header is compared as a :func:`search_key` (case, Polish letters and
punctuation do not matter) with the aliases in :data:`HEADER_ALIASES`, then with the keys
and labels of the workspace's qualification fields; numbered repeats ("Telefon 2") map
like the first. ``--map COLUMN=FIELD`` overrides any of it (``FIELD`` = ``ignore`` skips
a column).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.services.normalize import search_key

__all__ = [
    "COMPANY_TARGETS",
    "CONTACT_TARGETS",
    "HEADER_ALIASES",
    "MULTI_TARGETS",
    "ColumnMap",
    "SourceTable",
    "detect_delimiter",
    "detect_encoding",
    "map_headers",
    "open_table",
]

CHUNK = 1 << 20
DELIMITERS = (";", "\t", ",", "|")

# Bytes where cp1250 and ISO-8859-2 put different Polish letters (ą ś ź Ą Ś Ź).
_CP1250_ONLY = (0xB9, 0x9C, 0x9F, 0xA5, 0x8C, 0x8F)
_ISO_ONLY = (0xB1, 0xB6, 0xBC, 0xA1, 0xA6, 0xAC)
# C1 control characters: never text in ISO-8859-2, letters and quotes in cp1250.
_C1 = bytes(range(0x80, 0xA0))

# Targets a column can map to. Company columns first, then the contact person.
COMPANY_TARGETS: tuple[str, ...] = (
    "name", "legal_form", "nip", "regon", "address", "street", "building", "flat",
    "postcode", "city", "voivodeship", "phone", "email", "website", "industry",
    "employees", "notes",
)
CONTACT_TARGETS: tuple[str, ...] = (
    "contact_name", "contact_first_name", "contact_last_name", "contact_role",
    "contact_phone", "contact_email",
)
# Targets several columns may feed (every phone column adds numbers).
MULTI_TARGETS = frozenset({"phone", "email", "contact_phone", "notes"})
IGNORE = "ignore"

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("nazwa firmy", "nazwa", "firma", "nazwa przedsiebiorstwa", "nazwa podmiotu",
             "nazwa pelna", "pelna nazwa", "company", "company name", "name", "nazwa klienta",
             "klient", "kontrahent", "nazwa kontrahenta", "business name"),
    "legal_form": ("forma prawna", "legal form", "forma"),
    "nip": ("nip", "tax id", "taxid", "vat", "vat id", "vat number", "nip ue", "numer nip",
            "nr nip", "nip firmy"),
    "regon": ("regon", "numer regon", "nr regon"),
    "address": ("adres", "address", "adres firmy", "adres siedziby", "siedziba",
                "adres pelny", "full address"),
    "street": ("ulica", "street", "ulica i numer", "ulica nr", "adres ulica", "street address",
               "ul"),
    "building": ("nr domu", "numer domu", "nr budynku", "numer budynku", "nr", "numer",
                 "building", "house number", "nr posesji"),
    "flat": ("nr lokalu", "numer lokalu", "lokal", "nr mieszkania", "flat", "apartment", "suite"),
    "postcode": ("kod pocztowy", "kod", "kod poczt", "zip", "zip code", "postcode",
                 "postal code", "kod pocz"),
    "city": ("miejscowosc", "miasto", "city", "town", "locality", "miejscowosc siedziby"),
    "voivodeship": ("wojewodztwo", "woj", "province", "region", "voivodeship", "state"),
    "phone": ("telefon", "tel", "phone", "telephone", "nr telefonu", "numer telefonu",
              "telefon stacjonarny", "telefon komorkowy", "tel kom", "komorka", "kom",
              "mobile", "phone number", "telefony", "tel stacjonarny", "telefon firmowy",
              "centrala"),
    "email": ("e mail", "email", "mail", "adres e mail", "adres email", "e mail firmy",
              "email firmy", "poczta e mail"),
    "website": ("www", "strona www", "strona internetowa", "website", "url", "web", "strona"),
    "industry": ("branza", "industry", "dzialalnosc", "rodzaj dzialalnosci", "sektor"),
    "employees": ("liczba pracownikow", "zatrudnienie", "employees", "pracownicy",
                  "liczba zatrudnionych"),
    "notes": ("uwagi", "notatki", "notes", "komentarz", "opis"),
    "contact_name": ("osoba kontaktowa", "kontakt", "contact person", "contact",
                     "osoba do kontaktu", "imie i nazwisko", "przedstawiciel", "contact name",
                     "full name"),
    "contact_first_name": ("imie", "first name", "firstname", "given name"),
    "contact_last_name": ("nazwisko", "last name", "lastname", "surname", "family name"),
    "contact_role": ("stanowisko", "funkcja", "position", "job title", "role", "title"),
    "contact_phone": ("telefon osoby kontaktowej", "telefon kontaktowy", "contact phone",
                      "tel osoby kontaktowej"),
    "contact_email": ("e mail osoby kontaktowej", "email osoby kontaktowej", "contact email",
                      "mail osoby kontaktowej"),
    "field:fleet_total": ("liczba pojazdow", "fleet size", "fleet", "flota", "wielkosc floty",
                          "liczba samochodow", "pojazdy", "ilosc pojazdow", "fleet total"),
}
HEADER_ALIASES: Mapping[str, str] = {
    search_key(alias): target for target, aliases in _ALIASES.items() for alias in aliases
}
_TRAILING_NUMBER = re.compile(r"\s*[0-9]+$")
_LABEL_NOISE = re.compile(r"^(?:nr|numer|adres)\s+")


@dataclass
class SourceTable:
    """A source file opened for reading: its header and a stream of data rows."""

    path: Path
    format: str  # csv | xlsx
    header: list[str]
    rows: Iterator[list[Any]]
    """Data rows after the header, one list of cells each (str for CSV, typed for XLSX)."""
    encoding: str | None = None
    delimiter: str | None = None
    estimated_rows: int | None = None
    header_index: int = 0
    """0-based position of the header among the file's records (title lines before it)."""
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Release the file (also when the rows were not read to the end)."""
        for closer in self.closers:
            closer()
        self.closers.clear()


@dataclass
class ColumnMap:
    """How the columns of a file map to targets."""

    targets: list[str | None]
    """Per column: a target (``name``, ``field:fleet_total`` …) or ``None`` (not imported)."""
    ignored: list[str] = field(default_factory=list)
    """Headers of columns that are not imported."""

    def mapping(self, header: Sequence[str]) -> dict[str, str]:
        return {h: t for h, t in zip(header, self.targets, strict=True) if t is not None}


# ---- encoding and delimiter -----------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """The encoding of a text file (see the module docstring for the order)."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        cp1250 = iso = c1 = 0
        utf8 = True
        while chunk := fh.read(CHUNK):
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            if not utf8:
                cp1250 += sum(chunk.count(b) for b in _CP1250_ONLY)
                iso += sum(chunk.count(b) for b in _ISO_ONLY)
                c1 += sum(chunk.count(bytes([b])) for b in _C1)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return "utf-8"
    return "iso-8859-2" if iso > cp1250 and c1 == 0 else "cp1250"


def detect_delimiter(sample: str) -> str | None:
    """``;``, tab, ``,`` or ``|``: the one that splits the sample's lines most consistently
    into more than one column; ``None`` for a one-column file."""
    lines = sample.splitlines()
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line of a sample may be cut short
    lines = [ln for ln in lines if ln.strip()][:50]
    if not lines:
        return None
    best: str | None = None
    best_score: tuple[float, int, int] | None = None
    for order, delim in enumerate(DELIMITERS):
        rows = list(csv.reader(lines, delimiter=delim))
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(1 for r in rows if len(r) == width) / len(rows)
        score = (consistent, width, -order)
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best if best_score is not None and best_score[0] >= 0.6 else None


# ---- opening files ---------------------------------------------------------------------


def open_table(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    known_headers: Mapping[str, str] | None = None,
) -> SourceTable:
    """Open a CSV or XLSX file, find its header and stream its rows.

    Raises :class:`UserError` for a missing, empty, binary or unreadable file.
    ``known_headers`` (search keys → targets) helps find the header below title lines.
    """
    if not path.exists():
        raise UserError(f"There is no file {path}.")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the CSV or XLSX file to import.")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"{path.name} is empty: nothing to import.")
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, known_headers)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(
            f"{path.name} is an old Excel .xls file. Save it as .xlsx or CSV and import that."
        )
    return _open_csv(path, size, encoding, delimiter, known_headers)


def _check_text(sample: bytes, name: str) -> None:
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UserError(f"{name} is not a CSV or XLSX file (it holds binary data).")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > max(3, len(sample) // 200):
        raise UserError(f"{name} is not a CSV or XLSX file (it holds binary data).")


def _open_csv(
    path: Path,
    size: int,
    encoding: str | None,
    delimiter: str | None,
    known_headers: Mapping[str, str] | None,
) -> SourceTable:
    with path.open("rb") as fh:
        raw_sample = fh.read(65536)
    _check_text(raw_sample, path.name)
    if encoding:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise UserError(f"Unknown encoding {encoding!r} (try utf-8, cp1250 or iso-8859-2).") from None
    else:
        encoding = detect_encoding(path)
    sample = raw_sample.decode(encoding, errors="replace")
    if sample.startswith("\ufeff"):
        sample = sample[1:]
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
        if len(delimiter) != 1:
            raise UserError(f"--delimiter must be one character (or 'tab'), not {delimiter!r}.")
    else:
        delimiter = detect_delimiter(sample)
    estimated = max(1, round(size / max(1, len(raw_sample)) * max(1, sample.count("\n"))))
    text = path.open("r", encoding=encoding, newline="", errors="strict")
    reader = csv.reader(text, delimiter=delimiter or "\x1f")

    def records() -> Iterator[list[Any]]:
        try:
            yield from reader
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path.name} is not valid {encoding} text (byte {exc.start} of a block); "
                "give the right --encoding."
            ) from None
        except csv.Error as exc:
            raise UserError(f"{path.name} is not a readable CSV file ({exc}).") from None
        finally:
            text.close()

    header, index, stream = _find_header(records(), known_headers)
    if header is None:
        text.close()
        raise UserError(f"{path.name} is empty: nothing to import.")
    return SourceTable(
        path=path, format="csv", header=header, rows=stream, encoding=encoding,
        delimiter=delimiter, estimated_rows=estimated, header_index=index,
        closers=[text.close],
    )


def _open_xlsx(path: Path, known_headers: Mapping[str, str] | None) -> SourceTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")  # a file object: openpyxl would judge a path by its suffix
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as exc:
        handle.close()
        raise UserError(f"{path.name} is not a readable XLSX file ({exc}).") from None
    # The first sheet with anything in it (write-only exports carry no dimensions).
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        head: list[list[Any]] = []
        for values in rows:
            head.append(list(values))
            if any(v not in (None, "") for v in values) or len(head) >= 20:
                break
        if any(any(v not in (None, "") for v in r) for r in head):
            break
    else:
        workbook.close()
        handle.close()
        raise UserError(f"{path.name} is empty: nothing to import.")
    dims = sheet.max_row if isinstance(sheet.max_row, int) else None
    estimated = max(0, dims - 1) if dims else None

    def records() -> Iterator[list[Any]]:
        try:
            yield from head
            for values in rows:
                yield list(values)
        finally:
            workbook.close()
            handle.close()

    header, index, stream = _find_header(records(), known_headers)
    if header is None:
        workbook.close()
        handle.close()
        raise UserError(f"{path.name} is empty: nothing to import.")
    return SourceTable(
        path=path, format="xlsx", header=header, rows=stream, estimated_rows=estimated,
        header_index=index, closers=[workbook.close, handle.close],
    )


def _find_header(
    records: Iterator[list[Any]], known: Mapping[str, str] | None
) -> tuple[list[str] | None, int, Iterator[list[Any]]]:
    """The header: the first of the first ten non-blank records with a known column name
    (title lines above a header are skipped), else the first non-blank record."""
    seen: list[list[Any]] = []
    for record in records:
        seen.append(record)
        if len(seen) >= 10:
            break
    known = known if known is not None else HEADER_ALIASES
    chosen = None
    for i, record in enumerate(seen):
        cells = [cell_text(c) for c in record]
        if not any(cells):
            continue
        if chosen is None:
            chosen = i
        if any(_lookup_header(c, known) for c in cells if c):
            chosen = i
            break
    if chosen is None:
        return None, 0, iter(())
    header = [cell_text(c) for c in seen[chosen]]
    while header and not header[-1]:
        header.pop()

    def rest() -> Iterator[list[Any]]:
        yield from seen[chosen + 1:]
        yield from records

    return header, chosen, rest()


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates in ISO 8601, whitespace
    collapsed (non-breaking spaces included)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---- header mapping ------------------------------------------------------------------


def _lookup_header(header: str, known: Mapping[str, str]) -> str | None:
    key = search_key(header)
    if not key:
        return None
    found: str | None = known.get(key)
    if found is None:
        bare = _TRAILING_NUMBER.sub("", key)
        found = known.get(bare) if bare else None
        if found is not None and found not in MULTI_TARGETS:
            found = None  # "Nazwa 2" is not a second name column
    if found is None:
        stripped = _LABEL_NOISE.sub("", key)
        found = known.get(stripped) if stripped != key else None
    return found


def known_header_keys(field_labels: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The alias table extended with the workspace's qualification fields (key → labels)."""
    known = dict(HEADER_ALIASES)
    for key, labels in field_labels.items():
        for text in (key, *labels):
            k = search_key(text)
            if k and k not in known:
                known[k] = f"field:{key}"
    return known


def map_headers(
    header: Sequence[str],
    known: Mapping[str, str],
    overrides: Mapping[str, str],
    valid_targets: set[str],
) -> ColumnMap:
    """Map each column to a target; ``overrides`` (column → target) come from ``--map``.

    Raises :class:`UserError` for an override naming an unknown column or target, and when
    no column maps to anything.
    """
    by_key: dict[str, int] = {}
    for i, h in enumerate(header):
        by_key.setdefault(search_key(h), i)
        by_key.setdefault(h.strip().lower(), i)
    forced: dict[int, str | None] = {}
    for column, target in overrides.items():
        index = by_key.get(column.strip().lower(), by_key.get(search_key(column)))
        if index is None and column.strip().isdigit():
            index = int(column.strip()) - 1 if 0 < int(column.strip()) <= len(header) else None
        if index is None:
            raise UserError(
                f"--map: the file has no column {column!r}. Its columns: "
                + ", ".join(repr(h) for h in header if h) + "."
            )
        t = target.strip()
        if t.lower() in (IGNORE, "-", "none", ""):
            forced[index] = None
            continue
        if t not in valid_targets and f"field:{t}" in valid_targets:
            t = f"field:{t}"
        if t not in valid_targets:
            plain = sorted(x for x in valid_targets if not x.startswith("field:"))
            raise UserError(
                f"--map: unknown field {target!r}. Fields: {', '.join(plain)}, a qualification "
                "field key, or 'ignore'."
            )
        forced[index] = t
    targets: list[str | None] = []
    used: set[str] = set()
    ignored: list[str] = []
    for i, h in enumerate(header):
        chosen = forced[i] if i in forced else _lookup_header(h, known) if h else None
        if chosen is not None and chosen not in valid_targets:
            chosen = None
        if chosen is not None and chosen in used and chosen not in MULTI_TARGETS:
            chosen = None  # a second "Nazwa" column: the first one wins
        if chosen is None:
            if h:
                ignored.append(h)
        else:
            used.add(chosen)
        targets.append(chosen)
    if not used:
        raise UserError(
            "No column of the file could be recognised (its header: "
            + ", ".join(repr(h) for h in header[:12] if h)
            + "). Name the columns, e.g. 'Nazwa firmy', 'NIP', 'Telefon', or map them with "
            "--map COLUMN=FIELD."
        )
    return ColumnMap(targets=targets, ignored=ignored)

