"""`prospector demo / companies search / company show` as a script would use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.services.normalize import search_key


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    from app.config import resolve_profile
    from app.services.demo import build_demo

    folder = tmp_path_factory.mktemp("cli") / "ws"
    build_demo(resolve_profile(folder), companies=300, seed=5)
    return str(folder)


def test_demo_command_prints_the_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "demo", "--profile", str(tmp_path / "d"), "--companies", "40", "--json")
    assert code == 0
    for key in ("profile", "companies", "contacts", "campaigns", "reps", "users",
                "field_definitions", "segments", "call_attempts"):
        assert key in out
    assert out["companies"] == 40


def test_search_by_name_nip_and_phone(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, everything = run(capsys, "companies", "search", "", "--profile", workspace,
                           "--limit", "500", "--json")
    assert code == 0
    assert everything["total"] == 300
    assert len(everything["results"]) == 300
    first = everything["results"][0]
    nip = first["nip"]
    code, out = run(capsys, "companies", "search", f"PL {nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
                    "--profile", workspace, "--json")
    assert [r["id"] for r in out["results"]] == [first["id"]]
    phone = first["phone"]  # +48AAxxxxxxx → "(AA) xxx-xx-xx"
    code, out = run(capsys, "companies", "search", f"({phone[3:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}",
                    "--profile", workspace, "--json")
    assert first["id"] in [r["id"] for r in out["results"]]
    word = first["name"].split()[0][1:5]  # a fragment from inside the name
    code, out = run(capsys, "companies", "search", word, "--profile", workspace, "--json",
                    "--limit", "500")
    assert first["id"] in [r["id"] for r in out["results"]]
    # Matching is on transliterated keys, so "lodz" finds "Łódź" and vice versa.
    key = search_key(word)
    assert all(key in search_key(r["name"] + " " + r["city"]) for r in out["results"])


def test_company_show_and_unknown_id(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, listing = run(capsys, "companies", "search", "", "--profile", workspace, "--json")
    cid = listing["results"][0]["id"]
    code, card = run(capsys, "company", "show", cid, "--profile", workspace, "--json")
    assert code == 0
    assert card["id"] == cid
    assert card["contacts"]
    assert "fields" in card
    assert "history" in card
    assert set(card["address"]) >= {"street", "postcode", "city", "voivodeship"}
    code, err = run(capsys, "company", "show", "00000000-0000-0000-0000-000000000000",
                    "--profile", workspace, "--json")
    assert code == 1
    assert "No company" in err["error"]
    code, err = run(capsys, "company", "show", "not-an-id", "--profile", workspace, "--json")
    assert code == 1
    assert "error" in err


def test_search_in_missing_workspace_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "companies", "search", "x", "--profile", str(tmp_path / "none"), "--json")
    assert code == 1
    assert "no workspace" in err["error"]


def test_filters(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, allrows = run(capsys, "companies", "search", "", "--profile", workspace, "--json",
                     "--limit", "500")
    _, maz = run(capsys, "companies", "search", "", "--voivodeship", "mazowieckie",
                 "--profile", workspace, "--json", "--limit", "500")
    assert 0 < maz["total"] < allrows["total"]
    assert all(r["voivodeship"] == "mazowieckie" for r in maz["results"])
    _, seg = run(capsys, "companies", "search", "", "--segment", "potential",
                 "--profile", workspace, "--json", "--limit", "500")
    assert 0 < seg["total"] < allrows["total"]
    code, err = run(capsys, "companies", "search", "", "--segment", "nope",
                    "--profile", workspace, "--json")
    assert code == 1
    assert "Unknown segment" in err["error"]
