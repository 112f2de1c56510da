"""ICS export: stable UIDs, the right hour across a DST change, cancellations, sequences,
one meeting alone or a rep's feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from app.db import Database
from app.services import ics
from app.services import meeting_records as records
from models.meetings import MeetingStatus
from tests.services.test_meetings import (
    NOW,
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


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_uid_is_stable_and_time_zone_is_right_across_dst(sqlite_db: Database, world: World) -> None:
    summer = book(sqlite_db, req(world, warsaw(2026, 10, 23, 10, 0)))  # Fri, UTC+2
    winter = book(sqlite_db, req(world, warsaw(2026, 10, 26, 10, 0)))  # Mon, UTC+1
    with sqlite_db.read() as s:
        first, _ = ics.feed(s, "REP-C", now=NOW)
        second, info = ics.feed(s, "REP-C", now=NOW + dt.timedelta(days=3))
    assert info == {"meetings": 2, "rep": "REP-C"}
    assert (
        set(events(first))
        == set(events(second))
        == {f"{summer.meeting_id}@prospector", f"{winter.meeting_id}@prospector"}
    )
    text = first.decode()
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:Europe/Warsaw" in text
    assert "DTSTART;TZID=Europe/Warsaw:20261023T100000" in text
    assert "DTSTART;TZID=Europe/Warsaw:20261026T100000" in text
    ev = events(first)[f"{winter.meeting_id}@prospector"]
    start = ev.decoded("DTSTART")
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)
    assert ev["STATUS"] == "CONFIRMED"
    assert ev.decoded("SEQUENCE") == 0
    assert "Trans-Pol" in str(ev["SUMMARY"])
    assert str(ev["LOCATION"]) == "ul. Marszałkowska 10, 00-950 Warszawa"


def test_cancellation_is_exported_cancelled_with_a_higher_sequence(
    sqlite_db: Database, world: World
) -> None:
    res = book(sqlite_db, req(world, warsaw(2026, 10, 23, 10, 0)))
    with sqlite_db.session() as s:
        records.cancel(s, res.meeting_id, now=NOW)  # type: ignore[arg-type]
        data = ics.meeting_ics(s, res.meeting_id, now=NOW)  # type: ignore[arg-type]
    ev = events(data)[f"{res.meeting_id}@prospector"]
    assert ev["STATUS"] == "CANCELLED"
    assert ev.decoded("SEQUENCE") == 1
    assert ev["TRANSP"] == "TRANSPARENT"


def test_tentative_and_rescheduled(sqlite_db: Database, world: World) -> None:
    from app.services.meetings import BookingMode

    tentative = book(sqlite_db, req(world, warsaw(2026, 10, 22, 9, 0)), BookingMode.OFFLINE)
    res = book(sqlite_db, req(world, warsaw(2026, 10, 23, 10, 0)))
    with sqlite_db.session() as s:
        moved = records.reschedule(
            s,
            res.meeting_id,
            warsaw(2026, 10, 27, 10, 0),  # type: ignore[arg-type]
            now=NOW,
        )
    assert moved.status is MeetingStatus.CONFIRMED
    with sqlite_db.read() as s:
        data, info = ics.feed(s, now=NOW)
    evs = events(data)
    assert info["meetings"] == 3
    assert evs[f"{tentative.meeting_id}@prospector"]["STATUS"] == "TENTATIVE"
    assert evs[f"{res.meeting_id}@prospector"]["STATUS"] == "CANCELLED"
    assert evs[f"{moved.meeting_id}@prospector"]["STATUS"] == "CONFIRMED"


def test_single_meeting_carries_the_brief_and_feeds_are_per_rep(
    sqlite_db: Database, world: World
) -> None:
    a = book(
        sqlite_db,
        req(world, warsaw(2026, 10, 23, 10, 0), offer="Opony zimowe", contact_id=world.contact),
    )
    book(sqlite_db, req(world, warsaw(2026, 10, 23, 10, 0), rep="REP-S", company=world.krakow_co))
    with sqlite_db.read() as s:
        one = ics.meeting_ics(s, a.meeting_id, now=NOW)  # type: ignore[arg-type]
        rep_s, info = ics.feed(s, "REP-S", now=NOW)
        everyone, all_info = ics.feed(s, now=NOW)
    description = str(events(one)[f"{a.meeting_id}@prospector"]["DESCRIPTION"])
    assert "Jan Kowalski" in description
    assert "Michelin" in description
    assert "Opony zimowe" in description
    assert info["meetings"] == 1
    assert "Kraków Cargo" in str(next(iter(events(rep_s).values()))["SUMMARY"])
    assert all_info["meetings"] == 2
    # Valid enough to read back, with the required properties on every event.
    for ev in events(everyone).values():
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS"):
            assert prop in ev
    cal = icalendar.Calendar.from_ical(everyone)
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == ics.PRODID


def test_empty_feed_is_a_valid_calendar(sqlite_db: Database, world: World) -> None:
    with sqlite_db.read() as s:
        data, info = ics.feed(s, "REP-P", now=NOW)
    assert info["meetings"] == 0
    assert icalendar.Calendar.from_ical(data).walk("VEVENT") == []
