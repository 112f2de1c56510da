"""Variant comparison and script path analytics on small, hand-checked call data."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import shutil
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import common_parent
from app.commands._report_scripts import add_script_reports, cmd_script_paths, cmd_variants
from app.config import Profile
from app.db import Database, open_profile
from app.errors import NotFound
from app.services.defaults import DEFAULT_DISPOSITIONS
from app.services.script_reports import (
    chi2_sf,
    chi_square_homogeneity,
    script_path_report,
    two_proportion_z,
    variant_report,
    wilson_interval,
)
from models import CallAttempt, Campaign, Company, Disposition, User
from scripts_lead_gen import load_bundled_script

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


# ------------------------------------------------------------------------- statistics


def test_wilson_interval_matches_published_values() -> None:
    # 6 of 10: the textbook Wilson interval is 0.3127 – 0.8318.
    low, high = wilson_interval(6, 10) or (0, 0)
    assert low == pytest.approx(0.3127, abs=1e-4)
    assert high == pytest.approx(0.8318, abs=1e-4)
    # 0 of 10 still has a sensible upper bound (the Wald interval would be 0 – 0).
    low, high = wilson_interval(0, 10) or (1, 1)
    assert low == 0
    assert high == pytest.approx(0.2775, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_chi_square_tail_probabilities() -> None:
    assert chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, abs=1e-9)
    assert chi2_sf(6.634896601021214, 1) == pytest.approx(0.01, abs=1e-9)
    for x in (0.5, 2.0, 7.2, 40.0):
        assert chi2_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-9)  # exact for df=2
    assert chi2_sf(18.307038053275146, 10) == pytest.approx(0.05, abs=1e-9)
    assert chi2_sf(0, 3) == 1.0


def test_z_test_agrees_with_chi_square_for_two_groups() -> None:
    z = two_proportion_z(6, 10, 3, 10)
    assert z is not None
    assert z[0] == pytest.approx(0.3 / math.sqrt(0.45 * 0.55 * 0.2))
    assert z[1] == pytest.approx(0.177530, abs=1e-6)
    chi = chi_square_homogeneity([(6, 10), (3, 10)])
    assert chi is not None
    assert chi[0] == pytest.approx(z[0] ** 2)
    assert chi[2] == pytest.approx(z[1])
    assert two_proportion_z(0, 10, 0, 12) is None  # nobody reached anywhere: no test
    assert two_proportion_z(1, 0, 1, 3) is None


def test_chi_square_for_three_groups() -> None:
    # 2/10, 5/10, 8/10: pooled 0.5, every expected count 5, statistic 4 × 9/5 = 7.2.
    chi = chi_square_homogeneity([(2, 10), (5, 10), (8, 10)])
    assert chi is not None
    statistic, df, p_value, smallest = chi
    assert statistic == pytest.approx(7.2)
    assert df == 2
    assert p_value == pytest.approx(math.exp(-3.6))
    assert smallest == pytest.approx(5)


# ------------------------------------------------------------------------------ data


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.read() as s:
            agent = s.scalar(select(User.id).where(User.username == "agent1"))
        assert agent is not None
        self.agent = agent
        self.n = 0

    def campaign(self, key: str, variants: Sequence[str] = (), script: str = "x") -> uuid.UUID:
        with self.db.session() as s:
            c = Campaign(
                key=key,
                name=key,
                type="lead_generation",
                script_id=script,
                caller_identity="Rotaris",
                variants=[
                    {"key": v, "script_id": f"{script}_{v}", "weight": 1, "caller_identity": v}
                    for v in variants
                ],
            )
            s.add(c)
            s.flush()
            return c.id

    def company(self) -> uuid.UUID:
        self.n += 1
        with self.db.session() as s:
            c = Company(name=f"Firma {self.n}", name_key=f"firma {self.n}")
            s.add(c)
            s.flush()
            return c.id

    def calls(
        self,
        campaign: uuid.UUID,
        company: uuid.UUID,
        dispositions: Sequence[str],
        variant: str | None = None,
        **extra: Any,
    ) -> None:
        with self.db.session() as s:
            for i, code in enumerate(dispositions):
                s.add(
                    CallAttempt(
                        campaign_id=campaign,
                        company_id=company,
                        agent_id=self.agent,
                        variant=variant,
                        started_at=T0 + dt.timedelta(hours=self.n, minutes=i),
                        disposition_code=code,
                        **extra,
                    )
                )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty workspace with one agent and the default dispositions."""
    root = tmp_path_factory.mktemp("reports")
    db = open_profile(Profile(root), create=True)
    with db.session() as s:
        s.add(User(username="agent1", full_name="Anna Nowak", role="agent"))
        for i, d in enumerate(DEFAULT_DISPOSITIONS):
            s.add(Disposition(campaign_id=None, position=i, **d))
    db.dispose()
    return root


@pytest.fixture
def world(tmp_path: Path, template: Path) -> Iterator[World]:
    profile = Profile(tmp_path / "ws").ensure()
    shutil.copy2(Profile(template).db_path, profile.db_path)
    db = open_profile(profile, create=False)
    yield World(db)
    db.dispose()


def _ab_campaign(world: World) -> uuid.UUID:
    """Variant A: 10 companies, 12 calls; reached 6, qualified 3, one meeting.
    Variant B: 10 companies; reached 3, qualified 1, no meeting.
    One call under no variant (a wrong number)."""
    camp = world.campaign("ab", ["A", "B"])
    a = [world.company() for _ in range(10)]
    world.calls(camp, a[0], ["no_answer", "qualified"], "A")  # one company, two calls
    world.calls(camp, a[1], ["meeting_booked"], "A")  # a meeting is a qualified lead too
    world.calls(camp, a[2], ["lead_rep_requested"], "A")  # category "qualified"
    world.calls(camp, a[3], ["refused"], "A")
    world.calls(camp, a[4], ["not_qualified"], "A")
    world.calls(camp, a[5], ["callback"], "A")  # reached: asked to call back
    world.calls(camp, a[6], ["no_answer", "busy"], "A")
    for cid in a[7:]:
        world.calls(camp, cid, ["voicemail"], "A")
    b = [world.company() for _ in range(10)]
    world.calls(camp, b[0], ["qualified"], "B")
    world.calls(camp, b[1], ["refused"], "B")
    world.calls(camp, b[2], ["not_interested"], "B")
    for cid in b[3:]:
        world.calls(camp, cid, ["no_answer"], "B")
    world.calls(camp, world.company(), ["wrong_number"], None)
    return camp


def test_variant_report_counts_companies_and_compares_variants(world: World) -> None:
    _ab_campaign(world)
    with world.db.read() as s:
        report = variant_report(s, "ab")
    assert report["unit"] == "company"
    a, b, none = report["variants"]
    assert (a["variant"], b["variant"], none["variant"]) == ("A", "B", None)
    assert a["script_id"] == "x_A"
    assert a["caller_identity"] == "A"
    assert (a["calls"], a["companies"]) == (12, 10)
    assert (b["calls"], b["companies"]) == (10, 10)
    assert a["contact"] | {"ci95": None} == {"count": 6, "n": 10, "rate": 0.6, "ci95": None}
    assert a["contact"]["ci95"] == pytest.approx([0.3127, 0.8318], abs=1e-4)
    assert a["qualification"]["count"] == 3
    assert a["qualification"]["of_contacts"]["count"] == 3
    assert a["qualification"]["of_contacts"]["n"] == 6
    assert a["meeting"]["count"] == 1
    assert b["contact"]["count"] == 3
    assert b["qualification"]["count"] == 1
    assert b["meeting"]["count"] == 0
    assert b["meeting"]["ci95"][0] == 0
    assert none["companies"] == 1
    assert none["contact"]["count"] == 0
    assert none["script_id"] == "x"

    # The unassigned call forms a third group, so the test is the chi-square one …
    assert report["tests"]["contact"]["method"] == "chi-square test of homogeneity"
    assert report["tests"]["contact"]["df"] == 2


def test_two_variants_get_a_z_test_with_hand_checked_p_values(world: World) -> None:
    camp = _ab_campaign(world)
    with world.db.session() as s:  # drop the call made under no variant
        s.query(CallAttempt).filter(
            CallAttempt.campaign_id == camp, CallAttempt.variant.is_(None)
        ).delete()
    with world.db.read() as s:
        tests = variant_report(s, "ab")["tests"]
    contact = tests["contact"]
    assert contact["method"] == "two-proportion z-test"
    assert contact["statistic"] == pytest.approx(1.348400, abs=1e-6)
    assert contact["p_value"] == pytest.approx(0.177530, abs=1e-6)
    assert contact["significant"] is False
    assert tests["qualification"]["p_value"] == pytest.approx(0.263552, abs=1e-6)
    meeting = tests["meeting"]
    assert meeting["p_value"] == pytest.approx(0.304902, abs=1e-6)
    assert "rough guide" in meeting["note"]  # 1 meeting in 20: expected counts below 5


def test_a_clear_difference_is_significant(world: World) -> None:
    camp = world.campaign("big", ["brand", "research"])
    for i in range(40):  # brand: 10 of 40 reached; research: 30 of 40
        world.calls(camp, world.company(), ["refused" if i < 10 else "no_answer"], "brand")
        world.calls(camp, world.company(), ["refused" if i < 30 else "no_answer"], "research")
    with world.db.read() as s:
        report = variant_report(s, "big")
    test = report["tests"]["contact"]
    assert test["significant"] is True
    assert test["p_value"] < 0.001
    assert "note" not in test
    assert report["tests"]["qualification"]["p_value"] is None  # nobody qualified anywhere


def test_campaign_dispositions_override_the_defaults(world: World) -> None:
    camp = _ab_campaign(world)
    with world.db.session() as s:
        s.add(
            Disposition(
                campaign_id=camp,
                code="callback",
                label_pl="Oddzwonić",
                label_en="Call back",
                category="callback",
                is_contact=False,
            )
        )
    with world.db.read() as s:
        a = variant_report(s, "ab")["variants"][0]
    assert a["contact"]["count"] == 5


def test_variants_without_calls_are_listed_and_unknown_campaign_refused(world: World) -> None:
    world.campaign("empty", ["A", "B"])
    with world.db.read() as s:
        report = variant_report(s, "empty")
        assert [v["variant"] for v in report["variants"]] == ["A", "B"]
        assert report["variants"][0]["contact"] == {"count": 0, "n": 0, "rate": None, "ci95": None}
        assert report["tests"]["contact"]["p_value"] is None
        with pytest.raises(NotFound, match="Campaigns: ab|Campaigns: empty"):
            variant_report(s, "nope")


# ---------------------------------------------------------------------- script paths


def test_script_path_report_on_hand_checked_paths(world: World) -> None:
    camp = world.campaign("paths", script="lead_qualification")
    lq = "lead_qualification"

    def call(path: list[str], answers: dict[str, Any], code: str, script: str = lq) -> None:
        world.calls(
            camp,
            world.company(),
            [code],
            script_id=script,
            script_version="v1",
            script_path=path,
            answers=answers,
        )

    call(
        ["intro", "q_consent", "r_consent", "end_refused"],
        {"consent_to_interview": False},
        "refused",
    )
    call(
        [
            "intro",
            "q_consent",
            "r_consent",
            "q_fleet_total",
            "r_fleet",
            "seg_not_meeting",
            "end_not_qualified",
        ],
        {"consent_to_interview": True, "fleet_total": 0},
        "not_qualified",
    )
    # dropped on the fleet question: the callee asked to be called back
    call(
        ["intro", "q_consent", "r_consent", "q_fleet_total"],
        {"consent_to_interview": True},
        "callback",
    )
    # the agent went back once: nodes count once per call
    call(
        ["intro", "q_consent", "intro", "q_consent", "r_consent", "end_refused"],
        {"consent_to_interview": False},
        "refused",
    )
    world.calls(camp, world.company(), ["no_answer"])  # no script reached
    call(["a", "b"], {}, "no_answer", script="custom")  # a script we do not know

    with world.db.read() as s:
        report = script_path_report(s, "paths")
    assert report["calls"] == 6
    assert report["calls_with_path"] == 5
    custom, main = report["scripts"]
    assert custom["script_id"] == "custom"
    assert custom["known"] is False
    assert [(n["node"], n["dropped"], n["ended"], n["answered"]) for n in custom["nodes"]] == [
        ("a", 0, None, None),
        ("b", 1, None, None),
    ]

    assert main["known"] is True
    assert main["calls"] == 4
    assert main["versions"] == {"v1": 4}
    assert main["current_version"] == load_bundled_script(lq).version
    nodes = {n["node"]: n for n in main["nodes"]}
    assert list(nodes) == list(load_bundled_script(lq).nodes)  # script order, all nodes
    intro = nodes["intro"]
    assert (intro["kind"], intro["reached"], intro["answered"], intro["dropped"]) == (
        "say",
        4,
        None,
        0,
    )
    assert intro["reached_share"] == 1.0
    assert intro["outcomes"] == {"refused": 2, "callback": 1, "not_qualified": 1}
    consent = nodes["q_consent"]
    assert (consent["field"], consent["reached"], consent["answered"]) == (
        "consent_to_interview",
        4,
        4,  # "no" is an answer
    )
    fleet = nodes["q_fleet_total"]
    assert (fleet["reached"], fleet["answered"], fleet["dropped"], fleet["ended"]) == (2, 1, 1, 0)
    assert fleet["outcomes"] == {"callback": 1, "not_qualified": 1}
    refused = nodes["end_refused"]
    assert (refused["reached"], refused["dropped"], refused["ended"]) == (2, 0, 2)
    assert refused["outcomes"] == {"refused": 2}
    assert nodes["end_not_qualified"]["ended"] == 1
    assert nodes["q_cars"]["reached"] == 0
    assert nodes["q_cars"]["outcomes"] == {}
    assert sum(n["dropped"] + (n["ended"] or 0) for n in main["nodes"]) == main["calls"]


def test_script_path_report_uses_the_scripts_given(world: World) -> None:
    camp = world.campaign("given", script="lead_qualification")
    world.calls(
        camp,
        world.company(),
        ["refused"],
        script_id="lead_qualification",
        script_path=["intro", "q_consent"],
        answers={},
    )
    with world.db.read() as s:
        report = script_path_report(s, "given", scripts={})
    [entry] = report["scripts"]
    assert entry["known"] is False
    assert [n["node"] for n in entry["nodes"]] == ["intro", "q_consent"]
    assert entry["nodes"][1]["dropped"] == 1


# ------------------------------------------------------------------------- commands


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="prospector")
    sub = parser.add_subparsers(dest="command")
    report = sub.add_parser("report")
    add_script_reports(report.add_subparsers(dest="report_command"), common_parent())
    return parser


def test_report_commands_through_a_parser(world: World, tmp_path: Path) -> None:
    _ab_campaign(world)
    profile = str(tmp_path / "ws")
    args = _parser().parse_args(
        ["report", "variants", "--campaign", "ab", "--json", "--profile", profile]
    )
    result = args.handler(args)
    json.dumps(result)  # one JSON object
    assert [v["variant"] for v in result["variants"]] == ["A", "B", None]
    assert "text" not in result

    args = _parser().parse_args(["report", "variants", "--campaign", "ab", "--profile", profile])
    text = args.handler(args)["text"]
    assert "60.0% [31.3%–83.2%]" in text
    assert "contact: chi-square test of homogeneity" in text

    args = _parser().parse_args(
        ["report", "script-paths", "--campaign", "ab", "--profile", profile]
    )
    result = args.handler(args)
    assert result["calls"] == 23
    assert result["calls_with_path"] == 0
    assert "23 calls, 0 with a script path" in result["text"]


def test_report_handlers_called_directly(world: World, tmp_path: Path) -> None:
    camp = world.campaign("p", script="lead_qualification")
    world.calls(
        camp,
        world.company(),
        ["refused"],
        script_id="lead_qualification",
        script_path=["intro", "q_consent", "r_consent", "end_refused"],
        answers={"consent_to_interview": False},
    )
    ns = argparse.Namespace(profile=str(tmp_path / "ws"), json=False, campaign="p")
    text = cmd_script_paths(ns)["text"]
    assert "lead_qualification (1 calls)" in text
    assert "end_refused" in text
    assert "q_cars" not in text  # nodes no call reached are left out of the text
    with pytest.raises(NotFound, match="Unknown campaign 'nope'"):
        cmd_variants(argparse.Namespace(profile=str(tmp_path / "ws"), json=True, campaign="nope"))
