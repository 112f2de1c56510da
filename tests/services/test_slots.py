"""Territories and the slot finder: who covers a company, and which free slots it offers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import Database
from app.services import meetings as svc
from app.services import slots as sl
from app.services.meetings import NoTerritory
from app.services.slots import Location, Slot
from models import RepAbsence, SalesRep, new_id
from tests.services.test_meetings import (
    NOW,
    WARSAW,
    World,
    book,
    make_template,
    make_world,
    open_copy,
    req,
    warsaw,
)


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


def loc(voiv: str | None = None, postcode: str | None = None) -> Location:
    return Location(voiv, postcode, None, "Europe/Warsaw")


# ---- territory ---------------------------------------------------------------------------


def test_territory_by_voivodeship_or_postcode_prefix() -> None:
    terr = {"voivodeships": ["mazowieckie"], "postcode_prefixes": ["96-5", "05"]}
    assert sl.territory_match(terr, loc("mazowieckie", "00-950")) == "mazowieckie"
    assert sl.territory_match(terr, loc("lodzkie", "96-515")) == "postcode 96-5"
    assert sl.territory_match(terr, loc("lodzkie", "96515")) == "postcode 96-5"
    assert sl.territory_match(terr, loc("lodzkie", "96-400")) is None
    assert sl.territory_match(terr, loc(None, "05-500")) == "postcode 05"
    assert sl.territory_match({}, loc("mazowieckie")) is None
    assert sl.territory_match(terr, loc(None, None)) is None


def test_working_hours_are_parsed_or_refused() -> None:
    hours = sl.parse_working_hours({"0": [["08:00", "12:00"], ["13:00", "17:00"]], "4": []})
    assert hours[0] == ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
    assert hours[4] == ()
    assert sl.describe_hours(hours, 0) == "08:00–12:00, 13:00–17:00"
    assert sl.describe_hours(hours, 5) == "no working hours"
    with pytest.raises(ValueError, match="ends before"):
        sl.parse_working_hours({"1": [["16:00", "08:00"]]})
    with pytest.raises(ValueError, match="0..6"):
        sl.parse_working_hours({"7": [["08:00", "16:00"]]})


def test_balance_gives_each_rep_a_share_and_keeps_time_order() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    t0 = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)

    def slots(rep: uuid.UUID, code: str, hours: list[int]) -> list[Slot]:
        return [
            Slot(rep, code, code, t0 + dt.timedelta(hours=h), t0 + dt.timedelta(hours=h + 1))
            for h in hours
        ]

    busy_b = {a: slots(a, "A", [0, 1, 2, 3, 4, 5]), b: slots(b, "B", [30, 31, 32])}
    chosen = sl.balance(busy_b, 4, {})
    assert [s.rep_code for s in chosen] == ["A", "A", "B", "B"]
    # A rep with fewer free slots leaves its share to the other.
    short = {a: slots(a, "A", [0, 1, 2, 3, 4, 5]), b: slots(b, "B", [30])}
    assert [s.rep_code for s in sl.balance(short, 4, {})] == ["A", "A", "A", "B"]
    # Same time: the rep with fewer meetings first.
    tie = {a: slots(a, "A", [0]), b: slots(b, "B", [0])}
    assert [s.rep_code for s in sl.balance(tie, 2, {a: 5, b: 1})] == ["B", "A"]


# ---- the finder ---------------------------------------------------------------------------


def test_slots_earliest_first_inside_hours_and_in_company_time(
    sqlite_db: Database, world: World
) -> None:
    with sqlite_db.read() as s:
        found = svc.find_slots(s, world.warsaw_co, count=5, now=NOW)
    starts = [x.start for x in found.slots]
    # Now is Tue 09:12: with an hour's notice the first grid slot is 10:30, then one per
    # hour (proposals do not overlap).
    assert starts[0] == warsaw(2026, 10, 20, 10, 30)
    assert starts == sorted(starts)
    assert all(b.start >= a.end for a, b in zip(found.slots, found.slots[1:], strict=False))
    for x in found.slots:
        local = x.start.astimezone(WARSAW)
        assert dt.time(8) <= local.time()
        assert x.end.astimezone(WARSAW).time() <= dt.time(16)
    shown = found.as_dict()
    assert shown["slots"][0] == {
        "rep": str(world.rep_c),
        "rep_code": "REP-C",
        "rep_name": "Paweł Jankowski",
        "start": "2026-10-20T10:30:00+02:00",
        "end": "2026-10-20T11:30:00+02:00",
        "timezone": "Europe/Warsaw",
        "territory": "mazowieckie",
    }
    assert shown["reps"] == [
        {
            "rep": str(world.rep_c),
            "rep_code": "REP-C",
            "rep_name": "Paweł Jankowski",
            "territory": "mazowieckie",
        }
    ]


def test_slots_skip_meetings_with_buffer_absences_weekends_and_holidays(
    sqlite_db: Database, world: World
) -> None:
    book(sqlite_db, req(world, warsaw(2026, 11, 10, 8, 0)))  # 08:00-09:00, blocked to 09:30
    with sqlite_db.session() as s:
        s.add(
            RepAbsence(
                id=new_id(),
                rep_id=world.rep_c,
                start_at=warsaw(2026, 11, 12, 0, 0),
                end_at=warsaw(2026, 11, 13, 12, 0),
                reason="urlop",
            )
        )
    with sqlite_db.read() as s:
        found = svc.find_slots(
            s, world.warsaw_co, after=warsaw(2026, 11, 10, 8, 0), count=20, now=NOW
        )
    starts = [x.start.astimezone(WARSAW) for x in found.slots]
    assert starts[0] == dt.datetime(2026, 11, 10, 9, 30, tzinfo=WARSAW)
    days = {x.date() for x in starts}
    assert dt.date(2026, 11, 11) not in days  # Independence Day
    assert dt.date(2026, 11, 12) not in days  # away
    assert dt.date(2026, 11, 14) not in days  # Saturday
    assert dt.date(2026, 11, 15) not in days  # Sunday
    friday = [x for x in starts if x.date() == dt.date(2026, 11, 13)]
    assert friday[0].time() == dt.time(12, 0)  # back from the absence at noon


def test_slots_balanced_across_covering_reps(sqlite_db: Database, world: World) -> None:
    with sqlite_db.read() as s:
        found = svc.find_slots(s, world.suburb_co, count=6, now=NOW)
    codes = [x.rep_code for x in found.slots]
    assert codes.count("REP-C") == 3
    assert codes.count("REP-P") == 3
    assert [x.start for x in found.slots] == sorted(x.start for x in found.slots)
    territories = {x.rep_code: x.territory for x in found.slots}
    assert territories == {"REP-C": "mazowieckie", "REP-P": "postcode 05"}


def test_slots_after_the_october_dst_change_are_at_local_hours(
    sqlite_db: Database, world: World
) -> None:
    with sqlite_db.read() as s:
        found = svc.find_slots(
            s, world.warsaw_co, after=warsaw(2026, 10, 24, 0, 0), count=1, now=NOW
        )
    (first,) = found.slots
    assert first.start == dt.datetime(2026, 10, 26, 7, 0, tzinfo=dt.UTC)  # 08:00 CET
    assert first.as_dict("Europe/Warsaw")["start"] == "2026-10-26T08:00:00+01:00"


def test_rep_in_another_time_zone_and_company_local_display(
    sqlite_db: Database, world: World
) -> None:
    with sqlite_db.session() as s:
        s.add(
            SalesRep(
                id=new_id(),
                code="REP-UK",
                full_name="John Smith",
                timezone="Europe/London",
                territory={"voivodeships": ["malopolskie"]},
                working_hours={"0": [["09:00", "10:00"]]},
                meeting_minutes=60,
                buffer_minutes=0,
            )
        )
    with sqlite_db.read() as s:
        found = svc.find_slots(
            s, world.krakow_co, after=warsaw(2026, 10, 26, 0, 0), count=2, now=NOW
        )
    uk = next(x for x in found.slots if x.rep_code == "REP-UK")
    # 09:00 in London on Monday 26 October is 10:00 in Warsaw.
    assert uk.as_dict("Europe/Warsaw")["start"] == "2026-10-26T10:00:00+01:00"


def test_no_territory_names_a_supervisor(sqlite_db: Database, world: World) -> None:
    with sqlite_db.read() as s, pytest.raises(NoTerritory) as err:
        svc.find_slots(s, world.opole_co, now=NOW)
    assert "Ewa Zielińska" in err.value.message
    assert err.value.supervisor in ("Ewa Zielińska or Jan Kowal", "Ewa Zielińska")


def test_count_is_checked(sqlite_db: Database, world: World) -> None:
    with sqlite_db.read() as s, pytest.raises(svc.UserError, match="between 1 and 200"):
        svc.find_slots(s, world.warsaw_co, count=0, now=NOW)


def test_a_fully_booked_fortnight_moves_the_search_on(sqlite_db: Database, world: World) -> None:
    day = dt.date(2026, 10, 21)
    with sqlite_db.session() as s:
        s.add(
            RepAbsence(
                id=new_id(),
                rep_id=world.rep_c,
                start_at=NOW,
                end_at=warsaw(2026, 11, 20, 0, 0),
                reason="urlop",
            )
        )
    with sqlite_db.read() as s:
        found = svc.find_slots(s, world.warsaw_co, count=3, now=NOW)
    assert found.slots[0].start == warsaw(2026, 11, 20, 8, 0)
    assert day < found.slots[0].start.date()
