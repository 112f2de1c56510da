"""KPI definitions on a small hand-built data set; every expected figure is worked out
by hand in the comments next to it.

March 2026 (Europe/Warsaw; summer time starts 29 March), campaign ``fitd`` (C1) and
``lead`` (C2), agents a1 (team A) and a2 (team B), companies X1–X7.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.db import create_sqlite_engine
from app.errors import NotFound, UserError
from app.services import metrics
from app.services.defaults import DEFAULT_DISPOSITIONS
from app.services.metrics import GroupBy, Period, Scope, kpi_report
from models import (
    AgentStateEvent,
    CallAttempt,
    Campaign,
    Company,
    CompanySegment,
    Disposition,
    Meeting,
    QueueItem,
    SalesRep,
    Segment,
    User,
    migrate,
)
from tests.conftest import PG_ADMIN_URL

WAW = ZoneInfo("Europe/Warsaw")
NOW = dt.datetime(2026, 4, 5, 12, 0, tzinfo=dt.UTC)
MARCH = Period.days(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def local(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WAW)


class Data:
    """Ids of the hand-built rows, by name."""

    def __init__(self) -> None:
        self.ids: dict[str, uuid.UUID] = {}

    def __getitem__(self, name: str) -> uuid.UUID:
        return self.ids.setdefault(name, uuid.uuid4())


def build(session: Session) -> Data:
    d = Data()
    add = session.add
    for name, team in (("a1", "A"), ("a2", "B")):
        add(User(id=d[name], username=name, full_name=f"Agent {name}", role="agent", team=team))
    add(User(id=d["sup"], username="sup", full_name="Supervisor", role="supervisor"))
    add(Campaign(id=d["C1"], key="fitd", name="Foot in the door", type="foot_in_the_door"))
    add(Campaign(id=d["C2"], key="lead", name="Lead generation", type="lead_generation"))
    session.flush()
    for i, disp in enumerate(DEFAULT_DISPOSITIONS):
        add(Disposition(campaign_id=None, position=i, **disp))
    # C2 overrides: a wrong number is only a retry there; "sold" is its own code.
    add(Disposition(campaign_id=d["C2"], code="wrong_number", label_pl="Zły numer",
                    label_en="Wrong number", category="no_contact", is_contact=False))
    add(Disposition(campaign_id=d["C2"], code="sold", label_pl="Sprzedane", label_en="Sold",
                    category="qualified", is_contact=True))
    add(SalesRep(id=d["rep"], code="R1", full_name="Rep One"))
    for n in range(1, 8):
        add(Company(id=d[f"X{n}"], name=f"Firma {n}", name_key=f"firma {n}"))
    add(Segment(id=d["S1"], key="s1", name_pl="Segment 1", name_en="Segment 1", position=1))
    add(Segment(id=d["S2"], key="s2", name_pl="Segment 2", name_en="Segment 2", position=2))
    session.flush()
    for seg, companies in (("S1", "X1 X2 X3"), ("S2", "X3 X4")):
        for x in companies.split():
            add(CompanySegment(segment_id=d[seg], company_id=d[x]))
    for n in range(1, 7):  # the C1 queue holds X1–X6
        add(QueueItem(campaign_id=d["C1"], company_id=d[f"X{n}"]))

    def call(name: str, campaign: str, agent: str, company: str, code: str, at: dt.datetime,
             talk: int = 0, variant: str | None = None, deleted: bool = False) -> None:
        add(CallAttempt(id=d[name], campaign_id=d[campaign], agent_id=d[agent],
                        company_id=d[company], disposition_code=code, started_at=at,
                        talk_seconds=talk, wrapup_seconds=10, variant=variant,
                        deleted=deleted))

    # C1, March: 8 attempts count.
    call("t1", "C1", "a1", "X1", "no_answer", local(3, 2, 10), variant="marka")
    call("t2", "C1", "a1", "X1", "meeting_booked", local(3, 5, 10), 300, "marka")
    call("t3", "C1", "a1", "X2", "refused", local(3, 3, 11), 120, "marka")
    call("t4", "C1", "a1", "X3", "wrong_number", local(3, 1, 0, 15), variant="marka")
    call("t5", "C1", "a1", "X3", "no_answer", local(3, 29, 23, 30), variant="marka")
    call("t6", "C1", "a2", "X4", "meeting_booked", local(3, 6, 9), 400, "badanie")
    call("t7", "C1", "a2", "X5", "do_not_call", local(3, 31, 23, 30), 60, "badanie")
    call("t8", "C1", "a2", "X6", "busy", local(3, 10, 9), variant="badanie")
    # Not counted: deleted; and 00:30 on 1 April local time (still 31 March in UTC).
    call("t9", "C1", "a2", "X6", "qualified", local(3, 12, 9), 50, "badanie", deleted=True)
    call("t10", "C1", "a1", "X4", "refused", local(4, 1, 0, 30), 30, "marka")
    # C2, March: its own dispositions.
    call("u1", "C2", "a1", "X1", "wrong_number", local(3, 4, 9))
    call("u2", "C2", "a1", "X2", "sold", local(3, 4, 10), 200)
    session.flush()

    def meeting(company: str, agent: str, booked: dt.datetime, start: dt.datetime,
                status: str, attempt: str | None = None) -> None:
        add(Meeting(rep_id=d["rep"], company_id=d[company], campaign_id=d["C1"],
                    booked_by=d[agent], booked_at=booked, start_at=start,
                    end_at=start + dt.timedelta(hours=1), status=status,
                    attempt_id=d[attempt] if attempt else None))

    meeting("X1", "a1", local(3, 5, 10, 5), local(3, 10, 10), "held", "t2")        # M1
    meeting("X4", "a2", local(3, 6, 9, 5), local(3, 12, 10), "no_show", "t6")      # M2
    meeting("X4", "a2", local(3, 20, 9), local(4, 10, 10), "confirmed")            # M3 ahead
    meeting("X6", "a1", local(3, 7, 9), local(3, 9, 10), "confirmed")              # M4 no outcome
    meeting("X1", "a1", local(3, 8, 9), local(3, 11, 10), "rescheduled")           # M5 replaced
    meeting("X7", "a2", local(3, 9, 9), local(3, 16, 10), "cancelled")             # M6
    meeting("X5", "a2", local(2, 20, 9), local(3, 2, 10), "held")                  # M7 February
    meeting("X5", "a2", local(3, 21, 9), local(3, 25, 10), "conflict")             # M8 refused

    def state(agent: str, at: dt.datetime, value: str, reason: str | None = None,
              campaign: str = "C1") -> None:
        add(AgentStateEvent(user_id=d[agent], at=at, state=value, reason=reason,
                            campaign_id=d[campaign]))

    # a1 on 2 March: logged in 08:00–12:00, a 15-minute break, one call of 5 + 1 minutes.
    for at, value, reason in ((local(3, 2, 8), "ready", None),
                              (local(3, 2, 9), "paused", "break"),
                              (local(3, 2, 9, 15), "ready", None),
                              (local(3, 2, 10), "on_call", None),
                              (local(3, 2, 10, 5), "wrap_up", None),
                              (local(3, 2, 10, 6), "ready", None),
                              (local(3, 2, 12), "logged_out", None)):
        state("a1", at, value, reason)
    # a1 on 3 March works campaign C2 for two hours.
    state("a1", local(3, 3, 8), "ready", campaign="C2")
    state("a1", local(3, 3, 10), "logged_out", campaign="C2")
    # a2: ready across the period's start (one hour in March), and a shift never logged
    # out (capped at 12 hours).
    state("a2", local(2, 28, 23), "ready")
    state("a2", local(3, 1, 1), "logged_out")
    state("a2", local(3, 10, 20), "ready")
    session.commit()
    return d


@contextlib.contextmanager
def _own_pg_database() -> Iterator[str]:
    """A PostgreSQL database of this module's own, dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"prospector_metrics_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest,
       tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Data]]:
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            engine = create_sqlite_engine(tmp_path_factory.mktemp("metrics") / "m.sqlite3")
        else:
            engine = create_engine(stack.enter_context(_own_pg_database()))
        stack.callback(engine.dispose)
        migrate.upgrade(engine)
        with Session(engine) as session:
            data = build(session)
        with Session(engine) as session:
            yield session, data


def report(session: Session, **kw: Any) -> metrics.KpiReport:
    kw.setdefault("period", MARCH)
    return kpi_report(session, Scope(**kw), now=NOW)


def approx(x: float) -> Any:
    return pytest.approx(x, abs=1e-9)


def test_case_study_figures_for_a_campaign_month(db: tuple[Session, Data]) -> None:
    session, _ = db
    r = report(session, campaign="fitd")
    t = r.total
    assert not r.empty
    assert t["dials"] == 8  # t1–t8; t9 deleted, t10 is April in Warsaw
    assert t["contacts"] == 4  # t2, t3, t6, t7
    assert t["contact_rate"] == approx(0.5)
    assert t["companies_called"] == 6  # X1–X6
    # Meetings: M1, M2, M3, M4, M6 (M5 rescheduled, M7 February, M8 conflict).
    assert t["meetings"] == 5
    assert t["companies_agreed"] == 4  # X1, X4, X6, X7
    # Reached: contacts {X1, X2, X4, X5} ∪ meetings {X1, X4, X6, X7}.
    assert t["companies_reached"] == 6
    assert t["meeting_acceptance_rate"] == approx(4 / 6)
    assert t["companies_refused"] == 2  # X2 refused, X5 do-not-call
    assert t["refusal_rate"] == approx(2 / 6)
    assert t["companies_data_error"] == 1  # X3
    assert t["data_error_rate"] == approx(1 / 6)
    assert t["companies_qualified"] == 4  # meeting outcome X1, X4; meetings X6, X7
    assert (t["meetings_held"], t["meetings_no_show"], t["meetings_cancelled"]) == (1, 1, 1)
    assert t["meetings_awaiting_outcome"] == 1  # M4: 9 March passed, still confirmed
    assert t["meetings_held_rate"] == approx(1 / 3)
    assert t["companies_met"] == 1
    assert t["talk_seconds"] == 300 + 120 + 400 + 60
    assert t["wrapup_seconds"] == 80
    assert t["talk_seconds_per_contact"] == approx(880 / 4)


def test_funnel(db: tuple[Session, Data]) -> None:
    session, _ = db
    funnel = {s.key: s.companies for s in report(session, campaign="fitd").funnel}
    assert funnel == {"in_queue": 6, "dialled": 6, "reached": 6, "qualified": 4,
                      "meeting_booked": 4, "meeting_held": 1}
    agent = report(session, campaign="fitd", agent="a1").funnel
    assert agent[0].companies is None  # the queue is not an agent's
    assert agent[1].companies == 3


def test_by_agent(db: tuple[Session, Data]) -> None:
    session, _ = db
    r = report(session, campaign="fitd", group_by=GroupBy.AGENT)
    rows = {row.group: row for row in r.rows}
    assert list(rows) == ["a1", "a2"]
    a1, a2 = rows["a1"], rows["a2"]
    assert a1.team == "A"
    assert (a1["dials"], a1["contacts"], a1["companies_called"]) == (5, 2, 3)
    # a1 booked M1 (X1, held) and M4 (X6, awaiting); reached {X1, X2} ∪ {X1, X6}.
    assert (a1["meetings"], a1["companies_agreed"], a1["companies_reached"]) == (2, 2, 3)
    assert a1["meeting_acceptance_rate"] == approx(2 / 3)
    assert a1["refusal_rate"] == approx(1 / 3)
    assert a1["data_error_rate"] == approx(1 / 3)
    assert a1["meetings_held_rate"] == approx(1.0)
    # a2: M2 (X4 no-show), M3 (X4 ahead), M6 (X7 cancelled); reached {X4, X5} ∪ {X4, X7}.
    assert (a2["dials"], a2["meetings"], a2["companies_agreed"]) == (3, 3, 2)
    assert a2["meeting_acceptance_rate"] == approx(2 / 3)
    assert a2["data_error_rate"] == approx(0.0)
    assert a2["meetings_held_rate"] == approx(0.0)
    assert r.total["dials"] == 8


def test_agent_time_from_state_events(db: tuple[Session, Data]) -> None:
    session, _ = db
    rows = {row.group: row for row in
            report(session, campaign="fitd", group_by=GroupBy.AGENT).rows}
    a1 = rows["a1"]
    assert a1["logged_in_seconds"] == 4 * 3600  # 08:00–12:00; C2's 3 March not counted
    assert (a1["on_call_seconds"], a1["wrap_up_seconds"]) == (300, 60)
    assert a1["pause_seconds"] == 900
    assert a1.pause_by_reason == {"break": 900}
    assert a1["ready_seconds"] == 4 * 3600 - 300 - 60 - 900
    assert a1["utilisation"] == approx(360 / 14400)
    assert a1["calls_per_hour"] == approx(5 / 4)
    a2 = rows["a2"]
    # 00:00–01:00 on 1 March (the interval began in February), and a 12-hour cap on the
    # shift that was never logged out.
    assert a2["logged_in_seconds"] == 3600 + 12 * 3600
    assert a2["calls_per_hour"] == approx(3 / 13)
    # Without the campaign filter a1's two hours in C2 count too.
    all_rows = {row.group: row for row in report(session, group_by=GroupBy.AGENT).rows}
    assert all_rows["a1"]["logged_in_seconds"] == 6 * 3600


def test_by_segment_counts_each_company_once_in_the_total(db: tuple[Session, Data]) -> None:
    session, _ = db
    r = report(session, campaign="fitd", group_by=GroupBy.SEGMENT)
    rows = {row.group: row for row in r.rows}
    assert list(rows) == ["s1", "s2", None]  # segment order, then no segment
    assert rows["s1"]["dials"] == 5  # X1 ×2, X2, X3 ×2
    assert rows["s2"]["dials"] == 3  # X3 ×2, X4
    assert rows[None]["dials"] == 2  # X5, X6
    assert (rows["s1"]["meetings"], rows["s2"]["meetings"], rows[None]["meetings"]) == (1, 2, 2)
    assert r.total["dials"] == 8  # X3 is in both segments, counted once
    assert r.total["meetings"] == 5
    assert r.total["companies_called"] == 6
    assert rows["s1"]["utilisation"] is None  # agent time has no segment
    assert r.total["logged_in_seconds"] == 4 * 3600 + 13 * 3600


def test_by_variant(db: tuple[Session, Data]) -> None:
    session, _ = db
    rows = {row.group: row for row in
            report(session, campaign="fitd", group_by=GroupBy.VARIANT).rows}
    assert (rows["marka"]["dials"], rows["marka"]["meetings"]) == (5, 1)  # M1 on t2
    assert (rows["badanie"]["dials"], rows["badanie"]["meetings"]) == (3, 1)  # M2 on t6
    assert (rows[None]["dials"], rows[None]["meetings"]) == (0, 3)  # booked off a call


def test_by_day_uses_warsaw_days(db: tuple[Session, Data]) -> None:
    session, _ = db
    rows = {row.group: row for row in report(session, campaign="fitd", group_by=GroupBy.DAY).rows}
    assert rows["2026-03-01"]["dials"] == 1  # 00:15 local = 28 February 23:15 UTC
    assert rows["2026-03-29"]["dials"] == 1  # 23:30 local in summer time = 21:30 UTC
    assert rows["2026-03-31"]["dials"] == 1  # 23:30 local = 21:30 UTC
    assert "2026-04-01" not in rows
    assert rows["2026-03-02"]["logged_in_seconds"] == 4 * 3600
    assert sum(int(r["dials"] or 0) for r in rows.values()) == 8
    hours = {row.group: row for row in
             report(session, campaign="fitd", group_by=GroupBy.HOUR).rows}
    assert hours["2026-03-29 23"]["dials"] == 1
    assert hours["2026-03-29 23"].label == "2026-03-29 23:00"


def test_campaign_dispositions_override_the_defaults(db: tuple[Session, Data]) -> None:
    session, _ = db
    t = report(session, campaign="lead").total
    assert (t["dials"], t["contacts"], t["companies_qualified"]) == (2, 1, 1)
    assert t["companies_data_error"] == 0  # wrong_number is no_contact in this campaign
    everything = report(session).total
    assert everything["dials"] == 10
    assert everything["companies_data_error"] == 1  # only X3 in C1


def test_by_campaign(db: tuple[Session, Data]) -> None:
    session, _ = db
    rows = {row.group: row for row in report(session, group_by=GroupBy.CAMPAIGN).rows}
    assert (rows["fitd"]["dials"], rows["lead"]["dials"]) == (8, 2)
    assert rows["fitd"].label == "Foot in the door"
    assert rows["lead"]["logged_in_seconds"] == 2 * 3600


def test_empty_period_says_so(db: tuple[Session, Data]) -> None:
    session, _ = db
    r = report(session, period=Period.days(dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
               group_by=GroupBy.AGENT)
    assert r.empty
    assert r.message
    assert r.rows == []
    for key in metrics.CASE_STUDY_FIGURES:
        assert r.total[key] is None
    assert r.total["dials"] == 0
    out = r.as_dict()
    assert out["empty"] is True
    assert out["total"]["meeting_acceptance_rate"] is None


def test_whole_history(db: tuple[Session, Data]) -> None:
    session, _ = db
    t = kpi_report(session, Scope(campaign="fitd"), now=NOW).total
    assert t["dials"] == 9  # March's 8 and t10 on 1 April
    assert t["meetings"] == 6  # and M7 in February
    days = kpi_report(session, Scope(campaign="fitd", group_by=GroupBy.DAY), now=NOW).rows
    assert "2026-04-01" in {r.group for r in days}


def test_unknown_campaign_and_agent(db: tuple[Session, Data]) -> None:
    session, _ = db
    with pytest.raises(NotFound, match="fitd, lead"):
        report(session, campaign="nope")
    with pytest.raises(NotFound, match="nobody"):
        report(session, agent="nobody")


def test_outcomes(db: tuple[Session, Data]) -> None:
    session, _ = db
    rows = metrics.outcomes(session, Scope(campaign="fitd", period=MARCH))
    counts = {r["code"]: r["count"] for r in rows}
    assert counts == {"no_answer": 2, "meeting_booked": 2, "refused": 1, "wrong_number": 1,
                      "do_not_call": 1, "busy": 1}
    assert rows[0]["count"] == 2
    lead = metrics.outcomes(session, Scope(campaign="lead", period=MARCH))
    assert {r["code"]: r["category"] for r in lead} == {"wrong_number": "no_contact",
                                                        "sold": "qualified"}


def test_json_shape(db: tuple[Session, Data]) -> None:
    session, _ = db
    out = report(session, campaign="fitd", group_by=GroupBy.AGENT).as_dict()
    assert out["period"] == {"from": "2026-03-01T00:00:00+01:00", "to": "2026-04-01T00:00:00+02:00"}
    assert {"group", "dials", "contacts", "meetings", "meeting_acceptance_rate", "refusal_rate",
            "data_error_rate", "meetings_held_rate"} <= set(out["rows"][0])
    assert out["funnel"]["in_queue"] == 6
    assert out["rows"][0]["meeting_acceptance_rate"] == 0.6667


def test_median() -> None:
    rows = [metrics.KpiRow(str(i), str(i), {"dials": v}) for i, v in enumerate([3, None, 1, 10])]
    assert metrics.median(rows, "dials") == 3
    assert metrics.median([], "dials") is None


def test_every_figure_is_defined_once() -> None:
    keys = [f.key for f in metrics.FIGURES]
    assert len(keys) == len(set(keys))
    for f in metrics.FIGURES:
        assert all((f.label_pl, f.label_en, f.definition_pl, f.definition_en)), f.key
        assert bool(f.fact) + bool(f.states) + bool(f.numerator) == 1, f.key
        for part in (*f.numerator, *f.denominator):
            assert part in metrics.FIGURE_BY_KEY, (f.key, part)
        if f.fact:
            assert f.fact in metrics.FACTS
    for key in metrics.CASE_STUDY_FIGURES:
        assert metrics.FIGURE_BY_KEY[key].kind == "rate"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-03-01", "2026-03-31", ("2026-02-28T23:00:00+00:00", "2026-03-31T22:00:00+00:00")),
        ("2026-03-01T08:00", "2026-03-01T09:30+02:00",
         ("2026-03-01T07:00:00+00:00", "2026-03-01T07:30:00+00:00")),
        (None, "2026-10-25", (None, "2026-10-25T23:00:00+00:00")),
        (None, None, (None, None)),
    ],
)
def test_parse_period(start: str | None, end: str | None, expected: tuple[str | None, ...]) -> None:
    p = metrics.parse_period(start, end)
    got = tuple(x.isoformat() if x else None for x in (p.start, p.end))
    assert got == expected


@pytest.mark.parametrize(("start", "end"), [("2026-13-01", None), ("yesterday", None),
                                            ("2026-03-02", "2026-03-01")])
def test_parse_period_refuses(start: str, end: str | None) -> None:
    with pytest.raises(UserError):
        metrics.parse_period(start, end)


def test_live_board(db: tuple[Session, Data]) -> None:
    session, _ = db
    at = local(3, 2, 10, 2).astimezone(dt.UTC)
    board, today = metrics.agent_board(session, now=at)
    by_name = {a.username: a for a in board}
    assert list(by_name) == ["a1", "a2"]  # agents only; the supervisor is not on the board
    a1 = by_name["a1"]
    assert (a1.state, a1.campaign, a1.seconds_in_state) == ("on_call", "fitd", 120)
    assert a1.today["dials"] == 1  # t1 at 10:00 on 2 March
    assert a1.today["logged_in_seconds"] == 2 * 3600 + 120  # since 08:00
    assert by_name["a2"].state is None  # logged out 33 hours ago
    assert by_name["a2"].today["dials"] == 0
    assert metrics.median(today.rows, "dials") == 1
    assert [a.username for a in metrics.agent_board(session, now=at, team="B")[0]] == ["a2"]
    assert a1.as_dict()["since"] == "2026-03-02T10:00:00+01:00"
