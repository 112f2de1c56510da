"""The call queue: order of the pick, leases under concurrency, explain, bounded scans.

Also home of :func:`make_world`, the small hand-built workspace the queue, calls,
callbacks and agent-state tests share (models written directly, no demo builder).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.db import Database, create_server_engine, create_sqlite_engine
from app.errors import UserError
from app.services import queue
from app.services.calling_rules import suppression_hash, suppression_value
from app.services.defaults import DEFAULT_DISPOSITIONS, calling_hours
from app.services.queue import explain, next_lead, release_lead
from models import (
    Base,
    Callback,
    Campaign,
    Company,
    Contact,
    Disposition,
    OutboxMutation,
    PhoneNumber,
    QueueItem,
    Suppression,
    User,
    migrate,
)

WARSAW = ZoneInfo("Europe/Warsaw")
AGENTS = ("agent1", "agent2", "agent3", "agent4", "agent5")


def local(y: int, m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    """A Warsaw wall-clock time as an aware datetime."""
    return dt.datetime(y, m, d, h, mi, tzinfo=WARSAW)


# Monday 2 March 2026, 10:00 in Warsaw: inside B2B calling hours.
MONDAY_10 = local(2026, 3, 2, 10)


@dataclass
class World:
    db: Database
    campaign_key: str
    campaign_id: uuid.UUID
    users: dict[str, uuid.UUID]
    n: int = 0
    companies: list[uuid.UUID] = field(default_factory=list)

    def company(
        self,
        *,
        name: str | None = None,
        phone: str = "",
        contacts: Sequence[dict[str, Any]] = (),
        queued: bool = True,
        tz: str = "Europe/Warsaw",
        **item: Any,
    ) -> uuid.UUID:
        """A company with its main number, contacts (each with a mobile) and, unless
        ``queued`` is false, a queue item in the campaign (``item`` sets its fields)."""
        self.n += 1
        phone = phone or f"+4822{1000000 + self.n:07d}"
        with self.db.session() as s:
            c = Company(
                name=name or f"Firma {self.n}",
                name_key=f"firma {self.n}",
                phone=phone,
                timezone=tz,
                country="PL",
                nip=None,
            )
            s.add(c)
            s.flush()
            s.add(PhoneNumber(company_id=c.id, e164=phone, kind="landline"))
            for k, spec in enumerate(contacts):
                ct = Contact(
                    company_id=c.id,
                    first_name=spec.get("first_name", "Anna"),
                    last_name=spec.get("last_name", f"Nowak{k}"),
                    calling_windows=spec.get("windows", []),
                    timezone=spec.get("timezone"),
                    email=spec.get("email"),
                    is_decision_maker=k == 0,
                )
                s.add(ct)
                s.flush()
                mobile = spec.get("mobile") or f"+4860{self.n:04d}{k:03d}"
                s.add(PhoneNumber(company_id=c.id, contact_id=ct.id, e164=mobile, kind="mobile"))
            if queued:
                s.add(QueueItem(campaign_id=self.campaign_id, company_id=c.id, **item))
            cid = c.id
        self.companies.append(cid)
        return cid

    def callback(
        self, company_id: uuid.UUID, due: dt.datetime, owner: str | None, **kw: Any
    ) -> uuid.UUID:
        with self.db.session() as s:
            cb = Callback(
                campaign_id=self.campaign_id,
                company_id=company_id,
                owner_id=self.users[owner] if owner else None,
                due_at=due,
                **kw,
            )
            s.add(cb)
            s.flush()
            return cb.id

    def item(self, company_id: uuid.UUID) -> QueueItem:
        with self.db.read() as s:
            found = s.scalar(
                select(QueueItem).where(
                    QueueItem.company_id == company_id, QueueItem.campaign_id == self.campaign_id
                )
            )
            assert found is not None
            return found

    def suppress(self, kind: str, raw: str, campaign: bool = False) -> None:
        value = suppression_value(kind, raw)
        assert value is not None
        with self.db.session() as s:
            s.add(
                Suppression(
                    kind=kind,
                    value_hash=suppression_hash(value),
                    reason="dnc",
                    scope="campaign" if campaign else "global",
                    campaign_id=self.campaign_id if campaign else None,
                )
            )

    def next(self, agent: str, at: dt.datetime) -> queue.NextLead:
        with self.db.session() as s:
            return next_lead(s, self.campaign_key, agent, at)


def make_world(
    path: Path | None,
    *,
    url: str | None = None,
    key: str = "kwal",
    b2c: bool = False,
    **campaign: Any,
) -> World:
    """An empty workspace with five agents, one campaign and the default dispositions: a
    SQLite file in ``path``, or the (migrated, emptied) PostgreSQL database at ``url``."""
    if url is not None:
        engine = create_server_engine(url)
        with engine.begin() as conn:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {tables} CASCADE"))
    else:
        assert path is not None
        engine = create_sqlite_engine(path / "world.sqlite3")
        Base.metadata.create_all(engine)
    db = Database(engine)
    with db.session() as s:
        users = {}
        for name in (*AGENTS, "supervisor"):
            u = User(username=name, full_name=name.title(), role="agent")
            s.add(u)
            s.flush()
            users[name] = u.id
        settings: dict[str, Any] = {
            "calling_hours": calling_hours(b2c=b2c),
            "max_attempts": 6,
            "max_attempts_per_day": 2,
            "min_gap_minutes": 120,
            "lease_minutes": 30,
        }
        settings.update(campaign)
        camp = Campaign(key=key, name=key.title(), type="lead_generation", is_b2c=b2c, **settings)
        s.add(camp)
        s.flush()
        for i, d in enumerate(DEFAULT_DISPOSITIONS):
            s.add(Disposition(campaign_id=None, position=i, **d))
        camp_id = camp.id
    return World(db, key, camp_id, users)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path)
    yield w
    w.db.dispose()


@pytest.fixture(scope="module")
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database with the migrated schema, for this module."""
    from tests.conftest import PG_ADMIN_URL

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"prospector_queue_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_server_engine(url)
    migrate.upgrade(engine)  # PostgreSQL needs the migrations' extensions and constraints
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_world(pg_database: str) -> Iterator[World]:
    """The same world on PostgreSQL (the central server's database)."""
    w = make_world(None, url=pg_database)
    yield w
    w.db.dispose()


# ---- the order of the pick ----------------------------------------------------------------


def test_callbacks_before_retries_before_new_and_personal_before_shared(world: World) -> None:
    at = MONDAY_10
    new_hi = world.company(priority=5)
    retry = world.company(status="retry", attempts=1, next_attempt_at=at - dt.timedelta(hours=1))
    shared = world.company(status="callback", attempts=1)
    personal = world.company(status="callback", attempts=1)
    # The shared callback is more overdue, yet agent1's own comes first.
    world.callback(shared, at - dt.timedelta(hours=2), owner=None)
    world.callback(personal, at - dt.timedelta(minutes=5), owner="agent1")

    got = [world.next(agent, at) for agent in AGENTS]
    assert [(g.company_id, g.reason) for g in got[:4]] == [
        (personal, "callback"),
        (shared, "callback"),
        (retry, "retry"),
        (new_hi, "new"),
    ]
    assert got[4].company_id is None
    assert got[4].why_empty is not None
    assert "4 lead(s) are leased to other agents" in got[4].why_empty
    assert got[0].lease_expires == at + dt.timedelta(minutes=30)


def test_personal_callback_is_only_for_its_owner(world: World) -> None:
    lead = world.company(status="callback", attempts=1)
    world.callback(lead, MONDAY_10 - dt.timedelta(minutes=1), owner="agent2")
    assert world.next("agent1", MONDAY_10).company_id is None
    assert world.next("agent2", MONDAY_10).company_id == lead


def test_callback_not_due_yet_waits(world: World) -> None:
    lead = world.company(status="callback", attempts=1)
    world.callback(lead, MONDAY_10 + dt.timedelta(hours=1), owner=None)
    empty = world.next("agent1", MONDAY_10)
    assert empty.company_id is None
    assert empty.why_empty is not None
    assert "a callback at 11:00" in empty.why_empty
    assert world.next("agent1", MONDAY_10 + dt.timedelta(hours=1)).company_id == lead


def test_new_leads_by_priority_then_in_order_added(world: World) -> None:
    low = world.company(priority=1)
    first_high = world.company(priority=4)
    second_high = world.company(priority=4)
    order = [world.next(a, MONDAY_10).company_id for a in AGENTS[:3]]
    assert order == [first_high, second_high, low]


def test_retries_in_due_order_and_not_before_due(world: World) -> None:
    at = MONDAY_10
    later = world.company(status="retry", attempts=1, next_attempt_at=at - dt.timedelta(minutes=5))
    earlier = world.company(status="retry", attempts=1, next_attempt_at=at - dt.timedelta(hours=2))
    world.company(status="retry", attempts=1, next_attempt_at=at + dt.timedelta(minutes=30))
    got = [world.next(a, at) for a in AGENTS[:3]]
    assert [g.company_id for g in got] == [earlier, later, None]
    assert got[2].why_empty is not None
    assert "a retry at 10:30" in got[2].why_empty


def test_the_same_agent_gets_its_leased_lead_back(world: World) -> None:
    a = world.company()
    b = world.company()
    first = world.next("agent1", MONDAY_10)
    again = world.next("agent1", MONDAY_10 + dt.timedelta(minutes=3))
    assert first.company_id == again.company_id == a
    assert again.lease_expires == MONDAY_10 + dt.timedelta(minutes=33)  # renewed
    with world.db.session() as s:
        assert release_lead(s, a, world.campaign_key, "agent1")
    assert world.next("agent1", MONDAY_10 + dt.timedelta(minutes=4)).company_id == a
    assert world.next("agent2", MONDAY_10 + dt.timedelta(minutes=4)).company_id == b


def test_an_expired_lease_returns_the_lead(world: World) -> None:
    lead = world.company()
    assert world.next("agent1", MONDAY_10).company_id == lead
    assert world.next("agent2", MONDAY_10 + dt.timedelta(minutes=29)).company_id is None
    back = world.next("agent2", MONDAY_10 + dt.timedelta(minutes=30))
    assert back.company_id == lead
    assert world.item(lead).lease_holder_id == world.users["agent2"]


def test_outside_calling_hours_nothing_and_the_reason(world: World) -> None:
    world.company()
    world.company()
    evening = local(2026, 3, 2, 20, 15)
    empty = world.next("agent1", evening)
    assert empty.company_id is None
    assert empty.why_empty is not None
    assert "2 × outside calling hours: 20:15 local, campaign 09:00–17:00" in empty.why_empty
    assert "becomes callable at Tue 2026-03-03 09:00" in empty.why_empty


def test_suppressed_lead_is_skipped_and_closed(world: World) -> None:
    blocked = world.company(phone="+48221234567", priority=9)
    other = world.company(priority=1)
    world.suppress("phone", "(22) 123-45-67")
    assert world.next("agent1", MONDAY_10).company_id == other
    item = world.item(blocked)
    assert item.status == "done"
    with world.db.read() as s:
        rows = s.scalars(
            select(OutboxMutation).where(OutboxMutation.entity_id == str(item.id))
        ).all()
    assert [r.fields["status"] for r in rows] == ["done"]


def test_campaign_scoped_suppression_and_contact_email(world: World) -> None:
    lead = world.company(contacts=[{"email": "Jan.Kowalski@Firma.PL"}])
    world.suppress("email", "jan.kowalski@firma.pl", campaign=True)
    with world.db.read() as s:
        why = explain(s, lead, world.campaign_key, MONDAY_10)
    assert not why.callable
    assert why.reasons == ["e-mail address on this campaign's do-not-call list"]
    assert why.next_callable_at is None


def test_attempts_used_up_are_closed_when_met(world: World) -> None:
    used = world.company(status="retry", attempts=6, priority=5)
    fresh = world.company()
    assert world.next("agent1", MONDAY_10).company_id == fresh
    assert world.item(used).status == "done"


def test_scan_is_bounded_and_says_so(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queue, "MAX_SCAN", 12)
    evening_only = [{"windows": [{"from": "18:00", "to": "21:00"}]}]
    for _ in range(15):
        world.company(contacts=evening_only)
    empty = world.next("agent1", MONDAY_10)
    assert empty.company_id is None
    assert empty.why_empty is not None
    assert "Looked at 12 lead(s)" in empty.why_empty
    assert "Only the first 12 leads in line were checked" in empty.why_empty
    assert "outside the contact's calling window" in empty.why_empty


def test_unknown_campaign_and_agent(world: World) -> None:
    with world.db.session() as s, pytest.raises(UserError, match="Unknown campaign 'nope'"):
        next_lead(s, "nope", "agent1", MONDAY_10)
    with world.db.session() as s, pytest.raises(UserError, match="Unknown user 'ghost'"):
        next_lead(s, world.campaign_key, "ghost", MONDAY_10)


def test_inactive_campaign_is_empty_with_a_reason(tmp_path: Path) -> None:
    w = make_world(tmp_path, active=False)
    w.company()
    got = w.next("agent1", MONDAY_10)
    assert got.company_id is None
    assert got.why_empty == "Campaign 'kwal': the campaign is not active."
    w.db.dispose()


# ---- explain: the hand-checked cases --------------------------------------------------------


def _explain(world: World, company: uuid.UUID, at: dt.datetime, agent: str | None = None) -> Any:
    with world.db.read() as s:
        return explain(s, company, world.campaign_key, at, agent_username=agent)


def test_explain_b2b_evening(world: World) -> None:
    lead = world.company()
    why = _explain(world, lead, local(2026, 3, 6, 20, 15))  # a Friday
    assert not why.callable
    assert why.reasons == ["outside calling hours: 20:15 local, campaign 09:00–17:00"]
    assert why.next_callable_at == local(2026, 3, 9, 9)  # Monday 09:00


def test_explain_christmas(world: World) -> None:
    lead = world.company()
    why = _explain(world, lead, local(2026, 12, 25, 10))
    assert why.reasons == ["public holiday: Boże Narodzenie (pierwszy dzień)"]
    assert why.next_callable_at == local(2026, 12, 28, 9)


def test_explain_contact_window_before_18(tmp_path: Path) -> None:
    w = make_world(tmp_path, b2c=True)
    lead = w.company(
        contacts=[{"first_name": "Anna", "last_name": "Nowak", "windows": [{"to": "18:00"}]}]
    )
    why = _explain(w, lead, local(2026, 3, 2, 19))
    assert why.reasons == [
        "outside the contact's calling window: 19:00 local, Anna Nowak prefers before 18:00"
    ]
    assert why.next_callable_at == local(2026, 3, 3, 9)
    assert _explain(w, lead, local(2026, 3, 2, 17, 59)).callable
    w.db.dispose()


def test_explain_attempts_gap_and_lease(world: World) -> None:
    used = world.company(status="retry", attempts=6)
    why = _explain(world, used, MONDAY_10)
    assert why.reasons == ["max attempts reached (6/6)"]
    assert why.next_callable_at is None

    recent = world.company(
        status="retry", attempts=1, last_attempt_at=MONDAY_10 - dt.timedelta(minutes=40)
    )
    why = _explain(world, recent, MONDAY_10)
    assert why.reasons == ["last attempt 40 min ago, minimum gap 120 min"]
    assert why.next_callable_at == MONDAY_10 + dt.timedelta(minutes=80)

    today = world.company(status="retry", attempts=2, attempts_today=2, attempts_day="2026-03-02")
    why = _explain(world, today, MONDAY_10)
    assert why.reasons == ["max attempts today reached (2/2)"]
    assert why.next_callable_at == local(2026, 3, 3, 9)

    leased = world.company(priority=99)
    assert world.next("agent2", local(2026, 3, 2, 10, 5)).company_id == leased
    why = _explain(world, leased, local(2026, 3, 2, 10, 20))
    assert why.reasons == ["leased to agent2 until 10:35"]
    assert why.next_callable_at == local(2026, 3, 2, 10, 35)
    assert _explain(world, leased, local(2026, 3, 2, 10, 20), agent="agent2").callable


def test_explain_suppression_by_phone_in_any_formatting(world: World) -> None:
    lead = world.company(contacts=[{"mobile": "+48601234567"}])
    assert _explain(world, lead, MONDAY_10).callable
    world.suppress("phone", "tel. 601-234-567")
    why = _explain(world, lead, MONDAY_10)
    assert why.reasons == ["number on the do-not-call list"]
    assert why.next_callable_at is None


def test_explain_a_company_not_in_the_campaign(world: World) -> None:
    outsider = world.company(queued=False)
    with pytest.raises(UserError, match="not in the queue of campaign 'kwal'"):
        _explain(world, outsider, MONDAY_10)


# ---- leases under concurrency ----------------------------------------------------------------


def _race_worker(db_path: str, agents: Sequence[str], rounds: int, at: dt.datetime) -> list[Any]:
    """Separate engine (like a separate process or thread of the app): take a lead, close it."""
    from app.services.calls import log_call

    engine = create_sqlite_engine(db_path)
    db = Database(engine)
    taken = []
    try:
        for r in range(rounds):
            for agent in agents:
                with db.session() as s:
                    got = next_lead(s, "kwal", agent, at)
                if got.company_id is None:
                    continue
                taken.append((agent, str(got.company_id), r))
                with db.session() as s:
                    log_call(s, got.company_id, "kwal", agent, "refused", at=at)
    finally:
        engine.dispose()
    return taken


def test_threads_never_share_a_lead(world: World) -> None:
    for _ in range(40):
        world.company()
    path = str(world.db.engine.url.database)
    results: list[list[Any]] = [[] for _ in AGENTS]
    barrier = threading.Barrier(len(AGENTS))

    def run(i: int) -> None:
        barrier.wait()
        results[i] = _race_worker(path, [AGENTS[i]], 12, MONDAY_10)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(AGENTS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    taken = [company for res in results for _, company, _ in res]
    assert len(taken) == 40  # every lead handed out …
    assert len(set(taken)) == 40  # … exactly once


def test_one_lead_many_threads_exactly_one_winner(world: World) -> None:
    lead = world.company()
    path = str(world.db.engine.url.database)
    winners: list[Any] = []
    barrier = threading.Barrier(6)

    def run(i: int) -> None:
        engine = create_sqlite_engine(path)
        db = Database(engine)
        agent = AGENTS[i % len(AGENTS)] if i < len(AGENTS) else "supervisor"
        barrier.wait()
        with db.session() as s:
            got = next_lead(s, "kwal", agent, MONDAY_10)
        if got.company_id is not None:
            winners.append((agent, got.company_id))
        engine.dispose()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [c for _, c in winners] == [lead]


def test_processes_never_share_a_lead(world: World) -> None:
    for _ in range(30):
        world.company()
    path = str(world.db.engine.url.database)
    world.db.dispose()  # no SQLite connection may cross a fork
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(3) as pool:
        results = pool.starmap(
            _race_worker,
            [(path, [AGENTS[i]], 12, MONDAY_10) for i in range(3)],
        )
    taken = [company for res in results for _, company, _ in res]
    assert len(taken) == 30
    assert len(set(taken)) == 30
    with world.db.read() as s:
        assert s.scalar(select(func.count()).where(QueueItem.status == "done")) == 30


def test_paging_past_equal_due_times_finds_the_callable_lead(world: World) -> None:
    due = MONDAY_10 - dt.timedelta(hours=1)
    for _ in range(12):  # 04:00 in New York: outside hours, skipped but kept in line
        world.company(tz="America/New_York", status="retry", attempts=1, next_attempt_at=due)
    warsaw = world.company(status="retry", attempts=1, next_attempt_at=due)
    got = world.next("agent1", MONDAY_10)
    assert got.company_id == warsaw
    assert world.item(world.companies[0]).status == "retry"  # not closed, not rescheduled


def test_a_lead_held_back_by_its_contact_window_is_rescheduled(world: World) -> None:
    mornings = [{"windows": [{"from": "07:30", "to": "09:30"}]}]
    early = world.company(contacts=mornings, priority=5)
    other = world.company(priority=1)
    assert world.next("agent1", MONDAY_10).company_id == other
    item = world.item(early)
    assert item.status == "new"
    assert item.next_attempt_at == local(2026, 3, 3, 9)  # its next window within hours
    assert world.next("agent2", local(2026, 3, 3, 9, 10)).company_id == early


# ---- the same guarantees on PostgreSQL (the central server) ---------------------------------


@pytest.mark.postgres
def test_postgres_pick_order_explain_and_log(pg_world: World) -> None:
    w = pg_world
    at = MONDAY_10
    new = w.company(priority=5)
    retry = w.company(status="retry", attempts=1, next_attempt_at=at - dt.timedelta(hours=1))
    shared = w.company(status="callback", attempts=1)
    w.callback(shared, at - dt.timedelta(hours=2), owner=None)
    got = [w.next(agent, at) for agent in AGENTS[:4]]
    assert [(g.company_id, g.reason) for g in got] == [
        (shared, "callback"),
        (retry, "retry"),
        (new, "new"),
        (None, None),
    ]
    with w.db.read() as s:
        why = explain(s, new, w.campaign_key, at + dt.timedelta(minutes=5))
    assert why.reasons == ["leased to agent3 until 10:30"]
    from app.services.calls import log_call

    with w.db.session() as s:
        out = log_call(s, new, w.campaign_key, "agent3", "no_answer", at=at)
    assert out["queue"]["status"] == "retry"


@pytest.mark.postgres
def test_postgres_threads_never_share_a_lead(pg_world: World) -> None:
    for _ in range(25):
        pg_world.company()
    url = pg_world.db.engine.url.render_as_string(hide_password=False)
    taken: list[uuid.UUID] = []
    barrier = threading.Barrier(len(AGENTS))

    def run(agent: str) -> None:
        from app.services.calls import log_call

        engine = create_server_engine(url)
        db = Database(engine)
        barrier.wait()
        for _ in range(8):
            with db.session() as s:
                got = next_lead(s, "kwal", agent, MONDAY_10)
            if got.company_id is None:
                break
            taken.append(got.company_id)
            with db.session() as s:
                log_call(s, got.company_id, "kwal", agent, "refused", at=MONDAY_10)
        engine.dispose()

    threads = [threading.Thread(target=run, args=(a,)) for a in AGENTS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == 25
    assert len(set(taken)) == 25
