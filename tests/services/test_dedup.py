"""Deduplication: strict never joins different NIPs, loose finds variants and keeps sister
companies apart, merges are golden records with provenance, reversible, remembered and
stable across runs."""

from __future__ import annotations

import collections
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from stdnum.pl import nip as stdnum_nip

from app.config import resolve_profile
from app.db import Database, open_profile
from app.errors import UserError
from app.services import import_formats as fmt
from app.services import matching
from app.services.company_matching import company_frame, company_model, strict_model
from app.services.dedup import DedupOptions, decide, find_existing, run_dedup, undo_merge
from app.services.importing import (
    ImportOptions,
    import_file,
    provenance,
    rollback_batch,
    standardise_row,
)
from app.services.merging import SourceRecord, golden_record, parse_rules
from bench.polish_lists import generate
from models import Company, Contact, FieldValue

# ---- helpers -----------------------------------------------------------------------------


def standardised(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for i, row in enumerate(rows, start=1):
        result = standardise_row(i, {k: [(k, v)] for k, v in row.items()}, {})
        assert not result.rejected, result.issues
        out.append(result.values)
    return out


def frame(values: list[dict[str, Any]]) -> dict[str, list[str | None]]:
    return company_frame(
        name=[v.get("match_name") for v in values],
        legal_form=[v.get("legal_form") for v in values],
        nip=[v.get("nip") for v in values],
        regon=[v["regon"][:9] if v.get("regon") else None for v in values],
        phones=[" ".join(p[0] for p in v.get("phones", [])) or None for v in values],
        email=[v["email"].lower() if v.get("email") else None for v in values],
        postcode=[v.get("postcode") for v in values],
        city=[v.get("city_key") for v in values],
        street_key=[v.get("street_key") for v in values],
    )


def clusters(rows: list[dict[str, str]], model: matching.Model | None = None) -> list[int]:
    result = matching.match(frame(standardised(rows)), model or company_model())
    return [int(x) for x in result.labels]


def valid_nip(seed: int) -> str:
    head = f"{101 + seed % 899:03d}{(seed * 7919) % 1_000_000:06d}"
    for bump in range(100):
        h = f"{int(head) + bump:09d}"
        digit = stdnum_nip.checksum(h + "0")
        if digit < 10:
            return h + str(digit)
    raise AssertionError("no NIP")


# ---- strict ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4), st.booleans(), st.booleans()),
                min_size=2, max_size=40))
def test_strict_never_joins_two_different_nips(spec: list[tuple[int, int, bool, bool]]) -> None:
    """Records with a few NIPs and REGONs, some missing, shared at random: a cluster never
    holds two NIPs, and records with the same NIP are always together."""
    nips = [valid_nip(k) for k in range(7)]
    regons = [f"12345678{k}" for k in range(5)]
    n = len(spec)
    data: dict[str, list[str | None]] = {
        "nip": [nips[a] if has_nip else None for a, _, has_nip, _ in spec],
        "regon": [regons[b] if has_regon else None for _, b, _, has_regon in spec],
    }
    result = matching.match(data, strict_model())
    groups: dict[int, set[str]] = collections.defaultdict(set)
    for i in range(n):
        if data["nip"][i]:
            groups[int(result.labels[i])].add(str(data["nip"][i]))
    assert all(len(g) <= 1 for g in groups.values())
    by_nip: dict[str, set[int]] = collections.defaultdict(set)
    for i in range(n):
        if data["nip"][i]:
            by_nip[str(data["nip"][i])].add(int(result.labels[i]))
    assert all(len(labels) == 1 for labels in by_nip.values())


def test_strict_joins_on_regon_of_a_local_unit() -> None:
    data: dict[str, list[str | None]] = {"nip": [None, None, "5260250274"],
                                         "regon": ["012100784", "012100784", None]}
    labels = matching.match(data, strict_model()).labels.tolist()
    assert labels[0] == labels[1] != labels[2]


# ---- loose --------------------------------------------------------------------------------


def test_loose_finds_typos_and_format_variants() -> None:
    rows = [
        {"name": "Transbud Sp. z o.o.", "nip": "5260250274", "street": "ul. Marszałkowska 12/3",
         "postcode": "00-950", "city": "Warszawa", "phone": "(22) 123-45-67"},
        {"name": "TRANSBUD SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "nip": "PL 526-025-02-74",
         "city": "WARSZAWA", "street": "MARSZAŁKOWSKA 12 m. 3", "postcode": "00950"},
        {"name": "PPHU „Transbód” sp z oo", "street": "Marszałkowska 12 lok. 3",
         "postcode": "00 950", "city": "Warszawa", "phone": "+48 22 123 45 67 wew. 12"},
        {"name": "Kamex s.c.", "street": "Długa 5", "postcode": "80-001", "city": "Gdańsk",
         "phone": "58 301 22 33", "email": "biuro@kamex.pl"},
        {"name": "Kanex SC", "street": "ul. Długa 5", "city": "Gdansk",
         "email": "BIURO@kamex.pl", "phone": "601 000 111"},
        {"name": "Jan Kowalski Usługi Transportowe", "street": "Polna 1", "city": "Radom",
         "postcode": "26-600", "phone": "48 362 00 11"},
        {"name": "Usługi Transportowe Kowalski Jan", "street": "ul. Polna 1", "city": "Radom",
         "postcode": "26-600", "phone": "0048 48 362 00 11"},
    ]
    labels = clusters(rows)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4]
    assert labels[5] == labels[6]
    assert len(set(labels)) == 3


def test_sister_companies_at_one_address_stay_apart() -> None:
    base = {"street": "ul. Przemysłowa 7", "postcode": "44-100", "city": "Gliwice",
            "phone": "32 230 11 22"}
    rows = [
        {**base, "name": "Transbud sp. z o.o.", "nip": "5260250274"},
        {**base, "name": "Transbud Logistyka sp. z o.o.", "nip": "1234563218"},
        {**base, "name": "Transbud sp.k.", "nip": valid_nip(5)},
        # Without NIPs: the name gives them away (another word, another legal form).
        {**base, "name": "Transbud Serwis sp. z o.o."},
        {**base, "name": "TRANSBUD SPÓŁKA KOMANDYTOWA", "email": "sk@transbud.pl"},
        # The same company as the first, no NIP in this source: joins it.
        {**base, "name": "„TRANSBUD” SP. Z O.O.", "email": "biuro@transbud.pl"},
    ]
    labels = clusters(rows)
    assert labels[5] == labels[0]
    assert labels[4] == labels[2]
    assert len({labels[0], labels[1], labels[2], labels[3]}) == 4


def test_loose_on_generated_polish_lists() -> None:
    lists = generate(2500, seed=11)
    values, truth = [], []
    for source in lists.sources:
        targets = fmt.map_headers(source.header, fmt.HEADER_ALIASES, {},
                                  {*fmt.COMPANY_TARGETS, *fmt.CONTACT_TARGETS,
                                   "field:fleet_total"}).targets
        for i, row in enumerate(source.rows, start=1):
            cells: dict[str, list[tuple[str, Any]]] = {}
            for header, target, cell in zip(source.header, targets, row, strict=True):
                if target:
                    cells.setdefault(target, []).append((header, cell))
            out = standardise_row(i, cells, {})
            expected = lists.truth[(source.name, i)]
            if row == source.header:
                assert expected == -1
                continue
            assert out.rejected == (expected == -1), (source.name, i, row, out.issues)
            if not out.rejected:
                values.append(out.values)
                truth.append(expected)
    result = matching.match(frame(values), company_model())
    labels = result.labels.tolist()

    def pairs(keys: list[Any]) -> set[tuple[int, int]]:
        by: dict[Any, list[int]] = collections.defaultdict(list)
        for i, k in enumerate(keys):
            by[k].append(i)
        return {(a, b) for g in by.values() for x, a in enumerate(g) for b in g[x + 1:]}

    predicted, actual = pairs(labels), pairs(truth)
    precision = len(predicted & actual) / len(predicted)
    recall = len(predicted & actual) / len(actual)
    assert precision >= 0.995
    assert recall >= 0.97
    nips: dict[int, set[str]] = collections.defaultdict(set)
    for v, label in zip(values, labels, strict=True):
        if v.get("nip"):
            nips[label].add(v["nip"])
    assert all(len(n) == 1 for n in nips.values())


def test_refuses_a_configuration_over_200_million_pairs() -> None:
    n = 20_001  # n(n-1)/2 > 200 million
    data: dict[str, list[str | None]] = {c: [None] * n for c in (
        "name", "name_sorted_words", "legal_form", "nip", "regon", "phones", "email",
        "email_domain", "postcode", "city", "street", "building")}
    model = company_model().with_blocks(["all"])
    with pytest.raises(UserError, match="blocking keys"):
        matching.match(data, model)
    with pytest.raises(UserError, match="Unknown blocking key"):
        company_model().with_blocks(["nipp"])


def test_golden_record_rules() -> None:
    import uuid

    def rec(i: int, priority: int, **values: Any) -> SourceRecord:
        return SourceRecord(uuid.UUID(int=i), uuid.UUID(int=100 + i), f"s{i}", i, priority,
                            values)

    records = [
        rec(1, 1, name="Alfa", phone="+48221111111", fields={"fleet_total": 5}),
        rec(2, 3, name="ALFA SPÓŁKA", phone="+48222222222"),
        rec(3, 1, name="Alfa", phone="+48221111111", fields={"fleet_total": 7}),
    ]
    chosen = golden_record(records)
    assert chosen["name"][0].id.int == 2  # highest priority
    assert chosen["field:fleet_total"][0].id.int == 1  # oldest among equals
    chosen = golden_record(records, parse_rules(["phone=majority", "name=majority"]))
    assert chosen["phone"][0].values["phone"] == "+48221111111"
    assert chosen["name"][1] == "majority"
    with pytest.raises(UserError):
        parse_rules(["phone=loudest"])


# ---- merging in a workspace ----------------------------------------------------------------

REGISTER = (
    "NAZWA;NIP;REGON;ULICA;KOD_POCZTOWY;MIEJSCOWOSC;TELEFON\n"
    "TRANSBUD SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ;5260250274;012100784;UL. POLNA 3;00-950;"
    "WARSZAWA;\n"
    "KAMEX SPÓŁKA JAWNA;1234563218;;UL. DŁUGA 5;80-001;GDAŃSK;583012233\n"
    "TRANSBUD LOGISTYKA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ;{sister};;UL. POLNA 3;00-950;"
    "WARSZAWA;\n"
)
DATABASE = (
    "Nazwa firmy;NIP;Adres;Kod pocztowy;Miejscowość;Telefon;E-mail;Liczba pojazdów;"
    "Osoba kontaktowa;Stanowisko\n"
    "Transbud Sp. z o.o.;526-025-02-74;ul. Polna 3;00950;Warszawa;(22) 123-45-67;"
    "biuro@transbud.pl;12;Jan Kowalski;prezes\n"
    "Kamex sp.j.;;Długa 5;80-001;Gdańsk;58 301 22 33;kamex@kamex.pl;4;Anna Nowak;\n"
    "„Transbud” sp z oo;;Polna 3;00-950;Warszawa;22 123 45 67;;15;KOWALSKI Jan;prezes\n"
    "Zenit s.c.;;Krótka 1;30-001;Kraków;12 422 00 11;;;;\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ws"
    open_profile(resolve_profile(folder), create=True).dispose()
    return folder


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "ws"
    shutil.copytree(template, folder)
    database = open_profile(resolve_profile(folder), create=False)
    yield database
    database.dispose()


@pytest.fixture
def two_lists(db: Database, tmp_path: Path) -> tuple[Database, Any, Any]:
    register = tmp_path / "rejestr.csv"
    register.write_text(REGISTER.format(sister=valid_nip(3)), encoding="utf-8-sig")
    base = tmp_path / "baza.csv"
    base.write_bytes(DATABASE.encode("cp1250"))
    first = import_file(db, register, ImportOptions(source="rejestr", priority=3))
    second = import_file(db, base, ImportOptions(source="bazafirm", priority=2))
    return db, first, second


def company(db: Database, nip: str) -> Company:
    with db.read() as s:
        found = s.scalars(select(Company).where(Company.nip == nip,
                                                Company.deleted.is_(False))).all()
    assert len(found) == 1
    return found[0]


def test_dedup_lists_every_record_once_and_apply_merges(two_lists: tuple[Database, Any, Any]) -> None:
    db, first, second = two_lists
    out = run_dedup(db, DedupOptions())
    records = [(r["source"], r["row"]) for c in out["clusters"] for r in c["records"]]
    assert len(records) == len(set(records)) == 7
    assert out["pairs_compared"] > 0
    by = {tuple(sorted((r["source"], r["row"]) for r in c["records"])): c["company_id"]
          for c in out["clusters"]}
    transbud = (("bazafirm", 1), ("bazafirm", 3), ("rejestr", 1))
    assert transbud in by
    assert (("bazafirm", 2), ("rejestr", 2)) in by
    assert (("rejestr", 3),) in by  # the sister stays apart
    survivor = by[transbud]
    applied = run_dedup(db, DedupOptions(apply=True))
    assert applied["merges"] == 2
    again = run_dedup(db, DedupOptions())
    assert {c["company_id"] for c in again["clusters"]} == {c["company_id"] for c in out["clusters"]}
    assert again["to_merge"] == 0
    golden = company(db, "5260250274")
    assert str(golden.id) == survivor
    # Priority: the register's name and address, the database's phone and e-mail.
    assert golden.name == "TRANSBUD sp. z o.o."
    assert golden.regon == "012100784"
    assert golden.phone == "+48221234567"
    assert golden.email == "biuro@transbud.pl"
    with db.read() as s:
        prov = provenance(s, golden.id)
        contacts = s.scalars(select(Contact).where(Contact.company_id == golden.id,
                                                   Contact.deleted.is_(False))).all()
        fleet = s.scalars(select(FieldValue).where(FieldValue.company_id == golden.id)).all()
    assert prov["name"]["source"] == "rejestr"
    assert prov["email"]["source"] == "bazafirm"
    assert prov["name"]["rule"] == "priority"
    assert len(contacts) == 1  # Jan Kowalski twice, same phone: one person
    assert [f.value for f in fleet] == [12]
    with db.read() as s:
        assert find_existing(s, phone="+48 22 123 45 67")[0]["id"] == survivor
        assert find_existing(s, nip="PL5260250274")[0]["matched_on"] == ["nip"]
        assert find_existing(s, email="BIURO@transbud.pl")[0]["id"] == survivor
        assert find_existing(s, phone="601 000 000") == []


def test_unmerge_restores_and_is_remembered(two_lists: tuple[Database, Any, Any]) -> None:
    db, *_ = two_lists
    run_dedup(db, DedupOptions(apply=True))
    golden = company(db, "5260250274")
    with db.session() as s:
        edited = s.get(Company, golden.id)
        assert edited is not None
        edited.website = "transbud.pl"  # an agent's edit after the merge
    out = undo_merge(db, str(golden.id))
    assert len(out["restored"]) == 2
    with db.read() as s:
        restored = s.scalars(select(Company).where(Company.name.like("%ransbud%"),
                                                   Company.deleted.is_(False))).all()
        assert len(restored) == 4
        original = s.get(Company, golden.id)
        assert original is not None
        assert original.phone is None  # the register had no phone
        assert original.website == "transbud.pl"
    rerun = run_dedup(db, DedupOptions())
    assert rerun["to_merge"] == 0  # unmerged companies stay apart (Kamex stays merged)
    with pytest.raises(UserError, match="not the result of a merge"):
        undo_merge(db, str(golden.id))


def test_decisions_are_honoured(two_lists: tuple[Database, Any, Any]) -> None:
    db, *_ = two_lists
    kamex = company(db, "1234563218")
    with db.read() as s:
        zenit = s.scalars(select(Company).where(Company.name == "Zenit s.c.")).one()
        sister = s.scalars(select(Company).where(Company.name.like("TRANSBUD LOG%"))).one()
    decide(db, str(kamex.id), str(zenit.id), "merge")
    out = run_dedup(db, DedupOptions())
    together = [c for c in out["clusters"] if len(c["records"]) == 3
                and {r["source"] for r in c["records"]} == {"rejestr", "bazafirm"}
                and ("bazafirm", 4) in {(r["source"], r["row"]) for r in c["records"]}]
    assert together
    with db.read() as s:
        kamex_db = s.scalars(select(Company).where(Company.name == "Kamex sp.j.")).one()
    decide(db, str(kamex.id), str(kamex_db.id), "apart")
    out = run_dedup(db, DedupOptions())
    kept = {tuple(sorted((r["source"], r["row"]) for r in c["records"])) for c in out["clusters"]}
    assert not any(("rejestr", 2) in k and ("bazafirm", 2) in k for k in kept)
    with pytest.raises(UserError, match="different NIPs"):
        decide(db, str(kamex.id), str(sister.id), "merge")


def test_rollback_after_merge_restores_the_rest(two_lists: tuple[Database, Any, Any]) -> None:
    db, first, second = two_lists
    run_dedup(db, DedupOptions(apply=True))
    survivor = company(db, "5260250274").id
    out = rollback_batch(db, second.batch_id)
    assert out["companies_removed"] == 4
    with db.read() as s:
        alive = s.scalars(select(Company).where(Company.deleted.is_(False))).all()
    assert len(alive) == 3
    golden = company(db, "5260250274")
    assert golden.id == survivor
    assert golden.phone is None
    assert golden.email is None
    assert run_dedup(db, DedupOptions())["records"] == 3


def test_strict_mode_in_a_workspace(two_lists: tuple[Database, Any, Any]) -> None:
    db, *_ = two_lists
    out = run_dedup(db, DedupOptions(mode="strict"))
    sizes = sorted(len(c["records"]) for c in out["clusters"])
    assert sizes == [1, 1, 1, 1, 1, 2]  # only Transbud shares a NIP across the lists
    with pytest.raises(UserError, match="loose only"):
        run_dedup(db, DedupOptions(mode="strict", threshold=0.5))
