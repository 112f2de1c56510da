"""Realistic purchased Polish company lists with ground truth, for the import and dedup
tests (small sizes) and ``bench/dedup.py`` (16k / 100k / 1M records).

Three sources describe overlapping sets of the same companies, each the way such lists
really look:

* ``rejestr`` — an extract of a public-administration register (priority 3): UTF-8 with
  a BOM, ``;``; names in capitals with the legal form written out in full, NIP and
  REGON nearly always, address split into parts, phones and e-mails seldom.
* ``bazafirm`` — a commercial database (priority 2): cp1250, ``;``; short legal forms
  in every spelling, NIP formatted ``123-456-32-18`` (70 %), the street and number in one
  "Adres" cell, two phone columns in ``(22) 123-45-67`` style, fleet size, a contact person.
* ``katalog`` — a scraped trade directory (priority 1): XLSX (or ISO-8859-2 CSV, ``|``,
  for big sets); English headers; names with PPHU prefixes, quotes, lower case or
  without Polish letters, typos; tax ids ``PL…`` (30 %); phones ``+48 …`` / ``0048 …`` /
  with extensions; voivodeships as English names or TERYT codes.

Hard cases on purpose: sister companies at the same address, often sharing a switchboard
(``Transbud`` / ``Transbud Serwis``, or the same name with another legal form — each with
its own NIP, which some sources omit); unrelated companies with the same name in other
towns; a source listing the owner's mobile instead of the switchboard; companies that
moved; duplicates inside one source; name typos; word order of sole traders' names;
NIP typos (which fail the checksum and are dropped); and bad rows (no name, nothing to
call or match on, garbage, a repeated header) that must be rejected.

``truth[(source, row)]`` is the company (entity) a row describes, ``-1`` for a row that
must be rejected.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from app.services import poland
from app.services.normalize import normalize_email, normalize_nip, normalize_phone

__all__ = ["Entity", "GeneratedLists", "SourceFile", "generate"]

_FORMS = {
    # key: (weight, spellings in the register, spellings elsewhere)
    "sp_zoo": (44, ("SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ",),
               ("sp. z o.o.", "Sp. z o.o.", "sp z oo", "Sp.z o.o.", "SP. Z O.O.", "spółka z o.o.",
                "Sp. z o. o.")),
    None: (26, ("",), ("",)),
    "sc": (9, ("SPÓŁKA CYWILNA",), ("s.c.", "S.C.", "sc", "spółka cywilna")),
    "spj": (9, ("SPÓŁKA JAWNA",), ("sp.j.", "Sp. j.", "sp. jawna", "SP.J.")),
    "spk": (6, ("SPÓŁKA KOMANDYTOWA",), ("sp.k.", "Sp. k.", "sp. komandytowa")),
    "sa": (6, ("SPÓŁKA AKCYJNA",), ("S.A.", "SA", "s.a.", "Spółka Akcyjna")),
}
_FORM_KEYS = list(_FORMS)
_FORM_WEIGHTS = [_FORMS[k][0] for k in _FORM_KEYS]
_SISTER_WORDS = ("Serwis", "Logistyka", "Trans", "Nieruchomości", "Invest", "Development",
                 "Leasing", "Handel", "Usługi", "Holding", "Auto", "Flota")
_SYLLABLES = ("ka", "ro", "mi", "te", "lo", "ba", "do", "ra", "ne", "wi", "to", "sa", "ma",
              "ko", "li", "pa", "ze", "bo", "ga", "ju")
_ENDINGS = ("pol", "tex", "mar", "ex", "bud", "met", "trans", "max", "rol", "kom", "tor")
_BAD_PHONES = ("brak", "nie podano", "000", "tel.", "123")
_BAD_EMAILS = ("brak@", "nie podano", "kontakt(at)firma", "www.firma.pl")
_PREFIXES = ("PPHU", "P.P.H.U.", "PHU", "FHU", "Firma", "Przedsiębiorstwo")
# Streets nearly every Polish town has (on top of each reference town's own).
_COMMON_STREETS = tuple(f"ul. {s}" for s in (
    "Kościuszki", "Mickiewicza", "Słowackiego", "Sienkiewicza", "Polna", "Leśna", "Ogrodowa",
    "Lipowa", "Kwiatowa", "Szkolna", "Krótka", "Długa", "Łąkowa", "Kolejowa", "Przemysłowa",
    "Piłsudskiego", "3 Maja", "Wojska Polskiego", "Reymonta", "Żeromskiego", "Kopernika",
    "Chopina", "Konopnickiej", "Prusa", "Jana Pawła II", "Partyzantów", "Słoneczna",
    "Spacerowa", "Zielona", "Parkowa", "Kasztanowa", "Brzozowa", "Sosnowa", "Akacjowa",
    "Klonowa", "Wiejska", "Fabryczna", "Magazynowa", "Składowa", "Transportowa", "Okrężna",
    "Graniczna", "Strażacka", "Kościelna", "Młyńska", "Ogrodnicza", "Rzemieślnicza",
    "Handlowa", "Spółdzielcza", "Targowa",
))


def _patron(surname: str) -> str:
    """A street named after someone: Kowalski → Kowalskiego, Nowak → Nowaka."""
    if surname.endswith(("ski", "cki", "dzki")):
        return surname[:-1] + "iego"
    if surname.endswith("a"):
        return surname[:-1] + "y"
    return surname + "a"


# Big towns have thousands of streets; people's names give a large, realistic pool.
_PATRON_STREETS = tuple(sorted({f"ul. {_patron(s.male)}" for s in poland.SURNAMES}
                               | {f"ul. {first} {_patron(s.male)}" for s in poland.SURNAMES[:30]
                                  for first in ("Jana", "Józefa", "Stanisława", "Tadeusza",
                                                "Władysława", "Marii", "Anny")}))
_TERYT = {v.key: v.teryt for v in poland.VOIVODESHIPS}
_V_EN = {v.key: v.name_en for v in poland.VOIVODESHIPS}
_V_PL = {v.key: v.name_pl for v in poland.VOIVODESHIPS}

HEADERS = {
    "rejestr": ["NAZWA", "NIP", "REGON", "ULICA", "NR_DOMU", "NR_LOKALU", "KOD_POCZTOWY",
                "MIEJSCOWOSC", "WOJEWODZTWO", "TELEFON", "EMAIL"],
    "bazafirm": ["Nazwa firmy", "NIP", "Adres", "Kod pocztowy", "Miejscowość", "Województwo",
                 "Telefon", "Telefon 2", "E-mail", "WWW", "Liczba pojazdów", "Osoba kontaktowa",
                 "Stanowisko"],
    "katalog": ["company_name", "tax_id", "street", "zip", "city", "province", "phone",
                "email", "website", "fleet_size", "first_name", "last_name"],
}
PRIORITY = {"rejestr": 3, "bazafirm": 2, "katalog": 1}


@dataclass
class Entity:
    id: int
    core: str
    form: str | None
    nip: str
    regon: str
    street: str  # with prefix: "ul. Długa"
    building: str
    flat: str | None
    postcode: str
    city: str
    voivodeship: str
    phone: str  # E.164 switchboard
    mobile: str
    email: str | None
    website: str | None
    fleet: int
    first: str
    last: str
    role: str
    sole_trader: bool
    group: int | None = None
    moved_to: tuple[str, str, str, str] | None = None  # street, building, postcode, city


@dataclass
class SourceFile:
    name: str
    priority: int
    header: list[str]
    rows: list[list[str]]
    encoding: str
    delimiter: str
    format: str  # csv | xlsx

    @property
    def filename(self) -> str:
        return f"{self.name}.{'xlsx' if self.format == 'xlsx' else 'csv'}"

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        if self.format == "xlsx":
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("firmy")
            ws.append(self.header)
            for row in self.rows:
                ws.append(row)
            wb.save(path)
            return path
        with path.open("w", encoding=self.encoding, newline="", errors="replace") as fh:
            writer = csv.writer(fh, delimiter=self.delimiter, lineterminator="\r\n")
            writer.writerow(self.header)
            writer.writerows(self.rows)
        return path


@dataclass
class GeneratedLists:
    sources: list[SourceFile]
    truth: dict[tuple[str, int], int]
    entities: list[Entity]
    notes: dict[str, int] = field(default_factory=dict)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        return [s.write(folder) for s in self.sources]

    @property
    def records(self) -> int:
        return sum(len(s.rows) for s in self.sources)


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_nips: set[str] = set()
        self.cities = poland.CITIES
        self.city_weights = [30 if c.postcode_first != c.postcode_last else 3 for c in self.cities]

    # -- identifiers
    def nip(self) -> str:
        rng = self.rng
        while True:
            head = f"{rng.randint(101, 999)}{rng.randint(0, 999999):06d}"
            digit = stdnum_nip.checksum(head + "0")
            if digit < 10 and head + str(digit) not in self.used_nips:
                self.used_nips.add(head + str(digit))
                return f"{head}{digit}"

    def regon(self) -> str:
        head = f"{self.rng.randint(1, 99):02d}{self.rng.randint(0, 999999):06d}"
        return head + str(stdnum_regon.calc_check_digit(head))

    def street(self, city: poland.City) -> str:
        pick = self.rng.random()
        if pick < 0.2:
            return self.rng.choice(city.streets)
        if pick < 0.5 or city.postcode_first == city.postcode_last:
            return self.rng.choice(_COMMON_STREETS)
        return self.rng.choice(_PATRON_STREETS)

    def postcode(self, city: poland.City) -> str:
        lo = int(city.postcode_first.replace("-", ""))
        hi = int(city.postcode_last.replace("-", ""))
        code = f"{self.rng.randint(lo, hi):05d}"
        return f"{code[:2]}-{code[2:]}"

    def landline(self, city: poland.City) -> str:
        return f"+48{city.area_code}{self.rng.randint(2000000, 8999999)}"

    def mobile(self) -> str:
        return f"+48{self.rng.choice(('50', '51', '53', '57', '60', '66', '69', '72', '78', '79', '88'))}{self.rng.randint(0, 9999999):07d}"

    # -- names
    def brand(self) -> str:
        rng = self.rng
        style = rng.random()
        industry = rng.choice(poland.INDUSTRIES)
        if style < 0.35:
            return rng.choice(industry.stems) + rng.choice(poland.BRAND_PARTS).lower()
        if style < 0.7:
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3))))
            return (word + rng.choice(_ENDINGS)).capitalize()
        if style < 0.85:
            return f"{rng.choice(industry.stems)}-{rng.choice(poland.BRAND_PARTS)}"
        return f"{rng.choice(poland.SURNAMES).male} {rng.choice(industry.descriptors)}"

    def entity(self, i: int) -> Entity:
        rng = self.rng
        city = rng.choices(self.cities, weights=self.city_weights)[0]
        male = rng.random() < 0.7
        first = rng.choice(poland.MALE_FIRST_NAMES if male else poland.FEMALE_FIRST_NAMES)
        surname = rng.choice(poland.SURNAMES)
        last = surname.male if male else surname.female
        form = rng.choices(_FORM_KEYS, weights=_FORM_WEIGHTS)[0]
        sole = form is None
        if sole:
            industry = rng.choice(poland.INDUSTRIES)
            core = f"{first} {last} {rng.choice(industry.descriptors)}"
            if rng.random() < 0.3:
                core = f"{self.brand()} {first} {last}"
        else:
            core = self.brand()
            if rng.random() < 0.25:
                core = f"{core} {rng.choice(poland.INDUSTRIES).descriptors[0]}"
        street = self.street(city)
        # The entity's number keeps every company domain its own.
        domain = "".join(ch for ch in anyascii(core.split()[0]).lower() if ch.isalnum())[:16]
        domain = f"{domain}{i}"
        email = None
        if rng.random() < 0.75:
            if rng.random() < 0.6:
                email = f"{rng.choice(('biuro', 'kontakt', 'info', 'sekretariat'))}@{domain}.pl"
            else:
                email = f"{domain}@{rng.choice(('wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'gmail.com'))}"
        website = f"www.{email.split('@')[1]}" if email and not email.split("@")[1].endswith(("wp.pl", "o2.pl", "onet.pl", "interia.pl", "gmail.com")) else None
        role = rng.choice(poland.CONTACT_ROLES).name_pl
        return Entity(
            id=i, core=core, form=form, nip=self.nip(), regon=self.regon(), street=street,
            building=str(rng.randint(1, 250)) + (rng.choice("ABC") if rng.random() < 0.1 else ""),
            flat=str(rng.randint(1, 40)) if rng.random() < 0.35 else None,
            postcode=self.postcode(city), city=city.name, voivodeship=city.voivodeship,
            phone=self.landline(city), mobile=self.mobile(), email=email, website=website,
            fleet=rng.randint(1, 250), first=first, last=last, role=role, sole_trader=sole,
        )

    def sister(self, base: Entity, i: int, siblings: list[Entity]) -> Entity:
        rng = self.rng
        e = self.entity(i)
        e.street, e.building, e.flat = base.street, base.building, base.flat
        e.postcode, e.city, e.voivodeship = base.postcode, base.city, base.voivodeship
        if rng.random() < 0.7:
            e.phone = base.phone  # one switchboard for the group
        taken = {(s.core, s.form) for s in siblings}
        forms_left = [k for k in _FORM_KEYS if k is not None and (base.core, k) not in taken]
        if rng.random() < 0.3 and forms_left:
            e.core = base.core  # the same name with another legal form
            e.form = rng.choice(forms_left)
        else:
            words = [w for w in _SISTER_WORDS if w not in base.core.split()]
            e.core = f"{base.core.split()[0]} {rng.choice(words)}"
            while (e.core, base.form) in taken:
                e.core = f"{base.core.split()[0]} {rng.choice(words)} {rng.choice(_SISTER_WORDS)}"
            e.form = base.form
        e.sole_trader = False
        if base.email and rng.random() < 0.5:
            e.email = f"{rng.choice(('serwis', 'flota', 'handel'))}@{base.email.split('@')[1]}"
        e.group = base.group
        return e


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 5:
        return text
    i = rng.choice(letters[1:])
    kind = rng.random()
    if kind < 0.35:
        return text[:i] + rng.choice("aeiouyklmnprstz") + text[i + 1:]
    if kind < 0.6:
        return text[:i] + text[i + 1:]
    if kind < 0.8 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + text[i] + text[i:]


def _fmt_nip(rng: random.Random, nip: str, style: str) -> str:
    if style == "dashes":
        return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    if style == "pl":
        return rng.choice((f"PL{nip}", f"PL {nip}", f"{nip[:3]} {nip[3:6]} {nip[6:8]} {nip[8:]}"))
    return nip


def _nip_typo(rng: random.Random, nip: str) -> str:
    i = rng.randrange(10)
    return nip[:i] + str((int(nip[i]) + rng.randint(1, 9)) % 10) + nip[i + 1:]


def _fmt_phone(rng: random.Random, e164: str, style: str) -> str:
    national = e164[3:]
    if style == "register":
        return national
    if style == "paren":
        if national[0] in "5678" and national[:2] not in ("58", "59", "61", "62", "63", "65", "67", "68"):
            return f"{national[:3]}-{national[3:6]}-{national[6:]}"
        return f"({national[:2]}) {national[2:5]}-{national[5:7]}-{national[7:]}"
    choice = rng.random()
    if choice < 0.4:
        return f"+48 {national[:2]} {national[2:5]} {national[5:7]} {national[7:]}"
    if choice < 0.6:
        return f"0048{national}"
    if choice < 0.8:
        return f"{national[:3]} {national[3:6]} {national[6:]}"
    return f"{national[:2]} {national[2:]} wew. {rng.randint(10, 99)}"


def _fmt_postcode(rng: random.Random, code: str) -> str:
    r = rng.random()
    if r < 0.75:
        return code
    if r < 0.9:
        return code.replace("-", "")
    return code.replace("-", " ")


def _name(rng: random.Random, e: Entity, source: str, typo_rate: float) -> str:
    core = e.core
    if e.sole_trader and rng.random() < 0.35:
        words = core.split()
        if len(words) >= 3 and words[0] in poland.MALE_FIRST_NAMES + poland.FEMALE_FIRST_NAMES:
            # "Jan Kowalski Usługi Transportowe" → "Usługi Transportowe Jan Kowalski" / "Kowalski Jan …"
            core = " ".join(words[2:] + words[:2]) if rng.random() < 0.5 else " ".join([words[1], words[0], *words[2:]])
    if rng.random() < typo_rate:
        core = _typo(rng, core)
    forms = _FORMS[e.form]
    if source == "rejestr":
        form_text = forms[1][0]
        name = f"{core} {form_text}".strip().upper()
        if e.sole_trader and rng.random() < 0.5:
            name = f"{e.first.upper()} {e.last.upper()} {core.upper()}" if rng.random() < 0.1 else name
        return name
    form_text = rng.choice(forms[2])
    if source == "bazafirm" and e.form is not None and rng.random() < 0.05:
        form_text = ""  # the form left out
    name = f"{core} {form_text}".strip()
    if source == "katalog":
        r = rng.random()
        if r < 0.15:
            name = f"{rng.choice(_PREFIXES)} {name}"
        elif r < 0.25:
            name = f"„{core}” {form_text}".strip()
        elif r < 0.35:
            name = anyascii(name)
        elif r < 0.42:
            name = name.lower()
        if e.form is not None and rng.random() < 0.1:
            name = core  # directories often drop the legal form
    return name


def _street_line(rng: random.Random, street: str, building: str, flat: str | None,
                 typo_rate: float) -> str:
    prefix, _, bare = street.partition(" ")
    if rng.random() < typo_rate:
        bare = _typo(rng, bare)
    r = rng.random()
    if r < 0.5:
        line = f"{prefix} {bare}"
    elif r < 0.7:
        line = bare
    elif r < 0.85:
        line = f"{ {'ul.': 'ulica', 'al.': 'aleja', 'pl.': 'plac', 'os.': 'osiedle'}.get(prefix, prefix)} {bare}"
    else:
        line = f"{prefix.upper()} {bare.upper()}"
    number = building
    if flat and rng.random() < 0.8:
        number += rng.choice((f"/{flat}", f" m. {flat}", f" lok. {flat}", f"/{flat}"))
    return f"{line} {number}"


def generate(records: int, seed: int = 1, *, xlsx: bool | None = None,
             bad_rate: float = 0.007) -> GeneratedLists:
    """About ``records`` rows over the three sources, with ground truth."""
    g = _Gen(seed)
    rng = g.rng
    xlsx = records <= 60_000 if xlsx is None else xlsx
    coverage = {"rejestr": 0.55, "bazafirm": 0.6, "katalog": 0.5}
    per_entity = sum(coverage.values()) * 1.03 / (1 - (0.45 * 0.4 * 0.5))
    n_entities = max(3, int(records / per_entity))
    entities: list[Entity] = []
    group = 0
    while len(entities) < n_entities:
        e = g.entity(len(entities))
        entities.append(e)
        if rng.random() < 0.06 and e.form is not None:
            group += 1
            e.group = group
            siblings = [e]
            for _ in range(rng.randint(1, 2)):
                siblings.append(g.sister(e, len(entities), siblings))
                entities.append(siblings[-1])
        if rng.random() < 0.04:
            city = rng.choices(g.cities, weights=g.city_weights)[0]
            e.moved_to = (g.street(city), str(rng.randint(1, 250)), g.postcode(city), city.name)
    rows: dict[str, list[tuple[list[str], int]]] = {s: [] for s in HEADERS}
    notes = {"entities": len(entities), "sister_groups": group, "bad_rows": 0,
             "in_source_duplicates": 0}
    for e in entities:
        chosen = [s for s in HEADERS if rng.random() < coverage[s]]
        if not chosen:
            chosen = [rng.choice(list(HEADERS))]
        for s in chosen:
            copies = 2 if rng.random() < 0.03 else 1
            notes["in_source_duplicates"] += copies - 1
            for _ in range(copies):
                rows[s].append((_row(rng, g, e, s), e.id))
    # Bad rows.
    n_bad = int(records * bad_rate)
    for k in range(n_bad):
        s = rng.choice(list(HEADERS))
        e = rng.choice(entities)
        row = _row(rng, g, e, s)
        kind = k % 4
        if kind == 0:
            row[0] = ""  # no name
        elif kind == 1:
            keep = {0}
            row = [c if i in keep or HEADERS[s][i] in ("ULICA", "Adres", "street", "Miejscowość", "MIEJSCOWOSC", "city") else "" for i, c in enumerate(row)]
        elif kind == 2:
            row = ["-----"] + ["" for _ in row[1:]]
        else:
            row = list(HEADERS[s])
        rows[s].append((row, -1))
        notes["bad_rows"] += 1
    sources: list[SourceFile] = []
    truth: dict[tuple[str, int], int] = {}
    for s, items in rows.items():
        rng.shuffle(items)
        fmt = "csv"
        encoding = {"rejestr": "utf-8-sig", "bazafirm": "cp1250", "katalog": "iso-8859-2"}[s]
        delimiter = {"rejestr": ";", "bazafirm": ";", "katalog": "|"}[s]
        if s == "katalog" and xlsx:
            fmt = "xlsx"
        sources.append(SourceFile(s, PRIORITY[s], HEADERS[s], [r for r, _ in items], encoding,
                                  delimiter, fmt))
        for i, (_, eid) in enumerate(items, start=1):
            truth[(s, i)] = eid
    return GeneratedLists(sources=sources, truth=truth, entities=entities, notes=notes)


def _row(rng: random.Random, g: _Gen, e: Entity, source: str) -> list[str]:
    row = _raw_row(rng, g, e, source)
    header = HEADERS[source]
    channels = [i for i, h in enumerate(header)
                if h in ("NIP", "REGON", "TELEFON", "EMAIL", "Telefon", "Telefon 2", "E-mail",
                         "tax_id", "phone", "email")]
    if not any(_valid(header[i], row[i]) for i in channels):
        i = header.index({"rejestr": "TELEFON", "bazafirm": "Telefon", "katalog": "phone"}[source])
        row[i] = _fmt_phone(rng, e.phone, "intl")
    return row


def _valid(column: str, text: str) -> bool:
    if not text:
        return False
    if column in ("NIP", "tax_id"):
        return normalize_nip(text) is not None
    if column == "REGON":
        return True
    if "@" in text or column in ("EMAIL", "E-mail", "email"):
        return normalize_email(text) is not None
    return normalize_phone(text) is not None


def _raw_row(rng: random.Random, g: _Gen, e: Entity, source: str) -> list[str]:
    moved = e.moved_to is not None and rng.random() < 0.5
    street, building, flat = e.street, e.building, e.flat
    postcode, city = e.postcode, e.city
    phone = e.phone if rng.random() < 0.8 else e.mobile
    if moved and e.moved_to is not None:
        street, building, postcode, city = e.moved_to
        flat = None
        phone = e.mobile  # a new landline after the move; the mobile stays
    if source == "rejestr":
        nip = e.nip if rng.random() < 0.97 else ""
        if nip and rng.random() < 0.005:
            nip = _nip_typo(rng, nip)
        prefix, _, bare = street.partition(" ")
        return [
            _name(rng, e, source, 0.0), nip, e.regon, f"{prefix} {bare}".upper(), building,
            flat or "", postcode, city.upper(), _V_PL[e.voivodeship].upper(),
            _fmt_phone(rng, phone, "register") if rng.random() < 0.4 else "",
            (e.email or "") if rng.random() < 0.3 else "",
        ]
    if source == "bazafirm":
        nip = _fmt_nip(rng, e.nip, "dashes") if rng.random() < 0.7 else ""
        if nip and rng.random() < 0.01:
            nip = _nip_typo(rng, e.nip)
        phone_text = _fmt_phone(rng, phone, "paren") if rng.random() < 0.92 else ""
        if phone_text and rng.random() < 0.004:
            phone_text = rng.choice(_BAD_PHONES)
        second = _fmt_phone(rng, e.mobile, "paren") if rng.random() < 0.3 else ""
        email = (e.email or "") if rng.random() < 0.6 else ""
        if email and rng.random() < 0.01:
            email = rng.choice(_BAD_EMAILS)
        if email and rng.random() < 0.2:
            email = email.upper() if rng.random() < 0.5 else email.capitalize()
        contact = f"{e.first} {e.last}" if rng.random() < 0.5 else (f"{e.last} {e.first}" if rng.random() < 0.2 else "")
        code = _fmt_postcode(rng, postcode) if rng.random() < 0.97 else ""
        if code and rng.random() < 0.003:
            code = code[:4]
        return [
            _name(rng, e, source, 0.08), nip,
            _street_line(rng, street, building, flat, 0.03), code,
            city if rng.random() < 0.9 else city.upper(),
            rng.choice((_V_PL[e.voivodeship], f"woj. {_V_PL[e.voivodeship]}", "")), phone_text,
            second, email, (e.website or "") if rng.random() < 0.5 else "",
            str(e.fleet) if rng.random() < 0.6 else "", contact,
            e.role if contact and rng.random() < 0.7 else "",
        ]
    # katalog
    nip = _fmt_nip(rng, e.nip, "pl") if rng.random() < 0.3 else ""
    phone_text = _fmt_phone(rng, phone if rng.random() < 0.85 else e.mobile, "intl") if rng.random() < 0.95 else ""
    email = (e.email or "") if rng.random() < 0.55 else ""
    city_text = city if rng.random() < 0.6 else (anyascii(city) if rng.random() < 0.5 else city.lower())
    province = rng.choice((_V_EN[e.voivodeship], _TERYT[e.voivodeship], _V_PL[e.voivodeship], ""))
    return [
        _name(rng, e, source, 0.10), nip,
        _street_line(rng, street, building, flat, 0.04) if rng.random() < 0.95 else "",
        _fmt_postcode(rng, postcode) if rng.random() < 0.9 else "", city_text, province,
        phone_text, email, (e.website or "") if rng.random() < 0.4 else "",
        str(e.fleet) if rng.random() < 0.4 else "",
        e.first if rng.random() < 0.4 else "", e.last if rng.random() < 0.4 else "",
    ]
