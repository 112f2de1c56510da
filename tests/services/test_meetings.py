"""Booking meetings: confirmed / conflict / tentative, refusals with reasons and
alternatives, offline confirmation and reschedule tasks, statuses with history,
outcomes and the meetings-held rate, the rep brief.

``build_world`` and the ``world`` fixture are shared with the other meetings tests.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database, create_sqlite_engine
from app.errors import NotFound, UserError
from app.services import meeting_records as records
from app.services import meetings as svc
from app.services.meetings import BookingMode, BookingRefused, BookingRequest, NoTerritory
from app.services.rep_brief import brief_html, brief_text, build_brief
from models import (
    Callback,
    CallbackStatus,
    Campaign,
    CampaignType,
    Company,
    Contact,
    FieldDefinition,
    FieldValue,
    OutboxMutation,
    PhoneNumber,
    RepAbsence,
    Role,
    SalesRep,
    User,
    migrate,
    new_id,
)
from models.meetings import Meeting, MeetingEvent, MeetingStatus, MeetingTask

WARSAW = ZoneInfo("Europe/Warsaw")
# Tuesday 20 October 2026, 09:12 in Warsaw (summer time; the clocks go back on Sunday 25th).
NOW = dt.datetime(2026, 10, 20, 9, 12, tzinfo=WARSAW).astimezone(dt.UTC)


def warsaw(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WARSAW).astimezone(dt.UTC)  # type: ignore[misc]


@dataclass
class World:
    agent: uuid.UUID
    agent2: uuid.UUID
    campaign: uuid.UUID
    warsaw_co: uuid.UUID  # mazowieckie, 00-950: REP-C only
    suburb_co: uuid.UUID  # mazowieckie, 05-500: REP-C and REP-P (postcode 05)
    krakow_co: uuid.UUID  # malopolskie: REP-S
    opole_co: uuid.UUID  # opolskie: nobody
    contact: uuid.UUID
    rep_c: uuid.UUID
    rep_p: uuid.UUID
    rep_s: uuid.UUID


def _hours() -> dict[str, list[list[str]]]:
    return {str(d): [["08:00", "16:00"]] for d in range(5)}


def build_world(session: Session) -> World:
    """Three reps, four companies, two agents, one campaign, a few qualification fields."""
    agent = User(id=new_id(), username="anna", full_name="Anna Nowak", role=Role.AGENT)
    agent2 = User(id=new_id(), username="bartek", full_name="Bartosz Wiśniewski", role=Role.AGENT)
    boss = User(id=new_id(), username="ewa", full_name="Ewa Zielińska", role=Role.SUPERVISOR)
    campaign = Campaign(
        id=new_id(), key="fitd", name="Foot In The Door", type=CampaignType.FOOT_IN_THE_DOOR
    )
    reps = [
        SalesRep(
            id=new_id(),
            code="REP-C",
            full_name="Paweł Jankowski",
            territory={"voivodeships": ["mazowieckie", "lodzkie"], "postcode_prefixes": []},
            working_hours=_hours(),
            meeting_minutes=60,
            buffer_minutes=30,
            supervisor="Ewa Zielińska",
            email="pawel.jankowski@oponex.pl",
        ),
        SalesRep(
            id=new_id(),
            code="REP-P",
            full_name="Marta Lis",
            territory={"voivodeships": [], "postcode_prefixes": ["05"]},
            working_hours=_hours(),
            meeting_minutes=60,
            buffer_minutes=30,
            supervisor="Ewa Zielińska",
        ),
        SalesRep(
            id=new_id(),
            code="REP-S",
            full_name="Łukasz Grabowski",
            territory={"voivodeships": ["slaskie", "malopolskie"]},
            working_hours=_hours(),
            meeting_minutes=90,
            buffer_minutes=45,
            supervisor="Jan Kowal",
        ),
    ]

    def company(name: str, voiv: str, postcode: str, city: str) -> Company:
        return Company(
            id=new_id(),
            name=name,
            name_key=name.lower(),
            voivodeship=voiv,
            postcode=postcode,
            city=city,
            street="ul. Marszałkowska",
            building="10",
            phone="+48221234567",
        )

    cos = [
        company("Trans-Pol Sp. z o.o.", "mazowieckie", "00-950", "Warszawa"),
        company("Piaseczno Logistyka", "mazowieckie", "05-500", "Piaseczno"),
        company("Kraków Cargo", "malopolskie", "30-001", "Kraków"),
        company("Opole Bus", "opolskie", "45-001", "Opole"),
    ]
    session.add_all([agent, agent2, boss, campaign, *reps, *cos])
    session.flush()
    contact = Contact(
        id=new_id(),
        company_id=cos[0].id,
        first_name="Jan",
        last_name="Kowalski",
        role="fleet_manager",
        is_decision_maker=True,
        email="jan@transpol.pl",
    )
    session.add(contact)
    session.flush()
    session.add(
        PhoneNumber(
            id=new_id(),
            company_id=cos[0].id,
            contact_id=contact.id,
            e164="+48601234567",
            kind="mobile",
        )
    )
    session.add_all(
        [
            FieldDefinition(
                id=new_id(),
                key="fleet_trucks",
                group="fleet",
                type="int",
                label_pl="Samochody ciężarowe",
                label_en="Trucks",
                position=1,
            ),
            FieldDefinition(
                id=new_id(),
                key="tyre_brand",
                group="purchasing",
                type="choice",
                label_pl="Marka opon",
                label_en="Tyre brand",
                position=2,
                choices=[
                    {"value": "michelin", "label_pl": "Michelin", "label_en": "Michelin"},
                    {"value": "other", "label_pl": "Inna", "label_en": "Other"},
                ],
            ),
            FieldDefinition(
                id=new_id(),
                key="marketing_consent",
                group="consent",
                type="bool",
                label_pl="Zgoda marketingowa",
                label_en="Marketing consent",
                position=3,
            ),
        ]
    )
    session.flush()
    session.add_all(
        [
            FieldValue(id=new_id(), company_id=cos[0].id, field_key="fleet_trucks", value=42),
            FieldValue(id=new_id(), company_id=cos[0].id, field_key="tyre_brand", value="michelin"),
            FieldValue(
                id=new_id(), company_id=cos[0].id, field_key="marketing_consent", value=True
            ),
        ]
    )
    session.flush()
    return World(
        agent.id,
        agent2.id,
        campaign.id,
        cos[0].id,
        cos[1].id,
        cos[2].id,
        cos[3].id,
        contact.id,
        reps[0].id,
        reps[1].id,
        reps[2].id,
    )


def make_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty SQLite database, to be copied for every test (migrating is slow)."""
    path = tmp_path_factory.mktemp("meetings-template") / "empty.sqlite3"
    engine = create_sqlite_engine(path)
    migrate.upgrade(engine)
    engine.dispose()
    return path


def open_copy(template: Path, folder: Path) -> Database:
    path = folder / "meetings.sqlite3"
    shutil.copy(template, path)
    return Database(create_sqlite_engine(path))


def make_world(db: Database) -> World:
    with db.session() as s:
        return build_world(s)


# The other meetings test modules declare the same three fixtures with these helpers.
@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory)


@pytest.fixture
def sqlite_db(migrated_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_copy(migrated_template, tmp_path)
    yield db
    db.dispose()


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def req(
    w: World,
    start: dt.datetime,
    rep: uuid.UUID | str | None = None,
    company: uuid.UUID | None = None,
    **kw: object,
) -> BookingRequest:
    return BookingRequest(
        company_id=company or w.warsaw_co,
        rep=rep or w.rep_c,
        start=start,
        booked_by=w.agent,
        campaign_id=w.campaign,
        **kw,
    )  # type: ignore[arg-type]


def book(
    db: Database,
    request: BookingRequest,
    mode: BookingMode = BookingMode.LOCAL,
    now: dt.datetime = NOW,
) -> svc.BookingResult:
    with db.session() as s:
        return svc.book(s, request, mode=mode, now=now)


# ---- booking ------------------------------------------------------------------------------


def test_booking_a_free_slot_confirms_it_with_history_and_outbox(
    sqlite_db: Database, world: World
) -> None:
    res = book(
        sqlite_db,
        req(
            world,
            warsaw(2026, 10, 21, 10, 0),
            offer="Opony zimowe -10%",
            notes="Prosi o katalog",
            contact_id=world.contact,
        ),
    )
    assert res.status is MeetingStatus.CONFIRMED
    assert res.meeting_id is not None
    with sqlite_db.read() as s:
        m = s.get(Meeting, res.meeting_id)
        assert m is not None
        assert m.start_at == warsaw(2026, 10, 21, 10, 0)
        assert m.end_at == warsaw(2026, 10, 21, 11, 0)
        assert m.blocked_until == warsaw(2026, 10, 21, 11, 30)  # 30 min travel buffer
        assert m.place == "ul. Marszałkowska 10, 00-950 Warszawa"
        assert [e["to"] for e in records.history(s, m.id)] == ["confirmed"]
        assert records.history(s, m.id)[0]["by"] == "Anna Nowak"
        entities = s.scalars(select(OutboxMutation.entity).order_by(OutboxMutation.seq)).all()
        assert entities == ["meetings", "meeting_events"]
    assert res.as_dict()["start"] == "2026-10-21T10:00:00+02:00"


def test_server_mode_writes_no_outbox(sqlite_db: Database, world: World) -> None:
    res = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0)), BookingMode.SERVER)
    assert res.status is MeetingStatus.CONFIRMED
    with sqlite_db.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMutation)) == 0


def test_overlap_and_buffer_give_a_conflict_with_alternatives(
    sqlite_db: Database, world: World
) -> None:
    assert book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0))).status is (
        MeetingStatus.CONFIRMED
    )
    clash = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 30)))
    assert clash.status is MeetingStatus.CONFLICT
    assert clash.meeting_id is None
    assert "already has a meeting" in (clash.reason or "")
    # Ends at 11:00 + 30 min buffer: 11:15 is still blocked, 11:30 is free.
    assert book(sqlite_db, req(world, warsaw(2026, 10, 21, 11, 15))).status is (
        MeetingStatus.CONFLICT
    )
    # Before it: 08:45–09:45 plus 30 minutes of travel reaches past 10:00; 08:30 does not.
    assert book(sqlite_db, req(world, warsaw(2026, 10, 21, 8, 45))).status is (
        MeetingStatus.CONFLICT
    )
    starts = [s.start for s in clash.alternatives]
    assert starts == sorted(starts)
    assert len(clash.alternatives) == svc.ALTERNATIVES
    assert all(s.rep_code == "REP-C" for s in clash.alternatives)  # the only rep there
    assert warsaw(2026, 10, 21, 11, 30) in starts
    assert warsaw(2026, 10, 21, 10, 0) not in starts
    assert book(sqlite_db, req(world, warsaw(2026, 10, 21, 11, 30))).status is (
        MeetingStatus.CONFIRMED
    )
    assert book(sqlite_db, req(world, warsaw(2026, 10, 21, 8, 30))).status is (
        MeetingStatus.CONFIRMED
    )


def test_alternatives_include_other_covering_reps(sqlite_db: Database, world: World) -> None:
    first = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), company=world.suburb_co))
    assert first.status is MeetingStatus.CONFIRMED
    clash = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), company=world.suburb_co))
    assert clash.status is MeetingStatus.CONFLICT
    assert {s.rep_code for s in clash.alternatives} == {"REP-C", "REP-P"}
    assert any(
        s.rep_code == "REP-P" and s.start == warsaw(2026, 10, 21, 10, 0) for s in clash.alternatives
    )


@pytest.mark.parametrize(
    ("start", "code", "words"),
    [
        (warsaw(2026, 10, 19, 10, 0), "past", "in the past"),
        (warsaw(2026, 10, 21, 7, 0), "hours", "outside Paweł Jankowski's working hours"),
        (warsaw(2026, 10, 21, 15, 30), "hours", "08:00–16:00"),  # would end 16:30
        (warsaw(2026, 10, 24, 10, 0), "hours", "no working hours"),  # Saturday
        (warsaw(2026, 11, 11, 10, 0), "holiday", "Narodowe Święto Niepodległości"),
    ],
)
def test_refusals_say_why_and_offer_alternatives(
    sqlite_db: Database, world: World, start: dt.datetime, code: str, words: str
) -> None:
    with pytest.raises(BookingRefused) as err:
        book(sqlite_db, req(world, start))
    assert err.value.code == code
    assert words in err.value.message
    assert err.value.alternatives
    assert all(a.start >= NOW for a in err.value.alternatives)
    assert err.value.as_dict()["alternatives"][0]["rep_name"] == "Paweł Jankowski"
    with sqlite_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 0


def test_absence_is_refused(sqlite_db: Database, world: World) -> None:
    with sqlite_db.session() as s:
        s.add(
            RepAbsence(
                id=new_id(),
                rep_id=world.rep_c,
                start_at=warsaw(2026, 10, 22, 0, 0),
                end_at=warsaw(2026, 10, 23, 0, 0),
                reason="szkolenie",
            )
        )
    with pytest.raises(BookingRefused) as err:
        book(sqlite_db, req(world, warsaw(2026, 10, 22, 10, 0)))
    assert err.value.code == "absence"
    assert "szkolenie" in err.value.message
    assert all(
        a.start.astimezone(WARSAW).date() != dt.date(2026, 10, 22) for a in err.value.alternatives
    )


def test_rep_outside_territory_is_refused_naming_who_covers(
    sqlite_db: Database, world: World
) -> None:
    with pytest.raises(BookingRefused) as err:
        book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), rep="REP-S"))
    assert err.value.code == "territory"
    assert "REP-C (Paweł Jankowski)" in err.value.message
    assert {a.rep_code for a in err.value.alternatives} == {"REP-C"}


def test_address_no_territory_covers_names_the_supervisor(
    sqlite_db: Database, world: World
) -> None:
    with pytest.raises(NoTerritory) as err:
        book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), company=world.opole_co))
    assert "Ewa Zielińska" in err.value.message
    assert "finish the call" in err.value.message
    assert err.value.code == "no_territory"


def test_unknown_rep_and_company(sqlite_db: Database, world: World) -> None:
    with pytest.raises(NotFound, match="REP-C, REP-P, REP-S"):
        book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), rep="REP-X"))
    with pytest.raises(NotFound):
        book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), company=uuid.uuid4()))


def test_meeting_length_is_bounded(sqlite_db: Database, world: World) -> None:
    with pytest.raises(BookingRefused, match="15 to 600 minutes"):
        book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), minutes=5))
    res = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), minutes=120))
    assert res.end == warsaw(2026, 10, 21, 12, 0)


def test_retried_booking_with_the_same_id_books_once(sqlite_db: Database, world: World) -> None:
    mid = new_id()
    a = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), meeting_id=mid))
    b = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), meeting_id=mid))
    assert a.meeting_id == b.meeting_id == mid
    assert b.status is MeetingStatus.CONFIRMED
    with sqlite_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 1


def test_dst_booking_made_in_summer_time_for_after_the_change(
    sqlite_db: Database, world: World
) -> None:
    # Booked on 20 Oct (UTC+2) for Monday 26 Oct 10:00, after the clocks went back (UTC+1).
    start = svc.parse_time("2026-10-26T10:00")
    assert start == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)
    res = book(sqlite_db, req(world, start))
    assert res.status is MeetingStatus.CONFIRMED
    assert res.as_dict()["start"] == "2026-10-26T10:00:00+01:00"
    # 15:00 local still fits the 16:00 close on the day after the change...
    assert book(sqlite_db, req(world, svc.parse_time("2026-10-26T15:00"))).status is (
        MeetingStatus.CONFIRMED
    )
    # ...and 07:30 local (06:30 UTC, which would be 08:30 in summer time) does not.
    with pytest.raises(BookingRefused) as err:
        book(sqlite_db, req(world, svc.parse_time("2026-10-26T07:30")))
    assert err.value.code == "hours"


def test_parse_time() -> None:
    assert svc.parse_time("2026-01-15T10:00") == dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
    assert svc.parse_time("2026-07-15T10:00Z") == dt.datetime(2026, 7, 15, 10, tzinfo=dt.UTC)
    with pytest.raises(UserError, match="ISO 8601"):
        svc.parse_time("tomorrow")
    with pytest.raises(UserError, match="skip"):
        svc.parse_time("2026-03-29T02:30")


# ---- offline booking and its confirmation --------------------------------------------------


def test_offline_bookings_from_two_laptops_one_confirmed_one_conflict(
    migrated_template: Path, tmp_path: Path, sqlite_db: Database, world: World
) -> None:
    """Two laptops (copies of the same data) book the same slot off line; the server
    receives both (as sync would insert them) and resolves them in receive order."""
    laptops = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite3"
        with sqlite_db.engine.connect() as conn:
            conn.exec_driver_sql(f"VACUUM INTO '{path}'")
        laptops.append(Database(create_sqlite_engine(path)))
    slot = warsaw(2026, 10, 22, 9, 0)
    ra = book(laptops[0], req(world, slot), BookingMode.OFFLINE)
    rb = book(
        laptops[1],
        BookingRequest(
            company_id=world.suburb_co,
            rep=world.rep_c,
            start=slot,
            booked_by=world.agent2,
            campaign_id=world.campaign,
        ),
        BookingMode.OFFLINE,
    )
    assert ra.status is rb.status is MeetingStatus.TENTATIVE
    # "sync push": copy both tentative rows to the server.
    for laptop, res in zip(laptops, (ra, rb), strict=True):
        with laptop.read() as ls:
            m = ls.get(Meeting, res.meeting_id)
            assert m is not None
            fields = {c: getattr(m, c) for c in Meeting.__table__.columns.keys()}  # noqa: SIM118
        with sqlite_db.session() as s:
            s.add(Meeting(**fields))
        laptop.dispose()
    with sqlite_db.session() as s:
        first = svc.resolve_tentative(s, ra.meeting_id, now=NOW)  # type: ignore[arg-type]
    with sqlite_db.session() as s:
        second = svc.resolve_tentative(s, rb.meeting_id, now=NOW)  # type: ignore[arg-type]
    assert first.status is MeetingStatus.CONFIRMED
    assert second.status is MeetingStatus.CONFLICT
    assert second.alternatives
    assert second.task_id is not None
    with sqlite_db.read() as s:
        task = s.get(MeetingTask, second.task_id)
        assert task is not None
        assert task.agent_id == world.agent2
        assert task.alternatives[0]["rep_name"]
        cb = s.get(Callback, task.callback_id)
        assert cb is not None
        assert cb.owner_id == world.agent2  # personal: first in the agent's queue
        assert cb.due_at <= NOW
        assert cb.status is CallbackStatus.PENDING
        assert "Przełóż spotkanie" in (cb.note or "")
        assert [t["meeting_id"] for t in records.open_tasks(s, world.agent2)] == [
            str(rb.meeting_id)
        ]
        loser = s.get(Meeting, rb.meeting_id)
        assert loser is not None
        assert loser.status is MeetingStatus.CONFLICT
        assert loser.sequence == 1
    # Resolving again changes nothing.
    with sqlite_db.session() as s:
        again = svc.resolve_tentative(s, rb.meeting_id, now=NOW)  # type: ignore[arg-type]
    assert again.status is MeetingStatus.CONFLICT
    assert again.task_id == second.task_id
    # The agent reschedules into an alternative: the task and its callback close.
    alt = second.alternatives[0]
    with sqlite_db.session() as s:
        moved = records.reschedule(
            s,
            rb.meeting_id,
            alt.start,
            rep=alt.rep_id,  # type: ignore[arg-type]
            actor_id=world.agent2,
            now=NOW,
            mode=BookingMode.SERVER,
        )
    assert moved.status is MeetingStatus.CONFIRMED
    with sqlite_db.read() as s:
        assert records.open_tasks(s, world.agent2) == []
        cb = s.get(Callback, task.callback_id)
        assert cb is not None
        assert cb.status is CallbackStatus.DONE
        new = s.get(Meeting, moved.meeting_id)
        assert new is not None
        assert new.replaces_id == rb.meeting_id
        old = s.get(Meeting, rb.meeting_id)
        assert old is not None
        assert old.status is MeetingStatus.RESCHEDULED


def test_offline_booking_refuses_a_slot_the_laptop_knows_is_taken(
    sqlite_db: Database, world: World
) -> None:
    assert book(sqlite_db, req(world, warsaw(2026, 10, 22, 9, 0)), BookingMode.OFFLINE).status is (
        MeetingStatus.TENTATIVE
    )
    again = book(sqlite_db, req(world, warsaw(2026, 10, 22, 9, 0)), BookingMode.OFFLINE)
    assert again.status is MeetingStatus.CONFLICT


def test_tentative_that_arrives_too_late_is_a_conflict(sqlite_db: Database, world: World) -> None:
    res = book(sqlite_db, req(world, warsaw(2026, 10, 21, 9, 0)), BookingMode.OFFLINE)
    with sqlite_db.session() as s:
        late = svc.resolve_tentative(
            s,
            res.meeting_id,  # type: ignore[arg-type]
            now=warsaw(2026, 10, 21, 12, 0),
        )
    assert late.status is MeetingStatus.CONFLICT
    assert "in the past" in (late.reason or "")


# ---- statuses and outcomes -----------------------------------------------------------------


def test_statuses_outcomes_and_the_held_rate(sqlite_db: Database, world: World) -> None:
    ids = []
    for day in (21, 22, 23):
        r = book(sqlite_db, req(world, warsaw(2026, 10, day, 10, 0)))
        ids.append(r.meeting_id)
    later = warsaw(2026, 10, 30, 12, 0)
    with sqlite_db.session() as s, pytest.raises(BookingRefused, match="after it"):
        records.record_outcome(s, ids[0], "held", now=NOW)  # type: ignore[arg-type]
    with sqlite_db.session() as s:
        records.record_outcome(
            s,
            ids[0],
            "held",
            notes="Zamówienie 40 opon",  # type: ignore[arg-type]
            actor_id=world.agent,
            now=later,
        )
        records.record_outcome(s, ids[1], "no_show", actor_id=world.agent, now=later)  # type: ignore[arg-type]
        records.cancel(s, ids[2], actor_id=world.agent, note="Klient odwołał", now=NOW)  # type: ignore[arg-type]
    with sqlite_db.session() as s:
        with pytest.raises(UserError, match="'held' or 'no_show'"):
            records.record_outcome(s, ids[0], "maybe", now=later)  # type: ignore[arg-type]
        with pytest.raises(BookingRefused, match="cancelled meeting cannot become held"):
            records.record_outcome(s, ids[2], "held", now=later)  # type: ignore[arg-type]
    with sqlite_db.read() as s:
        kpi = records.held_kpi(s, campaign_id=world.campaign, now=later)
        assert kpi["held"] == 1
        assert kpi["no_show"] == 1
        assert kpi["cancelled"] == 1
        assert kpi["held_rate"] == 0.5
        hist = records.history(s, ids[0])  # type: ignore[arg-type]
        assert [(h["kind"], h["from"], h["to"]) for h in hist] == [
            ("booked", None, "confirmed"),
            ("outcome", "confirmed", "held"),
        ]
        assert hist[1]["note"] == "Zamówienie 40 opon"
        m = s.get(Meeting, ids[2])
        assert m is not None
        assert m.sequence == 1
    # A correction: no_show → held, and the cancelled slot is free again.
    with sqlite_db.session() as s:
        records.record_outcome(s, ids[1], "held", notes="Jednak się odbyło", now=later)  # type: ignore[arg-type]
    with sqlite_db.read() as s:
        assert records.held_kpi(s, now=later)["held_rate"] == 1.0
    assert book(sqlite_db, req(world, warsaw(2026, 10, 23, 10, 0))).status is (
        MeetingStatus.CONFIRMED
    )


def test_reschedule_to_an_overlapping_time_of_the_same_rep(
    sqlite_db: Database, world: World
) -> None:
    r = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0)))
    with sqlite_db.session() as s:
        moved = records.reschedule(
            s,
            r.meeting_id,
            warsaw(2026, 10, 21, 10, 30),  # type: ignore[arg-type]
            actor_id=world.agent,
            now=NOW,
        )
    assert moved.status is MeetingStatus.CONFIRMED
    with sqlite_db.read() as s:
        statuses = dict(s.execute(select(Meeting.id, Meeting.status)).all())
        assert statuses == {
            r.meeting_id: MeetingStatus.RESCHEDULED,
            moved.meeting_id: MeetingStatus.CONFIRMED,
        }
        events = s.scalars(
            select(MeetingEvent.to_status)
            .where(MeetingEvent.meeting_id == r.meeting_id)
            .order_by(MeetingEvent.at)
        ).all()
        assert events == ["confirmed", "rescheduled"]


def test_failed_reschedule_changes_nothing(sqlite_db: Database, world: World) -> None:
    a = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0)))
    book(sqlite_db, req(world, warsaw(2026, 10, 22, 10, 0)))
    with sqlite_db.session() as s:
        res = records.reschedule(s, a.meeting_id, warsaw(2026, 10, 22, 10, 0), now=NOW)  # type: ignore[arg-type]
    assert res.status is MeetingStatus.CONFLICT
    with sqlite_db.session() as s, pytest.raises(BookingRefused):
        records.reschedule(s, a.meeting_id, warsaw(2026, 10, 24, 10, 0), now=NOW)  # type: ignore[arg-type]
    with sqlite_db.read() as s:
        m = s.get(Meeting, a.meeting_id)
        assert m is not None
        assert m.status is MeetingStatus.CONFIRMED
        assert s.scalar(select(func.count()).select_from(Meeting)) == 2


def test_rep_agenda_shows_meetings_free_time_and_holidays(
    sqlite_db: Database, world: World
) -> None:
    book(sqlite_db, req(world, warsaw(2026, 11, 10, 10, 0)))
    with sqlite_db.read() as s:
        agenda = records.rep_agenda(
            s, "REP-C", warsaw(2026, 11, 10, 0, 0), warsaw(2026, 11, 12, 0, 0)
        )
    assert [m["start"] for m in agenda["meetings"]] == ["2026-11-10T10:00:00+01:00"]
    assert agenda["free"] == [
        {"start": "2026-11-10T08:00:00+01:00", "end": "2026-11-10T10:00:00+01:00"},
        {"start": "2026-11-10T11:30:00+01:00", "end": "2026-11-10T16:00:00+01:00"},
    ]
    assert agenda["holidays"][0]["date"] == "2026-11-11"
    assert agenda["meetings"][0]["booked_by"] == "Anna Nowak"
    assert agenda["meetings"][0]["company"]["name"] == "Trans-Pol Sp. z o.o."
    with sqlite_db.read() as s:
        assert [r["code"] for r in records.list_reps(s, "mazowieckie")] == ["REP-C"]
        assert [r["code"] for r in records.list_reps(s)] == ["REP-C", "REP-P", "REP-S"]


# ---- the rep brief -------------------------------------------------------------------------


def test_rep_brief_has_address_decision_maker_answers_offer_and_notes(
    sqlite_db: Database, world: World
) -> None:
    res = book(
        sqlite_db,
        req(
            world,
            warsaw(2026, 10, 21, 10, 0),
            offer="Opony zimowe -10%",
            notes="Prosi o katalog",
            contact_id=world.contact,
            directions="Wjazd od ul. Złotej, portiernia",
        ),
    )
    with sqlite_db.read() as s:
        brief = build_brief(s, res.meeting_id)  # type: ignore[arg-type]
    assert brief["company"]["address"] == "ul. Marszałkowska 10, 00-950 Warszawa"
    assert brief["directions"] == "Wjazd od ul. Złotej, portiernia"
    assert brief["decision_maker"]["name"] == "Jan Kowalski"
    assert brief["decision_maker"]["role"] == "kierownik floty"
    assert brief["decision_maker"]["phones"] == ["+48601234567"]
    answers = {a["label"]: a["value"] for g in brief["qualification"] for a in g["answers"]}
    assert answers == {"Samochody ciężarowe": "42", "Marka opon": "Michelin"}  # no consent
    assert brief["offer"] == "Opony zimowe -10%"
    assert brief["agent_notes"] == "Prosi o katalog"
    assert brief["meeting"]["start_local"] == "2026-10-21 10:00"
    text = brief_text(brief)
    for bit in (
        "Trans-Pol",
        "Jan Kowalski",
        "Michelin",
        "Opony zimowe -10%",
        "Prosi o katalog",
        "Wjazd od ul. Złotej",
    ):
        assert bit in text
    html = brief_html(brief)
    assert "<h1>" in html
    assert "Trans-Pol Sp. z o.o." in html
    with sqlite_db.read() as s:
        en = build_brief(s, res.meeting_id, lang="en")  # type: ignore[arg-type]
    assert en["decision_maker"]["role"] == "fleet manager"
    assert "Trucks" in brief_text(en)


def test_brief_escapes_html(sqlite_db: Database, world: World) -> None:
    res = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0), notes="<script>x</script>"))
    with sqlite_db.read() as s:
        html = brief_html(build_brief(s, res.meeting_id))  # type: ignore[arg-type]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_meetings_show_on_the_company_history(sqlite_db: Database, world: World) -> None:
    from app.services.companies import company_card

    res = book(sqlite_db, req(world, warsaw(2026, 10, 21, 10, 0)))
    with sqlite_db.read() as s:
        card = company_card(s, world.warsaw_co)
    assert any(h["kind"] == "meeting" and h["id"] == str(res.meeting_id) for h in card["history"])
