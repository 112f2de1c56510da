"""A realistic Polish demo workspace: companies, contacts, campaigns, reps, users,
qualification fields, segments and some history.

Deterministic for a seed: the same seed gives the same companies, people and ids.
History dates are laid out relative to the day the workspace is built, so every
screen has something current to show. Bulk inserts go straight through the DB-API in
batches; the full-text index is rebuilt once at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from sqlalchemy import JSON, Connection
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from app.config import Profile
from app.db import Database, open_profile
from app.errors import UserError
from app.services import demo_vocab as vocab
from app.services import poland
from app.services.defaults import DEFAULT_DISPOSITIONS, SEGMENTS, calling_hours
from app.services.normalize import search_key
from models import (
    CallAttempt,
    Callback,
    Campaign,
    Company,
    CompanySegment,
    Contact,
    Disposition,
    FieldDefinition,
    FieldValue,
    Meeting,
    PhoneNumber,
    QueueItem,
    SalesRep,
    Segment,
    User,
    uuid7,
)
from scripts_lead_gen.fields import FieldSpec, load_bundled_fields

log = logging.getLogger(__name__)
WARSAW = ZoneInfo("Europe/Warsaw")
BATCH = 5000
COMPETITOR_BRANDS = ("michelin", "bridgestone", "goodyear", "continental", "debica", "pirelli")
ID_EPOCH_MS = 1_767_225_600_000  # 2026-01-01T00:00Z: demo ids are uuid7s from here on

# Demo logins: username, full name, role, team. The password of each is DEMO_PASSWORD.
DEMO_PASSWORD = "demo"
DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("agent1", "Anna Nowak", "agent", "Zespół A"),
    ("agent2", "Piotr Wiśniewski", "agent", "Zespół A"),
    ("agent3", "Katarzyna Wójcik", "agent", "Zespół A"),
    ("agent4", "Tomasz Kamiński", "agent", "Zespół B"),
    ("agent5", "Magdalena Lewandowska", "agent", "Zespół B"),
    ("supervisor", "Ewa Zielińska", "supervisor", "Zespół A"),
    ("admin", "Marek Szymański", "admin", None),
)

REPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("REP-N", "Krzysztof Dąbrowski", ("pomorskie", "zachodniopomorskie")),
    ("REP-NE", "Agnieszka Kozłowska", ("warminsko-mazurskie", "podlaskie")),
    ("REP-C", "Paweł Jankowski", ("mazowieckie", "lodzkie")),
    ("REP-W", "Joanna Mazur", ("wielkopolskie", "lubuskie")),
    ("REP-KP", "Michał Krawczyk", ("kujawsko-pomorskie", "swietokrzyskie")),
    ("REP-SW", "Monika Piotrowska", ("dolnoslaskie", "opolskie")),
    ("REP-S", "Łukasz Grabowski", ("slaskie", "malopolskie")),
    ("REP-E", "Aleksandra Pawłowska", ("lubelskie", "podkarpackie")),
)


@dataclass
class _Ids:
    """Deterministic uuid7 factory: time part counts up, random part from the seed."""

    rng: random.Random
    ms: int = ID_EPOCH_MS

    def __call__(self) -> uuid.UUID:
        self.ms += 1
        return uuid7(self.ms, self.rng.getrandbits(80).to_bytes(10, "big"))


def _weighted(rng: random.Random, items: list[Any], weights: list[int]) -> Any:
    return rng.choices(items, weights=weights, k=1)[0]


def _valid_nip(rng: random.Random) -> str:
    while True:
        head = f"{rng.randint(101, 999)}{rng.randint(0, 999999):06d}"
        # stdnum's checksum of head+"0" is the weighted sum of the first nine digits
        # mod 11, which is the check digit (10 means no valid NIP has this head).
        digit = stdnum_nip.checksum(head + "0")
        if digit < 10:
            return f"{head}{digit}"


def _sqlite_value(value: Any) -> Any:
    """A Python value as SQLAlchemy's SQLite types store it (Uuid → 32 hex digits,
    UTC datetime → naive ISO text with microseconds, bool → 0/1; JSON columns are
    encoded by the caller)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


def _valid_regon(rng: random.Random) -> str:
    head = f"{rng.randint(1, 99):02d}{rng.randint(0, 999999):06d}"
    return head + str(stdnum_regon.calc_check_digit(head))


class DemoBuilder:
    def __init__(self, seed: int, companies: int, today: dt.date | None = None) -> None:
        self.rng = random.Random(seed)
        self.ids = _Ids(random.Random(seed * 7919 + 1))
        self.n = companies
        self.today = today or dt.datetime.now(WARSAW).date()
        self.counts: dict[str, int] = {}
        self.fields = load_bundled_fields()
        self.cities = poland.CITIES
        self.decider_roles = [r for r in poland.CONTACT_ROLES if r.decision_maker]

    # ---- helpers -------------------------------------------------------------
    def _at(self, days_ago: float, hour: int, minute: int = 0) -> dt.datetime:
        day = self.today - dt.timedelta(days=int(days_ago))
        local = dt.datetime.combine(day, dt.time(hour, minute), WARSAW)
        return local.astimezone(dt.UTC)

    def _insert(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Bulk insert straight through the DB-API (the demo's hot path), writing
        values exactly as the models' column types store them in SQLite."""
        if not rows:
            return
        columns = [c for c in table.columns if any(c.name in r for r in rows[:50]) or
                   c.default is not None or c.server_default is not None]
        now = dt.datetime.now(dt.UTC)
        defaults: dict[str, Any] = {}
        for c in columns:
            if c.default is not None and getattr(c.default, "is_scalar", False):
                defaults[c.name] = c.default.arg
            elif c.default is not None and getattr(c.default, "is_callable", False):
                defaults[c.name] = now if c.name.endswith("_at") else None
        names = [c.name for c in columns]
        json_cols = {c.name for c in columns if isinstance(c.type, JSON)}
        quoted = ", ".join('"' + n + '"' for n in names)
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})"
        data = [
            tuple(
                json.dumps(r.get(n, defaults.get(n)), ensure_ascii=False)
                if n in json_cols
                else _sqlite_value(r.get(n, defaults.get(n)))
                for n in names
            )
            for r in rows
        ]
        conn.exec_driver_sql(sql, data)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def _landline(self, city: poland.City) -> str:
        return f"+48{city.area_code}{self.rng.randint(2000000, 8999999)}"

    def _postcode(self, city: poland.City) -> str:
        lo = int(city.postcode_first.replace("-", ""))
        hi = int(city.postcode_last.replace("-", ""))
        code = f"{self.rng.randint(lo, hi):05d}"
        return f"{code[:2]}-{code[2:]}"

    def _mobile(self) -> str:
        return f"+48{self.rng.choice(vocab.MOBILE_PREFIXES)}{self.rng.randint(0, 9999999):07d}"

    def _company_name(self, surname: str, city: str) -> tuple[str, str | None, str]:
        rng = self.rng
        trade, industry = rng.choice(vocab.TRADES)
        form_text, form_key, _ = _weighted(
            rng, list(vocab.LEGAL_FORMS), [w for *_, w in vocab.LEGAL_FORMS]
        )
        style = rng.random()
        if form_key is None:  # self-employed: the owner's name is in the firm name
            first = rng.choice(poland.MALE_FIRST_NAMES)
            core = f"{rng.choice(vocab.PREFIXES)} {first} {surname}"
            if rng.random() < 0.6:
                core += f" {trade}"
            return core, None, industry
        if style < 0.35:
            core = f"{rng.choice(vocab.FANCY)} {trade}"
        elif style < 0.6:
            core = f"{surname} {trade}"
        elif style < 0.8:
            core = f"{trade}-{rng.choice(vocab.FANCY)}"
        else:
            core = f"{rng.choice(vocab.FANCY)}-{city.split()[0]}"
        return f"{core} {form_text}", form_key, industry

    # ---- reference data --------------------------------------------------------
    def reference(self, conn: Connection) -> dict[str, Any]:
        # One hash for the one demo password keeps the build fast; each real user's
        # password is hashed on its own (server create-user).
        password_hash = PasswordHasher().hash(DEMO_PASSWORD)
        users = []
        for username, name, role, team in DEMO_USERS:
            users.append(
                {
                    "id": self.ids(),
                    "username": username,
                    "full_name": name,
                    "role": role,
                    "team": team,
                    "password_hash": password_hash,
                    "active": True,
                }
            )
        self._insert(conn, User.__table__, users)
        field_rows = [self._field_row(i, f) for i, f in enumerate(self.fields)]
        self._insert(conn, FieldDefinition.__table__, field_rows)
        segments = [
            {"id": self.ids(), "key": key, "name_pl": pl, "name_en": en, "description": desc,
             "rule": rule, "color": color, "position": i}
            for i, (key, pl, en, desc, rule, color) in enumerate(SEGMENTS)
        ]
        self._insert(conn, Segment.__table__, segments)
        campaigns = self._campaigns()
        self._insert(conn, Campaign.__table__, campaigns)
        dispositions = [
            {"id": self.ids(), "campaign_id": None, "position": i, **d}
            for i, d in enumerate(DEFAULT_DISPOSITIONS)
        ]
        self._insert(conn, Disposition.__table__, dispositions)
        reps = []
        for code, name, territory in REPS:
            first, last = name.split(" ", 1)
            reps.append(
                {
                    "id": self.ids(),
                    "code": code,
                    "full_name": name,
                    "email": f"{search_key(first)}.{search_key(last)}@oponex.pl".replace(" ", ""),
                    "phone": self._mobile(),
                    "home_city": poland.VOIVODESHIP_BY_KEY[territory[0]].capitals[0],
                    "territory": {"voivodeships": list(territory), "postcode_prefixes": []},
                    "working_hours": {str(d): [["08:00", "16:00"]] for d in range(5)},
                    "timezone": "Europe/Warsaw",
                    "meeting_minutes": 60,
                    "buffer_minutes": 45,
                    "supervisor": "Ewa Zielińska",
                    "active": True,
                }
            )
        self._insert(conn, SalesRep.__table__, reps)
        return {
            "users": {u["username"]: u["id"] for u in users},
            "agents": [u["id"] for u in users if u["role"] == "agent"],
            "segments": {s["key"]: s["id"] for s in segments},
            "campaigns": {c["key"]: c for c in campaigns},
            "reps": {code: r["id"] for (code, _, _), r in zip(REPS, reps, strict=True)},
            "rep_by_voivodeship": {
                v: r["id"] for (_, _, terr), r in zip(REPS, reps, strict=True) for v in terr
            },
        }

    def _field_row(self, position: int, f: FieldSpec) -> dict[str, Any]:
        return {
            "id": self.ids(),
            "key": f.key,
            "group": f.group,
            "type": f.type,
            "label_pl": f.label_pl,
            "label_en": f.label_en,
            "required": f.required,
            "choices": [c.model_dump() for c in f.choices],
            "min_value": f.min,
            "max_value": f.max,
            "pattern": f.pattern,
            "help_pl": f.help_pl,
            "help_en": f.help_en,
            "position": position,
            "active": True,
        }

    def _campaigns(self) -> list[dict[str, Any]]:
        all_fields = [f.key for f in self.fields]
        base = {"active": True, "is_b2c": False, "calling_hours": calling_hours(b2c=False),
                "max_attempts": 6, "max_attempts_per_day": 2, "min_gap_minutes": 120,
                "lease_minutes": 30}
        return [
            {
                **base,
                "id": self.ids(),
                "key": "kwalifikacja",
                "name": "Kwalifikacja flot 2026",
                "type": "lead_generation",
                "description": "Profilowanie bazy firm flotowych: struktura floty, zakupy opon, "
                "decydenci, zainteresowania.",
                "script_id": "lead_qualification",
                "caller_identity": "Oponex Polska",
                "variants": [
                    {"key": "marka", "script_id": "lead_qualification", "weight": 0.5,
                     "caller_identity": "Oponex Polska"},
                    {"key": "badanie", "script_id": "lead_qualification_research",
                     "weight": 0.5, "caller_identity": "Instytut Badań Rynku Flotowego"},
                ],
                "field_keys": all_fields,
            },
            {
                **base,
                "id": self.ids(),
                "key": "fitd",
                "name": "Foot In The Door — spotkania",
                "type": "foot_in_the_door",
                "description": "Umawianie spotkań przedstawicieli z firmami o dokładnie "
                "określonym profilu, z ofertą przygotowaną na podstawie kwalifikacji.",
                "script_id": "foot_in_the_door",
                "caller_identity": "Oponex Polska",
                "variants": [],
                "field_keys": all_fields,
            },
            {
                **base,
                "id": self.ids(),
                "key": "rozwoj",
                "name": "Rozwój klientów — kontakt cykliczny",
                "type": "customer_development",
                "description": "Cykliczne rozmowy z decydentami obecnych klientów: "
                "satysfakcja, problemy, nowe potrzeby i szanse sprzedaży.",
                "script_id": "customer_development",
                "caller_identity": "Oponex Polska",
                "variants": [],
                "max_attempts": 4,
                "field_keys": all_fields,
            },
        ]

    # ---- companies ------------------------------------------------------------
    def companies(self, conn: Connection, ref: dict[str, Any], progress: Callable[[int], None]) -> None:
        rng = self.rng
        camps = ref["campaigns"]
        buf: dict[str, list[dict[str, Any]]] = {}
        tables = {
            "companies": Company.__table__, "contacts": Contact.__table__,
            "phones": PhoneNumber.__table__, "fields": FieldValue.__table__,
            "segments": CompanySegment.__table__, "queue": QueueItem.__table__,
            "attempts": CallAttempt.__table__, "callbacks": Callback.__table__,
            "meetings": Meeting.__table__,
        }
        order = list(tables)

        def flush() -> None:
            for name in order:
                self._insert(conn, tables[name], buf.get(name, []))
            buf.clear()
            conn.commit()  # keeps the WAL small; a failed build deletes the file anyway

        for i in range(self.n):
            self._one_company(buf, ref, camps)
            if (i + 1) % BATCH == 0:
                flush()
                progress(i + 1)
        flush()
        progress(self.n)
        del rng

    def _one_company(self, buf: dict[str, list[dict[str, Any]]], ref: dict[str, Any],
                     camps: dict[str, dict[str, Any]]) -> None:
        rng = self.rng
        city = rng.choice(self.cities)
        surname = rng.choice(poland.SURNAMES).male
        name, form, industry = self._company_name(surname, city.name)
        cid = self.ids()
        main_phone = self._landline(city)
        domain = search_key(name.split()[0] + name.split()[1] if len(name.split()) > 1 else name)
        domain = "".join(ch for ch in domain if ch.isalnum())[:20] or "firma"
        buf.setdefault("companies", []).append(
            {
                "id": cid, "name": name, "name_key": search_key(name), "legal_form": form,
                "nip": _valid_nip(rng), "regon": _valid_regon(rng),
                "street": rng.choice(city.streets), "building": str(rng.randint(1, 180))
                + (rng.choice("ABC") if rng.random() < 0.1 else ""),
                "flat": str(rng.randint(1, 40)) if rng.random() < 0.15 else None,
                "postcode": self._postcode(city), "city": city.name, "city_key": search_key(city.name),
                "voivodeship": city.voivodeship, "country": "PL", "timezone": "Europe/Warsaw",
                "phone": main_phone, "email": f"biuro@{domain}.pl", "website": f"www.{domain}.pl",
                "industry": industry, "employees": rng.choice((5, 9, 15, 25, 40, 60, 120, 250, 600)),
                "is_household": False, "deleted": False,
            }
        )
        buf.setdefault("phones", []).append(
            {"id": self.ids(), "company_id": cid, "contact_id": None, "e164": main_phone,
             "kind": "landline", "label": "centrala", "deleted": False}
        )
        contacts = []
        for k in range(rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]):
            female = rng.random() < 0.45
            first = rng.choice(poland.FEMALE_FIRST_NAMES if female else poland.MALE_FIRST_NAMES)
            family = rng.choice(poland.SURNAMES)
            last = family.female if female else family.male
            role = rng.choice(self.decider_roles) if k == 0 else rng.choice(poland.CONTACT_ROLES)
            contact_id = self.ids()
            mobile = self._mobile()
            contacts.append(contact_id)
            buf.setdefault("contacts", []).append(
                {"id": contact_id, "company_id": cid, "first_name": first, "last_name": last,
                 "role": role.key, "is_decision_maker": k == 0 or role.decision_maker,
                 "email": f"{search_key(first)}.{search_key(last)}@{domain}.pl".replace(" ", ""),
                 "timezone": None,
                 "calling_windows": rng.choice(vocab.CALLING_WINDOWS) if rng.random() < 0.2 else [],
                 "preferred_channel": "phone", "deleted": False}
            )
            buf["phones"].append(
                {"id": self.ids(), "company_id": cid, "contact_id": contact_id, "e164": mobile,
                 "kind": "mobile", "label": "komórka", "deleted": False}
            )
        self._profile_and_history(buf, ref, camps, cid, contacts, city.voivodeship)

    def _profile_and_history(self, buf: dict[str, list[dict[str, Any]]], ref: dict[str, Any],
                             camps: dict[str, dict[str, Any]], cid: uuid.UUID,
                             contacts: list[uuid.UUID], voivodeship: str) -> None:
        rng = self.rng
        roll = rng.random()
        qualified = roll < 0.3
        customer = rng.random() < 0.1
        segs: list[str] = []
        if qualified or customer:
            overrides: dict[str, Any] = {}
            if customer:
                segs.append("current_customers")
                overrides["tyre_brand"] = "oponex"
            elif rng.random() < 0.45:
                segs.append("competitor_customers")
                overrides["tyre_brand"] = rng.choice(COMPETITOR_BRANDS)
            premium = rng.random() < 0.35
            segs.append("premium" if premium else "standard")
            overrides["product_tier_preference"] = (
                "premium" if premium else rng.choice(("standard", "budget"))
            )
            if not customer and rng.random() < 0.7:
                segs.append("potential")
            elif not customer:
                segs = ["not_meeting_criteria"]
                overrides["interested_in_offer"] = False
            buf.setdefault("fields", []).extend(self._field_values(cid, overrides))
        for key in segs:
            buf.setdefault("segments", []).append(
                {"id": self.ids(), "segment_id": ref["segments"][key], "company_id": cid,
                 "deleted": False}
            )
        lq = camps["kwalifikacja"]
        variant = "marka" if rng.random() < 0.5 else "badanie"
        attempts = 0 if roll > 0.55 else rng.randint(1, 3)
        agent = rng.choice(ref["agents"])
        status = "new"
        last_at: dt.datetime | None = None
        last_disp: str | None = None
        for a in range(attempts):
            final = a == attempts - 1
            if final and qualified:
                disp = "qualified"
            elif final and roll < 0.34:
                disp = rng.choice(("refused", "not_qualified", "wrong_number"))
            else:
                disp = rng.choice(("no_answer", "no_answer", "busy", "voicemail"))
            start = self._at(rng.uniform(1, 40), rng.randint(9, 16), rng.randint(0, 59))
            talk = rng.randint(60, 600) if disp in ("qualified", "refused", "not_qualified") else 0
            buf.setdefault("attempts", []).append(
                {"id": self.ids(), "campaign_id": lq["id"], "company_id": cid,
                 "contact_id": contacts[0], "agent_id": agent, "variant": variant,
                 "started_at": start, "answered_at": start if talk else None,
                 "ended_at": start + dt.timedelta(seconds=talk + 20), "talk_seconds": talk,
                 "wrapup_seconds": rng.randint(10, 90), "disposition_code": disp,
                 "notes": None, "script_id": "lead_qualification", "script_version": None,
                 "script_path": [], "answers": {}, "deleted": False}
            )
            last_at, last_disp = start, disp
        if last_disp in ("qualified", "refused", "not_qualified", "wrong_number"):
            status = "done"
        elif last_disp:
            status = "retry"
        next_at = None
        if status == "retry" and last_at is not None:
            next_at = last_at + dt.timedelta(hours=3)
        if status == "retry" and rng.random() < 0.15:
            status = "callback"
            due = self._at(rng.choice((-1, 0, 0, 1, 2)), rng.randint(9, 16), 0)
            next_at = due
            buf.setdefault("callbacks", []).append(
                {"id": self.ids(), "campaign_id": lq["id"], "company_id": cid,
                 "contact_id": contacts[0], "owner_id": agent if rng.random() < 0.7 else None,
                 "created_by": agent, "due_at": due, "note": "Prosi o kontakt w tym terminie.",
                 "status": "pending", "deleted": False}
            )
        buf.setdefault("queue", []).append(
            {"id": self.ids(), "campaign_id": lq["id"], "company_id": cid, "status": status,
             "priority": rng.randint(0, 3), "variant": variant, "attempts": attempts,
             "attempts_today": 0, "last_attempt_at": last_at, "last_disposition": last_disp,
             "next_attempt_at": next_at, "deleted": False}
        )
        if qualified and "not_meeting_criteria" not in segs:
            booked = rng.random() < 0.12
            buf["queue"].append(
                {"id": self.ids(), "campaign_id": camps["fitd"]["id"], "company_id": cid,
                 "status": "done" if booked else "new", "priority": 2, "variant": None,
                 "attempts": 1 if booked else 0, "attempts_today": 0,
                 "last_disposition": "meeting_booked" if booked else None, "deleted": False}
            )
            if booked:
                past = rng.random() < 0.5
                day = -rng.randint(1, 20) if not past else rng.randint(1, 25)
                start = self._at(day, rng.choice((9, 10, 11, 13, 14)))
                buf.setdefault("meetings", []).append(
                    {"id": self.ids(), "rep_id": ref["rep_by_voivodeship"][voivodeship],
                     "company_id": cid, "contact_id": contacts[0],
                     "campaign_id": camps["fitd"]["id"], "start_at": start,
                     "end_at": start + dt.timedelta(hours=1), "place": None,
                     "status": ("held" if rng.random() < 0.9 else "no_show") if past
                     else "confirmed", "booked_by": agent,
                     "booked_at": start - dt.timedelta(days=rng.randint(2, 10)),
                     "outcome": None, "offer": "Pakiet opon całorocznych z serwisem mobilnym",
                     "brief": {}, "sequence": 0, "deleted": False}
                )
        if customer:
            buf["queue"].append(
                {"id": self.ids(), "campaign_id": camps["rozwoj"]["id"], "company_id": cid,
                 "status": "new", "priority": 1, "variant": None, "attempts": 0,
                 "attempts_today": 0, "deleted": False}
            )

    def _field_values(self, cid: uuid.UUID, overrides: dict[str, Any]) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for f in self.fields:
            if f.key in overrides:
                if overrides[f.key] in [c.value for c in f.choices] or not f.choices:
                    value = overrides[f.key]
                else:
                    value = _sample_value(rng, f)
            elif rng.random() < 0.25 and not f.required:
                continue
            else:
                value = _sample_value(rng, f)
            if value is None:
                continue
            rows.append(
                {"id": self.ids(), "company_id": cid, "field_key": f.key, "value": value,
                 "updated_at": self._at(rng.uniform(1, 40), 12), "source": "agent",
                 "deleted": False}
            )
        return rows


def _sample_value(rng: random.Random, f: FieldSpec) -> Any:
    lo = int(f.min) if f.min is not None else 0
    hi = int(f.max) if f.max is not None else 50
    if f.type == "int":
        return rng.randint(lo, min(hi, lo + 60))
    if f.type == "decimal":
        # Budgets and opportunity values of a fleet: thousands to a few hundred thousand.
        top = min(hi, 400_000) if f.max is not None else 400_000
        return round(rng.uniform(max(lo, 2_000), max(top, 2_000)), -2)
    if f.type == "bool":
        return rng.random() < 0.5
    if f.type == "choice" and f.choices:
        return rng.choice(f.choices).value
    if f.type == "multi_choice" and f.choices:
        return sorted({rng.choice(f.choices).value for _ in range(rng.randint(1, 3))})
    if f.type == "date":
        return (dt.date.today() + dt.timedelta(days=rng.randint(30, 500))).isoformat()
    if f.type == "phone":
        return f"+48{rng.choice(vocab.MOBILE_PREFIXES)}{rng.randint(0, 9999999):07d}"
    if f.type == "email":
        return f"kontakt{rng.randint(1, 99)}@firma.pl"
    if f.type == "text":
        return None
    return None


def build_demo(
    profile: Profile,
    *,
    companies: int = 5000,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Create the demo workspace in ``profile`` (which must not hold one yet)."""
    if companies < 1:
        raise UserError("--companies must be at least 1.")
    if profile.db_path.exists():
        raise UserError(
            f"{profile.root} already holds a workspace; choose an empty --profile folder."
        )
    started = time.perf_counter()
    db = open_profile(profile.ensure(), create=True)
    try:
        counts = _fill(db, companies, seed, progress)
    except BaseException:
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            profile.db_path.with_name(profile.db_path.name + suffix).unlink(missing_ok=True)
        raise
    db.dispose()
    seconds = time.perf_counter() - started
    return {
        "profile": str(profile.root),
        "companies": counts.get("companies", 0),
        "contacts": counts.get("contacts", 0),
        "campaigns": counts.get("campaigns", 0),
        "reps": counts.get("sales_reps", 0),
        "users": counts.get("users", 0),
        "field_definitions": counts.get("field_definitions", 0),
        "segments": counts.get("segments", 0),
        "call_attempts": counts.get("call_attempts", 0),
        "callbacks": counts.get("callbacks", 0),
        "meetings": counts.get("meetings", 0),
        "seconds": round(seconds, 2),
        "companies_per_second": round(companies / seconds, 1) if seconds else None,
    }


def _fill(
    db: Database, companies: int, seed: int, progress: Callable[[int, int], None] | None
) -> dict[str, int]:
    builder = DemoBuilder(seed, companies)
    with db.engine.connect() as conn:
        # Bulk load without the per-row full-text triggers; rebuild the index once.
        triggers = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='companies'"
        ).all()
        for name, _ in triggers:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        ref = builder.reference(conn)
        builder.companies(conn, ref, lambda done: progress(done, companies) if progress else None)
        for _, sql in triggers:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("INSERT INTO companies_fts(companies_fts) VALUES('rebuild')")
        conn.commit()
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return builder.counts

