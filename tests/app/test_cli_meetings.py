"""`prospector meetings slots | book | ics | outcome | brief | show` on a demo workspace,
as a script would use them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from app.cli import main
from app.services.calling_rules import holiday_name

WARSAW = ZoneInfo("Europe/Warsaw")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    """Exit status and the parsed JSON (with --json) or the text printed."""
    code = main(list(argv))
    captured = capsys.readouterr()
    if "--json" in argv:
        return code, json.loads(captured.out)
    return code, captured.out + captured.err


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    from app.config import resolve_profile
    from app.services.demo import build_demo

    folder = tmp_path_factory.mktemp("cli-meetings") / "ws"
    build_demo(resolve_profile(folder), companies=200, seed=7)
    return str(folder)


@pytest.fixture(scope="module")
def monday() -> dt.date:
    """A working Monday two months ahead, past the demo's meetings."""
    day = dt.datetime.now(WARSAW).date() + dt.timedelta(days=60)
    day += dt.timedelta(days=(7 - day.weekday()) % 7)
    while holiday_name("PL", day) or holiday_name("PL", day + dt.timedelta(days=1)):
        day += dt.timedelta(days=7)
    return day


def company_in(capsys: pytest.CaptureFixture[str], workspace: str, voivodeship: str) -> str:
    code, out = run(
        capsys,
        "companies",
        "search",
        "",
        "--voivodeship",
        voivodeship,
        "--limit",
        "1",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    return str(out["results"][0]["id"])


def test_slots_contract(
    workspace: str, monday: dt.date, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = company_in(capsys, workspace, "mazowieckie")
    code, out = run(
        capsys,
        "meetings",
        "slots",
        cid,
        "--from",
        f"{monday}T07:00",
        "--count",
        "4",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    slots = out["slots"]
    assert len(slots) == 4
    for s in slots:
        assert {"rep", "rep_name", "start", "end"} <= set(s)
        assert s["rep_name"] == "Paweł Jankowski"  # REP-C covers mazowieckie in the demo
    starts = [dt.datetime.fromisoformat(s["start"]) for s in slots]
    assert starts == sorted(starts)
    assert starts[0] == dt.datetime.combine(monday, dt.time(8), WARSAW)
    code, text = run(
        capsys,
        "meetings",
        "slots",
        cid,
        "--from",
        f"{monday}T07:00",
        "--count",
        "2",
        "--profile",
        workspace,
    )
    assert code == 0
    assert "REP-C Paweł Jankowski" in text
    assert f"Mon {monday} 08:00–09:00" in text
    code, text = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-C",
        "--start",
        f"{monday}T20:00",
        "--profile",
        workspace,
    )
    assert code == 1
    assert "outside Paweł Jankowski's working hours on Mon" in text
    assert "  try Mon" in text


def test_book_conflict_refusals_and_tentative(
    workspace: str, monday: dt.date, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = company_in(capsys, workspace, "slaskie")
    start = f"{monday}T10:00"
    code, out = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-S",
        "--start",
        start,
        "--campaign",
        "fitd",
        "--agent",
        "agent1",
        "--offer",
        "Opony zimowe",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0, out
    assert out["status"] == "confirmed"
    assert out["meeting_id"]
    assert out["alternatives"] == []
    assert out["start"] == dt.datetime.combine(monday, dt.time(10), WARSAW).isoformat()
    # The same slot again: a conflict with alternatives (an answer, exit 0).
    code, clash = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-S",
        "--start",
        start,
        "--minutes",
        "30",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    assert clash["status"] == "conflict"
    assert clash["meeting_id"] is None
    assert clash["alternatives"]
    assert "already has a meeting" in clash["reason"]
    # Outside the rep's hours: refused (exit 1) with the reason and alternatives.
    code, err = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-S",
        "--start",
        f"{monday}T18:00",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 1
    assert err["code"] == "hours"
    assert "working hours" in err["error"]
    assert err["alternatives"]
    # A rep whose territory does not cover the company.
    code, err = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-N",
        "--start",
        f"{monday}T12:00",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 1
    assert err["code"] == "territory"
    assert {a["rep_code"] for a in err["alternatives"]} == {"REP-S"}
    # In the past.
    code, err = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-S",
        "--start",
        "2020-01-06T10:00",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 1
    assert err["code"] == "past"
    # Off line: tentative.
    code, out = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-S",
        "--start",
        f"{monday}T14:00",
        "--tentative",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    assert out["status"] == "tentative"
    # Bad input.
    code, err = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-S",
        "--start",
        "soon",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 1
    assert "ISO 8601" in err["error"]


def test_address_no_territory_covers(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    from app.config import resolve_profile
    from app.db import open_profile
    from models import Company, new_id

    db = open_profile(resolve_profile(workspace), create=False)
    cid = new_id()
    with db.session() as s:
        s.add(Company(id=cid, name="Firma Bez Adresu", name_key="firma bez adresu"))
    db.dispose()
    code, err = run(capsys, "meetings", "slots", str(cid), "--profile", workspace, "--json")
    assert code == 1
    assert err["code"] == "no_territory"
    assert "Ewa Zielińska" in err["error"]
    assert err["supervisor"] == "Ewa Zielińska"


def test_outcome_brief_show_and_ics(
    workspace: str, monday: dt.date, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = company_in(capsys, workspace, "pomorskie")
    tuesday = monday + dt.timedelta(days=1)
    code, out = run(
        capsys,
        "meetings",
        "book",
        cid,
        "--rep",
        "REP-N",
        "--start",
        f"{tuesday}T09:00",
        "--agent",
        "agent1",
        "--note",
        "Prosi o katalog",
        "--directions",
        "Brama od ul. Portowej",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0, out
    mid = out["meeting_id"]
    code, err = run(capsys, "meetings", "outcome", mid, "held", "--profile", workspace, "--json")
    assert code == 1
    assert "after it" in err["error"]
    code, out = run(
        capsys,
        "meetings",
        "outcome",
        mid,
        "held",
        "--note",
        "Zamówienie 40 opon",
        "--at",
        f"{tuesday}T12:00",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    assert out == {
        "meeting_id": mid,
        "status": "held",
        "outcome": "held",
        "notes": "Zamówienie 40 opon",
    }
    page = tmp_path / "brief.html"
    code, brief = run(
        capsys, "meetings", "brief", mid, "--html", str(page), "--profile", workspace, "--json"
    )
    assert code == 0
    assert brief["agent_notes"] == "Prosi o katalog"
    assert brief["directions"] == "Brama od ul. Portowej"
    assert brief["company"]["address"]
    assert "Brama od ul. Portowej" in brief["text"]
    assert "<h1>" in page.read_text(encoding="utf-8")
    code, shown = run(capsys, "meetings", "show", mid, "--profile", workspace, "--json")
    assert code == 0
    assert [(h["from"], h["to"]) for h in shown["history"]] == [
        (None, "confirmed"),
        ("confirmed", "held"),
    ]
    feed = tmp_path / "rep-n.ics"
    code, out = run(
        capsys,
        "meetings",
        "ics",
        "--rep",
        "REP-N",
        "--out",
        str(feed),
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    assert out["rep"] == "REP-N"
    assert out["meetings"] >= 1
    cal = icalendar.Calendar.from_ical(feed.read_bytes())
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert f"{mid}@prospector" in uids
    one = tmp_path / "one.ics"
    code, out = run(
        capsys,
        "meetings",
        "ics",
        "--meeting",
        mid,
        "--out",
        str(one),
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    assert "Prosi o katalog" in one.read_text(encoding="utf-8").replace("\r\n ", "")
    code, out = run(
        capsys,
        "meetings",
        "ics",
        "--out",
        str(tmp_path / "all.ics"),
        "--profile",
        workspace,
        "--json",
    )
    assert code == 0
    assert out["meetings"] > 1


def test_unknown_ids(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "meetings", "brief", "nope", "--profile", workspace, "--json")
    assert code == 1
    assert "not a valid id" in err["error"]
    code, err = run(
        capsys,
        "meetings",
        "slots",
        "00000000-0000-0000-0000-000000000000",
        "--profile",
        workspace,
        "--json",
    )
    assert code == 1
    assert "No company" in err["error"]
