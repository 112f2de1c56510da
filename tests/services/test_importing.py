"""Importing purchased lists: encodings, delimiters, XLSX, header mapping, row-level
issues, provenance, dry runs, rollback and bad input."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.config import resolve_profile
from app.db import Database, open_profile
from app.errors import UserError
from app.services import companies, import_formats
from app.services.importing import (
    ImportOptions,
    import_file,
    provenance,
    rollback_batch,
    split_person_name,
    standardise_row,
)
from models import Company, Contact, FieldValue, ImportBatch, ImportRecord, PhoneNumber

HEADER = "Nazwa firmy;NIP;Adres;Kod pocztowy;Miejscowość;Telefon;E-mail;Liczba pojazdów\n"
GOOD = [
    "„Transbud” SP Z OO;526-025-02-74;ul. Marszałkowska 12/3;00950;Warszawa;(22) 123-45-67 wew. 12;"
    "Biuro@Transbud.PL;12\n",
    "Łódzka Spedycja sp.j.;;al. Piłsudskiego 5;90-001;Łódź;601 234 567;;3\n",
    "Śląskie Żwiry s.c.;PL 123-456-32-18;Gliwicka 7;44-100;Gliwice;32 230 11 22;;\n",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ws"
    db = open_profile(resolve_profile(folder), create=True)
    db.dispose()
    return folder


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "ws"
    shutil.copytree(template, folder)
    database = open_profile(resolve_profile(folder), create=False)
    yield database
    database.dispose()


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def count(db: Database, model: Any) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# ---- reading files -------------------------------------------------------------------------


def test_cp1250_semicolons_with_polish_letters(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "lista.csv", HEADER + "".join(GOOD), "cp1250")
    result = import_file(db, path, ImportOptions(source="bazafirm", priority=2))
    assert (result.encoding, result.delimiter) == ("cp1250", ";")
    assert (result.rows, result.imported, result.rejected) == (3, 3, 0)
    with db.read() as s:
        names = set(s.scalars(select(Company.name)))
        transbud = s.scalars(select(Company).where(Company.nip == "5260250274")).one()
        phones = set(s.scalars(select(PhoneNumber.e164)))
        fleet = s.scalars(select(FieldValue).where(FieldValue.field_key == "fleet_total")).all()
    assert names == {"Transbud sp. z o.o.", "Łódzka Spedycja sp.j.", "Śląskie Żwiry s.c."}
    assert transbud.legal_form == "sp_zoo"
    assert (transbud.street, transbud.building, transbud.flat) == ("ul. Marszałkowska", "12", "3")
    assert transbud.postcode == "00-950"
    assert transbud.email == "Biuro@transbud.pl"
    assert transbud.voivodeship == "mazowieckie"
    assert transbud.name_key == "transbud sp z oo"
    assert {"+48221234567", "+48601234567", "+48322301122"} <= phones
    assert sorted(f.value for f in fleet) == [3, 12]
    assert all(f.source == f"import:{result.batch_id}" for f in fleet)
    # Search (name prefix, FTS substring, NIP) finds imported companies.
    with db.read() as s:
        for text in ("transbud", "ódzka spe", "PL 526 025 02 74", "lodz"):
            hits = companies.search(s, companies.SearchQuery(text=text))
            assert hits, text


def test_iso_8859_2_and_utf8_bom_and_tabs(db: Database, tmp_path: Path) -> None:
    lines = [g.replace(";", "\t").replace("„", '"').replace("”", '"') for g in GOOD]
    text = HEADER.replace(";", "\t") + "".join(lines)
    iso = write(tmp_path / "iso.csv", text, "iso-8859-2")
    assert import_formats.detect_encoding(iso) == "iso-8859-2"
    bom = write(tmp_path / "bom.csv", "\ufeff" + HEADER.replace(";", ",") + "Kraków Trans,,,,Kraków,12 422 33 44,,\n", "utf-8")
    result = import_file(db, iso, ImportOptions(source="a"))
    assert (result.encoding, result.delimiter, result.imported) == ("iso-8859-2", "\t", 3)
    result = import_file(db, bom, ImportOptions(source="b"))
    assert (result.encoding, result.delimiter, result.imported) == ("utf-8-sig", ",", 1)
    with db.read() as s:
        assert "Łódzka Spedycja sp.j." in set(s.scalars(select(Company.name)))
        assert s.scalars(select(Company.city).where(Company.name == "Kraków Trans")).one() == "Kraków"


def test_xlsx_with_numbers_title_line_and_english_headers(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Company list exported 2026-11-01"])
    ws.append(["company_name", "tax_id", "street", "zip", "city", "province", "phone", "email",
               "fleet_size", "first_name", "last_name"])
    ws.append(["Rolmex Agro sp. z o.o.", 5260250274, "ul. Polna 3", 950, "Warszawa", "Masovian",
               221234567, "rolmex@example.pl", 40, "Jan", "Kowalski"])
    ws.append(["Bad Phone SA", None, None, None, "Kraków", "12", "12345", "not-an-email", None,
               None, None])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    result = import_file(db, path, ImportOptions(source="katalog"))
    assert result.format == "xlsx"
    # The record after the header is row 1, whatever sits above the header.
    assert result.imported == 1
    assert result.rejected == 1
    issues = {(i["row"], i["field"], i["severity"]) for i in result.issues}
    assert (2, "phone", "warning") in issues
    assert (2, "email", "warning") in issues
    assert any(i["row"] == 2 and i["severity"] == "error" for i in result.issues)
    with db.read() as s:
        c = s.scalars(select(Company)).one()
        contact = s.scalars(select(Contact)).one()
    assert (c.nip, c.postcode, c.phone, c.voivodeship) == ("5260250274", "00-950", "+48221234567",
                                                           "mazowieckie")
    assert (contact.first_name, contact.last_name) == ("Jan", "Kowalski")


def test_bad_rows_reported_by_row_and_field_good_rows_land(db: Database, tmp_path: Path) -> None:
    rows = [
        GOOD[0],
        ";5260250274;ul. Długa 1;00-001;Warszawa;22 111 22 33;;\n",  # 2: no name
        "Zły NIP sp. z o.o.;123-456-78-90;Długa 2;00-001;Warszawa;22 111 22 34;;\n",  # 3
        "Nic Do Dzwonienia;;Długa 3;00-001;Warszawa;brak;nie@;\n",  # 4: nothing to call
        HEADER,  # 5: the header again
        "Zły Kod;;Długa 4;00-0001;Warszawa;22 111 22 35;;dużo\n",  # 6
        "\n",  # 7: blank, skipped
        "Tylko NIP sp. z o.o.;PL1234563218;;;;;;\n",  # 8: no phone, but a NIP: kept
    ]
    path = write(tmp_path / "bad.csv", HEADER + "".join(rows), "utf-8")
    result = import_file(db, path, ImportOptions(source="s"))
    assert (result.rows, result.imported, result.rejected) == (7, 4, 3)
    by = {(i["row"], i["field"]): i for i in result.issues}
    assert by[(2, "name")]["severity"] == "error"
    assert by[(3, "nip")]["severity"] == "warning"
    assert by[(3, "nip")]["value"] == "123-456-78-90"
    assert by[(4, "phone")]["severity"] == "error"
    assert by[(4, "email")]["severity"] == "warning"
    assert by[(5, "name")]["message"].startswith("repeated header")
    assert by[(6, "postcode")]["severity"] == "warning"
    assert by[(6, "fleet_total")]["severity"] == "warning"
    assert by[(8, "phone")]["severity"] == "warning"
    assert all(i["row"] != 7 for i in result.issues)
    with db.read() as s:
        bad_nip = s.scalars(select(Company).where(Company.name == "Zły NIP sp. z o.o.")).one()
        assert bad_nip.nip is None
        assert s.scalars(select(ImportRecord.row).order_by(ImportRecord.row)).all() == [1, 3, 6, 8]
        batch = s.get(ImportBatch, result.batch_id)
        assert batch is not None
        assert (batch.rows, batch.imported, batch.rejected) == (7, 4, 3)


def test_mapping_overrides_and_ignore(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", "Firma;Numer;Uwagi wewnętrzne;Tel\nAlfa;5260250274;tajne;"
                 "22 123 45 67\n", "utf-8")
    with pytest.raises(UserError, match="unknown field"):
        import_file(db, path, ImportOptions(source="m", mapping={"Numer": "nipp"}))
    with pytest.raises(UserError, match="no column"):
        import_file(db, path, ImportOptions(source="m", mapping={"Brak": "nip"}))
    result = import_file(db, path, ImportOptions(
        source="m", mapping={"Numer": "nip", "Uwagi wewnętrzne": "ignore"}))
    assert result.mapping == {"Firma": "name", "Numer": "nip", "Tel": "phone"}
    assert result.ignored_columns == ["Uwagi wewnętrzne"]
    with db.read() as s:
        assert s.scalars(select(Company.nip)).one() == "5260250274"


def test_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", HEADER + "".join(GOOD), "utf-8")
    result = import_file(db, path, ImportOptions(source="s", dry_run=True))
    assert result.batch_id is None
    assert result.imported == 3
    assert count(db, Company) == 0
    assert count(db, ImportBatch) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.4\n\x00\x01\x02binary", "not a CSV or XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls"),
        (b"PK\x03\x04 not really a zip", "not a readable XLSX"),
        ("Kolor;Smak;Zapach\nczerwony;słodki;różany\n".encode(), "No column"),
        (HEADER.encode(), "no data rows"),
    ],
)
def test_bad_input_is_refused_with_nothing_imported(
    db: Database, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        import_file(db, path, ImportOptions(source="s"))
    assert count(db, ImportBatch) == 0
    assert count(db, Company) == 0


def test_interrupted_import_leaves_no_half_batch(db: Database, tmp_path: Path) -> None:
    lines = [f"Firma {i} sp. z o.o.;;;;;22 123 {i:02d} {i:02d};;\n" for i in range(3000)]
    path = write(tmp_path / "big.csv", HEADER + "".join(lines), "utf-8")

    def stop(done: int, total: int | None) -> None:
        if done >= 2500:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(db, path, ImportOptions(source="s"), progress=stop)
    assert count(db, ImportBatch) == 0
    assert count(db, Company) == 0
    assert count(db, PhoneNumber) == 0


def test_rollback_removes_what_the_batch_created(db: Database, tmp_path: Path) -> None:
    first = import_file(db, write(tmp_path / "a.csv", HEADER + GOOD[0], "utf-8"),
                        ImportOptions(source="a"))
    second = import_file(db, write(tmp_path / "b.csv", HEADER + "".join(GOOD[1:]), "utf-8"),
                         ImportOptions(source="b"))
    assert second.batch_id is not None
    assert count(db, Company) == 3
    out = rollback_batch(db, second.batch_id)
    assert out["companies_removed"] == 2
    with db.read() as s:
        assert s.scalars(select(Company.name)).all() == ["Transbud sp. z o.o."]
        assert not companies.search(s, companies.SearchQuery(text="spedycja"))
        assert s.scalar(select(func.count()).select_from(FieldValue)) == 1
        batch = s.get(ImportBatch, second.batch_id)
        assert batch is not None
        assert batch.rolled_back_at is not None
    with pytest.raises(UserError, match="already rolled back"):
        rollback_batch(db, second.batch_id)
    assert first.batch_id is not None


def test_provenance_of_an_imported_company(db: Database, tmp_path: Path) -> None:
    result = import_file(db, write(tmp_path / "p.csv", HEADER + "".join(GOOD), "utf-8"),
                         ImportOptions(source="bazafirm"))
    with db.read() as s:
        cid = s.scalars(select(Company.id).where(Company.nip == "1234563218")).one()
        prov = provenance(s, cid)
    assert prov["nip"] == {"value": "1234563218", "source": "bazafirm", "row": 3,
                           "batch_id": str(result.batch_id), "rule": "only"}
    assert prov["name"]["value"] == "Śląskie Żwiry s.c."


def test_b2c_households_and_people(db: Database, tmp_path: Path) -> None:
    text = (
        "Imię;Nazwisko;Ulica;Kod;Miasto;Telefon;E-mail\n"
        "Jan;Kowalski;ul. Długa 5/2;00-001;Warszawa;601 234 567;\n"
        "Anna;Kowalska;Długa 5 m. 2;00001;Warszawa;602 234 567;\n"
        "Jan;Kowalski;ul. Długa 5/2;00-001;Warszawa;601-234-567;\n"
        "Piotr;Nowak;ul. Krótka 1;00-002;Warszawa;603 234 567;\n"
        ";;ul. Krótka 9;00-002;Warszawa;604 234 567;\n"
    )
    result = import_file(db, write(tmp_path / "b2c.csv", text, "utf-8"),
                         ImportOptions(source="osoby", b2c=True))
    assert (result.imported, result.rejected, result.households) == (4, 1, 2)
    with db.read() as s:
        households = s.scalars(select(Company).where(Company.is_household.is_(True))).all()
        assert len(households) == 2
        people = {h.street: sorted((c.first_name, c.last_name) for c in h.contacts)
                  for h in households}
    assert people["ul. Długa"] == [("Anna", "Kowalska"), ("Jan", "Kowalski")]
    assert people["ul. Krótka"] == [("Piotr", "Nowak")]


def test_standardise_row_is_pure_and_documented() -> None:
    def cells(**kw: str) -> dict[str, list[tuple[str, Any]]]:
        return {k: [(k, v)] for k, v in kw.items()}

    out = standardise_row(7, cells(name="PPHU „KAMEX” SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ",
                                   address="ul. Długa 5 lok. 2, 80-001 Gdańsk",
                                   phone="tel. (058) 301-22-33 wew. 15"), {})
    assert not out.rejected
    v = out.values
    assert v["name"] == "PPHU KAMEX sp. z o.o."
    assert v["match_name"] == "kamex"
    assert (v["street"], v["building"], v["flat"], v["postcode"], v["city"]) == (
        "ul. Długa", "5", "2", "80-001", "Gdańsk")
    assert v["phones"] == [["+48583012233", "15", "landline"]]
    rejected = standardise_row(1, cells(name="  ---  ", phone="601234567"), {})
    assert rejected.rejected
    assert rejected.issues[0]["field"] == "name"
    assert split_person_name("KOWALSKI Jan") == ("Jan", "KOWALSKI")
    assert split_person_name("mgr inż. Anna Nowak-Kowalska") == ("Anna", "Nowak-Kowalska")


def test_delimiter_and_encoding_detection_units(tmp_path: Path) -> None:
    assert import_formats.detect_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert import_formats.detect_delimiter("a,b,c\n1,2,3\n") == ","
    assert import_formats.detect_delimiter("a|b\n1|2\n") == "|"
    assert import_formats.detect_delimiter("nazwa\nAlfa\n") is None
    cp = write(tmp_path / "cp.csv", "Nazwa\nŚląsk ąś\n", "cp1250")
    assert import_formats.detect_encoding(cp) == "cp1250"
    u8 = write(tmp_path / "u8.csv", "Nazwa\nŚląsk\n", "utf-8")
    assert import_formats.detect_encoding(u8) == "utf-8"
