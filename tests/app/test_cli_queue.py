"""`prospector queue next|explain` and `prospector call log` as scripts use them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from sqlalchemy import select

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else out


def working_monday() -> dt.date:
    """A Monday at least a week ahead that is not a Polish public holiday."""
    day = dt.date.today() + dt.timedelta(days=7)
    pl = holidays.country_holidays("PL", years=[day.year, day.year + 1])
    while day.weekday() != 0 or day in pl or day + dt.timedelta(days=1) in pl:
        day += dt.timedelta(days=1)
    return day


MONDAY = working_monday()
SATURDAY = MONDAY + dt.timedelta(days=5)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo workspace plus one plain lead (no contacts, never called) we know."""
    from app.config import resolve_profile
    from app.db import open_profile
    from app.services.demo import build_demo
    from models import Campaign, Company, QueueItem

    folder = tmp_path_factory.mktemp("cli-queue") / "ws"
    build_demo(resolve_profile(folder), companies=150, seed=3)
    db = open_profile(resolve_profile(folder), create=False)
    with db.session() as s:
        campaign = s.scalar(select(Campaign).where(Campaign.key == "kwalifikacja"))
        assert campaign is not None
        c = Company(name="Testowa Sp. z o.o.", name_key="testowa sp z o o", phone="+48221112233")
        s.add(c)
        s.flush()
        s.add(QueueItem(campaign_id=campaign.id, company_id=c.id, priority=0))
        lead = str(c.id)
    db.dispose()
    return {"profile": str(folder), "lead": lead}


def test_queue_next_prints_the_contract(
    workspace: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    at = f"{MONDAY}T11:00"
    code, out = run(
        capsys,
        "queue",
        "next",
        "--campaign",
        "kwalifikacja",
        "--agent",
        "agent1",
        "--at",
        at,
        "--profile",
        workspace["profile"],
        "--json",
    )
    assert code == 0
    assert set(out) == {"company_id", "reason", "lease_expires", "why_empty"}
    assert out["company_id"] is not None
    assert out["reason"] in ("callback", "retry", "new")
    assert out["why_empty"] is None
    start = dt.datetime.fromisoformat(at).replace(tzinfo=ZoneInfo("Europe/Warsaw"))
    assert dt.datetime.fromisoformat(out["lease_expires"]) == start + dt.timedelta(minutes=30)


def test_queue_next_when_nothing_is_callable(
    workspace: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys,
        "queue",
        "next",
        "--campaign",
        "kwalifikacja",
        "--agent",
        "agent2",
        "--at",
        f"{SATURDAY}T11:00",
        "--profile",
        workspace["profile"],
        "--json",
    )
    assert code == 0
    assert out["company_id"] is None
    assert out["lease_expires"] is None
    assert "the campaign does not call on Saturdays" in out["why_empty"]


def test_queue_explain_a_holiday(
    workspace: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys,
        "queue",
        "explain",
        workspace["lead"],
        "--campaign",
        "kwalifikacja",
        "--at",
        "2026-12-25T10:00",
        "--profile",
        workspace["profile"],
        "--json",
    )
    assert code == 0
    assert out == {
        "callable": False,
        "reasons": ["public holiday: Boże Narodzenie (pierwszy dzień)"],
        "next_callable_at": "2026-12-28T09:00:00+01:00",
    }


def test_queue_explain_evening_in_text(
    workspace: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys,
        "queue",
        "explain",
        workspace["lead"],
        "--campaign",
        "kwalifikacja",
        "--at",
        "2026-03-06T20:15",
        "--profile",
        workspace["profile"],
    )
    assert code == 0
    assert "outside calling hours: 20:15 local, campaign 09:00–17:00" in out
    assert "Next callable at 2026-03-09T09:00:00+01:00." in out


def test_call_log_and_its_refusals(
    workspace: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--campaign", "kwalifikacja", "--profile", workspace["profile"], "--json"]
    lead = workspace["lead"]
    at = f"{MONDAY}T12:00"

    code, out = run(
        capsys,
        "call",
        "log",
        lead,
        *base,
        "--agent",
        "agent3",
        "--disposition",
        "perhaps",
        "--at",
        at,
    )
    assert code == 1
    assert out["error"].startswith("Campaign 'kwalifikacja' has no disposition 'perhaps'.")
    assert "no_answer" in out["error"]

    code, out = run(
        capsys,
        "call",
        "log",
        lead,
        *base,
        "--agent",
        "agent3",
        "--disposition",
        "callback",
        "--callback",
        "2026-12-25T10:00",
        "--at",
        "2026-12-22T12:00",
    )
    assert code == 1
    assert "falls on a public holiday" in out["error"]
    assert "The next valid time is Mon 2026-12-28 09:00 (Europe/Warsaw)." in out["error"]

    code, out = run(
        capsys,
        "call",
        "log",
        lead,
        *base,
        "--agent",
        "agent3",
        "--disposition",
        "no_answer",
        "--note",
        "Nikt nie odbiera",
        "--at",
        at,
    )
    assert code == 0
    assert out["attempt"]["disposition"] == "no_answer"
    assert out["attempt"]["note"] == "Nikt nie odbiera"
    assert out["queue"]["status"] == "retry"
    assert out["queue"]["attempts"] == 1
    assert out["queue"]["next_attempt_at"] == f"{MONDAY}T15:00:00+01:00"

    # Later another agent promises a shared callback.
    later = f"{MONDAY}T16:00"
    code, out = run(
        capsys,
        "call",
        "log",
        lead,
        *base,
        "--agent",
        "agent4",
        "--disposition",
        "callback",
        "--callback",
        f"{MONDAY + dt.timedelta(days=1)}T10:30",
        "--shared",
        "--at",
        later,
    )
    assert code == 0
    assert out["queue"]["status"] == "callback"
    assert out["callback"]["shared"] is True


def test_taken_over_and_bad_times(
    workspace: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--campaign", "kwalifikacja", "--profile", workspace["profile"], "--json"]
    at = f"{MONDAY + dt.timedelta(days=1)}T10:35"
    code, out = run(capsys, "queue", "next", *base, "--agent", "agent5", "--at", at)
    assert code == 0
    taken = out["company_id"]
    code, out = run(
        capsys,
        "call",
        "log",
        taken,
        *base,
        "--agent",
        "agent1",
        "--disposition",
        "no_answer",
        "--at",
        at,
    )
    assert code == 1
    assert out["error"].startswith("This lead was taken over by agent5")

    code, out = run(capsys, "queue", "next", *base, "--agent", "agent1", "--at", "tomorrow")
    assert code == 1
    assert out["error"].startswith("Cannot read the time 'tomorrow' for --at")
    code, out = run(
        capsys,
        "call",
        "log",
        taken,
        *base,
        "--agent",
        "agent1",
        "--disposition",
        "no_answer",
        "--shared",
    )
    assert code == 1
    assert out["error"] == "--shared needs --callback (it shares the callback with the team)."
    code, out = run(capsys, "queue", "explain", "not-an-id", *base)
    assert code == 1


def test_unknown_campaign(workspace: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        capsys,
        "queue",
        "next",
        "--campaign",
        "nope",
        "--agent",
        "agent1",
        "--profile",
        workspace["profile"],
        "--json",
    )
    assert code == 1
    assert out["error"] == "Unknown campaign 'nope'. Campaigns: fitd, kwalifikacja, rozwoj."


def test_missing_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        capsys,
        "queue",
        "next",
        "--campaign",
        "kwalifikacja",
        "--agent",
        "agent1",
        "--profile",
        str(tmp_path / "none"),
        "--json",
    )
    assert code == 1
    assert "There is no workspace" in out["error"]
