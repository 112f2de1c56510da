"""`prospector import` and `prospector dedup` as a script would use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

LIST_A = (
    "NAZWA;NIP;ULICA;KOD_POCZTOWY;MIEJSCOWOSC;TELEFON\n"
    "TRANSBUD SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ;5260250274;UL. POLNA 3;00-950;WARSZAWA;\n"
    "KAMEX SPÓŁKA JAWNA;1234563218;UL. DŁUGA 5;80-001;GDAŃSK;583012233\n"
)
LIST_B = (
    "Nazwa firmy;NIP;Adres;Kod pocztowy;Miejscowość;Telefon;E-mail\n"
    "Transbud Sp. z o.o.;526-025-02-74;ul. Polna 3;00950;Warszawa;(22) 123-45-67;biuro@transbud.pl\n"
    ";;ul. Bez Nazwy 1;00-001;Warszawa;22 111 11 11;\n"
    "Kamex sp.j.;;Długa 5;80-001;Gdańsk;58 301 22 33;kamex@kamex.pl\n"
    "Zenit s.c.;999-999-99-98;Krótka 1;30-001;Kraków;12 422 00 11;\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "rejestr.csv"
    a.write_bytes(("\ufeff" + LIST_A).encode("utf-8"))
    b = tmp_path / "baza firm.csv"
    b.write_bytes(LIST_B.encode("cp1250"))
    return a, b


def test_import_contract_rows_and_issues(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    code, out = run(capsys, "import", str(files[1]), "--source", "bazafirm", "--priority", "2",
                    "--profile", ws, "--json")
    assert code == 0
    assert {"batch_id", "rows", "imported", "rejected", "issues"} <= set(out)
    assert (out["rows"], out["imported"], out["rejected"]) == (4, 3, 1)
    assert out["encoding"] == "cp1250"
    rows = {(i["row"], i["field"], i["severity"]) for i in out["issues"]}
    assert (2, "name", "error") in rows  # the record after the header is row 1
    assert (4, "nip", "warning") in rows
    issue = next(i for i in out["issues"] if i["field"] == "nip")
    assert set(issue) >= {"row", "field", "value", "message", "severity"}
    assert issue["value"] == "999-999-99-98"
    code, found = run(capsys, "companies", "search", "zenit", "--profile", ws, "--json")
    assert found["total"] == 1
    assert found["results"][0]["nip"] is None


def test_dry_run_rollback_and_listing(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    code, out = run(capsys, "import", str(files[0]), "--source", "rejestr", "--dry-run",
                    "--profile", ws, "--json")
    assert code == 0
    assert out["batch_id"] is None
    assert out["imported"] == 2
    code, found = run(capsys, "companies", "search", "", "--profile", ws, "--json")
    assert found["total"] == 0
    code, out = run(capsys, "import", str(files[0]), "--source", "rejestr", "--profile", ws,
                    "--json")
    batch = out["batch_id"]
    code, listing = run(capsys, "import", "list", "--profile", ws, "--json")
    assert [b["batch_id"] for b in listing["batches"]] == [batch]
    code, out = run(capsys, "import", "rollback", batch, "--profile", ws, "--json")
    assert code == 0
    assert out["companies_removed"] == 2
    code, found = run(capsys, "companies", "search", "", "--profile", ws, "--json")
    assert found["total"] == 0
    code, err = run(capsys, "import", "rollback", batch, "--profile", ws, "--json")
    assert code == 1
    assert "already rolled back" in err["error"]


def test_bad_input_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, err = run(capsys, "import", str(binary), "--source", "x", "--profile", ws, "--json")
    assert code == 1
    assert "not a CSV or XLSX" in err["error"]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, err = run(capsys, "import", str(empty), "--source", "x", "--profile", ws, "--json")
    assert code == 1
    assert "empty" in err["error"]
    odd = tmp_path / "odd.csv"
    odd.write_text("a;b\n1;2\n", encoding="utf-8")
    code, err = run(capsys, "import", str(odd), "--source", "x", "--profile", ws, "--json")
    assert code == 1
    assert "--map" in err["error"]
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(odd), "--profile", ws, "--json"])  # no --source
    assert exit_info.value.code == 2
    capsys.readouterr()


def test_dedup_apply_unmerge_and_decide(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws")
    run(capsys, "import", str(files[0]), "--source", "rejestr", "--priority", "3",
        "--profile", ws, "--json")
    run(capsys, "import", str(files[1]), "--source", "bazafirm", "--priority", "2",
        "--profile", ws, "--json")
    code, out = run(capsys, "dedup", "--profile", ws, "--json")
    assert code == 0
    assert {"clusters", "pairs_compared", "seconds", "uncertain"} <= set(out)
    records = [(r["source"], r["row"]) for c in out["clusters"] for r in c["records"]]
    assert sorted(records) == sorted([("rejestr", 1), ("rejestr", 2), ("bazafirm", 1),
                                      ("bazafirm", 3), ("bazafirm", 4)])
    assert len(out["clusters"]) == 3
    code, strict = run(capsys, "dedup", "--mode", "strict", "--profile", ws, "--json")
    assert len(strict["clusters"]) == 4
    code, applied = run(capsys, "dedup", "--apply", "--threshold", "0.8", "--profile", ws,
                        "--json")
    assert applied["merges"] == 2
    transbud = next(c["company_id"] for c in applied["clusters"]
                    if ("bazafirm", 1) in {(r["source"], r["row"]) for r in c["records"]})
    code, card = run(capsys, "company", "show", transbud, "--profile", ws, "--json")
    assert card["name"] == "TRANSBUD sp. z o.o."
    code, undone = run(capsys, "dedup", "unmerge", transbud, "--profile", ws, "--json")
    assert code == 0
    assert len(undone["restored"]) == 1
    code, again = run(capsys, "dedup", "--profile", ws, "--json")
    assert len(again["clusters"]) == 4  # Transbud kept apart, as decided by the unmerge
    code, decided = run(capsys, "dedup", "decide", transbud, undone["restored"][0], "merge",
                        "--profile", ws, "--json")
    assert decided["decision"] == "merge"
    code, again = run(capsys, "dedup", "--profile", ws, "--json")
    assert len(again["clusters"]) == 3
    code, err = run(capsys, "dedup", "--block", "all", "--threshold", "2", "--profile", ws,
                    "--json")
    assert code == 1
    assert "between 0 and 1" in err["error"]
