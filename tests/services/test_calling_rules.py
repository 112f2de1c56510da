"""Calling rules as pure functions: the hand-checked cases, and properties with hypothesis."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.calling_rules import (
    Callee,
    CampaignRules,
    LeadFacts,
    SuppressionHit,
    Window,
    callback_problem,
    days_label,
    evaluate,
    next_open_time,
    parse_hours,
    parse_windows,
    suppression_hash,
    suppression_value,
)
from app.services.defaults import calling_hours

WARSAW = ZoneInfo("Europe/Warsaw")
B2B = CampaignRules(hours=parse_hours(calling_hours(b2c=False), b2c=False), min_gap_minutes=120)
B2C = CampaignRules(hours=parse_hours(calling_hours(b2c=True), b2c=True), min_gap_minutes=120)


def local(y: int, m: int, d: int, h: int, mi: int = 0, tz: str = "Europe/Warsaw") -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=ZoneInfo(tz))


def contact(
    windows: list[dict[str, object]], name: str = "Anna Nowak", tz: str = "Europe/Warsaw"
) -> Callee:
    return Callee(name, tz, parse_windows(windows))


# ---- parsing and labels ------------------------------------------------------------------


def test_empty_hours_mean_the_defaults() -> None:
    assert parse_hours({}, b2c=False) == B2B.hours
    assert [iv.label() for iv in B2C.hours[5]] == ["09:00–21:00"]
    assert B2B.hours[5] == ()
    assert B2B.hours[6] == ()


def test_bad_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="not a time of day"):
        parse_hours({"0": [["9", "17:00"]]}, b2c=False)


def test_window_labels() -> None:
    (before,) = parse_windows([{"to": "18:00"}])
    (after,) = parse_windows([{"days": [0, 1, 2, 3, 4], "from": "21:00"}])
    (span,) = parse_windows([{"days": [1, 3], "from": "10:00", "to": "16:00"}])
    assert before.label() == "before 18:00"
    assert after.label() == "Mon–Fri after 21:00"
    assert span.label() == "Tue, Thu 10:00–16:00"
    assert days_label(range(7)) == ""


def test_malformed_windows_are_ignored_not_fatal() -> None:
    assert parse_windows([{"from": "xx"}, "nonsense", {"days": [9]}]) == ()
    assert parse_windows(None) == ()
    assert parse_windows([{"from": "08:00", "to": "12:00"}]) == (
        Window(frozenset(range(7)), 480, 720),
    )


def test_suppression_values_in_any_formatting() -> None:
    e164 = "+48221234567"
    for text in ("(22) 123-45-67", "022 123 45 67", "+48 22 123 45 67", "tel. 22-123-45-67"):
        assert suppression_value("phone", text) == e164
    assert suppression_hash(e164) == suppression_hash(suppression_value("phone", "221234567") or "")
    assert suppression_value("email", "Jan.Kowalski@Firma.PL") == "jan.kowalski@firma.pl"
    assert suppression_value("nip", "PL 526-000-12-46") == "5260001246"
    assert suppression_value("phone", "not a number") is None


# ---- the hand-checked verdicts -------------------------------------------------------------


def test_b2b_at_20_15_is_outside_hours_until_the_next_weekday() -> None:
    v = evaluate(B2B, LeadFacts(), local(2026, 3, 6, 20, 15))  # Friday
    assert not v.callable
    assert v.reasons == ["outside calling hours: 20:15 local, campaign 09:00–17:00"]
    assert v.next_callable_at == local(2026, 3, 9, 9)  # Monday


def test_weekend_says_the_campaign_does_not_call_that_day() -> None:
    v = evaluate(B2B, LeadFacts(), local(2026, 3, 7, 11))
    assert v.reasons == [
        "outside calling hours: Saturday 11:00 local, the campaign does not call on Saturdays"
    ]
    assert v.next_callable_at == local(2026, 3, 9, 9)


def test_hours_edges() -> None:
    assert evaluate(B2B, LeadFacts(), local(2026, 3, 2, 9)).callable
    assert evaluate(B2B, LeadFacts(), local(2026, 3, 2, 16, 59)).callable
    assert not evaluate(B2B, LeadFacts(), local(2026, 3, 2, 17)).callable
    assert evaluate(B2B, LeadFacts(), local(2026, 3, 2, 8, 59)).next_callable_at == local(
        2026, 3, 2, 9
    )


def test_christmas_and_christmas_eve_are_holidays() -> None:
    v = evaluate(B2B, LeadFacts(), local(2026, 12, 25, 10))
    assert v.reasons == ["public holiday: Boże Narodzenie (pierwszy dzień)"]
    assert v.next_callable_at == local(2026, 12, 28, 9)
    eve = evaluate(B2B, LeadFacts(), local(2026, 12, 24, 10))
    assert eve.reasons == ["public holiday: Wigilia Bożego Narodzenia"]


def test_holidays_of_the_company_country() -> None:
    easter_monday = local(2026, 4, 6, 10)
    assert not evaluate(B2B, LeadFacts(), easter_monday).callable
    germany = LeadFacts(country="DE", timezone="Europe/Berlin")
    assert not evaluate(B2B, germany, local(2026, 10, 3, 10, tz="Europe/Berlin")).callable
    assert evaluate(B2B, LeadFacts(), local(2026, 10, 2, 10)).callable  # a Friday in Poland


def test_contact_window_before_18() -> None:
    lead = LeadFacts(callees=(contact([{"to": "18:00"}]),))
    v = evaluate(B2C, lead, local(2026, 3, 2, 19))
    assert v.reasons == [
        "outside the contact's calling window: 19:00 local, Anna Nowak prefers before 18:00"
    ]
    assert v.next_callable_at == local(2026, 3, 3, 9)
    assert evaluate(B2C, lead, local(2026, 3, 2, 17, 59)).callable


def test_one_reachable_contact_is_enough() -> None:
    lead = LeadFacts(callees=(contact([{"from": "18:00"}]), contact([], name="Jan Kowal")))
    assert evaluate(B2C, lead, local(2026, 3, 2, 10)).callable
    both_closed = LeadFacts(
        callees=(contact([{"from": "18:00"}]), contact([{"to": "09:30"}], name="Jan Kowal"))
    )
    v = evaluate(B2C, both_closed, local(2026, 3, 2, 10))
    assert v.reasons == [
        "outside the contacts' calling windows: 10:00 local "
        "(Anna Nowak: after 18:00; Jan Kowal: before 09:30)"
    ]
    assert v.next_callable_at == local(2026, 3, 2, 18)


def test_a_window_that_never_meets_the_hours() -> None:
    lead = LeadFacts(callees=(contact([{"from": "21:00"}]),))
    v = evaluate(B2B, lead, local(2026, 3, 2, 10))
    assert not v.callable
    assert v.next_callable_at is None
    assert v.reasons[-1].startswith("no time within a year fits")


def test_the_contact_time_zone_counts() -> None:
    london = LeadFacts(callees=(contact([], tz="Europe/London"),))
    v = evaluate(B2B, london, local(2026, 3, 2, 9, 30))  # 08:30 in London
    assert v.reasons == ["outside calling hours: 08:30 local, campaign 09:00–17:00"]
    assert v.next_callable_at == local(2026, 3, 2, 9, tz="Europe/London")


def test_attempt_limits_and_gap() -> None:
    at = local(2026, 3, 2, 10)
    used = evaluate(B2B, LeadFacts(attempts=6), at)
    assert used.reasons == ["max attempts reached (6/6)"]
    assert used.next_callable_at is None
    assert used.permanent

    today = LeadFacts(attempts=2, attempts_today=2, attempts_day="2026-03-02")
    v = evaluate(B2B, today, at)
    assert v.reasons == ["max attempts today reached (2/2)"]
    assert v.next_callable_at == local(2026, 3, 3, 9)
    yesterday = LeadFacts(attempts=2, attempts_today=2, attempts_day="2026-03-01")
    assert evaluate(B2B, yesterday, at).callable

    recent = LeadFacts(attempts=1, last_attempt_at=at - dt.timedelta(minutes=40))
    v = evaluate(B2B, recent, at)
    assert v.reasons == ["last attempt 40 min ago, minimum gap 120 min"]
    assert v.next_callable_at == at + dt.timedelta(minutes=80)

    late = LeadFacts(attempts=1, last_attempt_at=local(2026, 3, 2, 16, 30))
    assert evaluate(B2B, late, local(2026, 3, 2, 16, 45)).next_callable_at == local(2026, 3, 3, 9)


def test_suppression_lease_and_closed_leads() -> None:
    at = local(2026, 3, 2, 10)
    v = evaluate(B2B, LeadFacts(suppressed=(SuppressionHit("phone", "global"),)), at)
    assert v.reasons == ["number on the do-not-call list"]
    assert v.next_callable_at is None
    leased = LeadFacts(lease_holder="agent2", lease_expires_at=local(2026, 3, 2, 14, 5))
    v = evaluate(B2B, leased, local(2026, 3, 2, 13, 40))
    assert v.reasons == ["leased to agent2 until 14:05"]
    assert v.next_callable_at == local(2026, 3, 2, 14, 5)
    assert evaluate(B2B, leased, local(2026, 3, 2, 13, 40), agent="agent2").callable
    done = evaluate(B2B, LeadFacts(status="done", last_disposition="qualified"), at)
    assert done.reasons == ["the lead is closed (last outcome: qualified)"]


def test_a_due_callback_is_exempt_from_attempt_limits_gap_and_windows() -> None:
    at = local(2026, 3, 2, 19)
    lead = LeadFacts(
        callees=(contact([{"to": "18:00"}]),),
        status="callback",
        attempts=6,
        attempts_today=2,
        attempts_day="2026-03-02",
        last_attempt_at=at - dt.timedelta(minutes=10),
        callback_due_at=at - dt.timedelta(minutes=1),
    )
    assert evaluate(B2C, lead, at).callable
    # … but not from calling hours or suppression.
    assert not evaluate(B2C, lead, local(2026, 3, 2, 21, 30)).callable


def test_a_callback_not_yet_due_blocks_until_it_is() -> None:
    due = local(2026, 3, 2, 15)
    v = evaluate(B2B, LeadFacts(status="callback", callback_due_at=due), local(2026, 3, 2, 10))
    assert v.reasons == ["callback scheduled for 15:00 local"]
    assert v.next_callable_at == due


def test_campaign_dates() -> None:
    at = local(2026, 3, 2, 10)
    ended = CampaignRules(hours=B2B.hours, ends_on=local(2026, 3, 1, 0))
    assert evaluate(ended, LeadFacts(), at).next_callable_at is None
    starts = CampaignRules(hours=B2B.hours, starts_on=local(2026, 3, 4, 0))
    assert evaluate(starts, LeadFacts(), at).next_callable_at == local(2026, 3, 4, 9)
    inactive = CampaignRules(hours=B2B.hours, active=False)
    assert evaluate(inactive, LeadFacts(), at).reasons == ["the campaign is not active"]


def test_callback_problems_offer_the_next_valid_time() -> None:
    now = local(2026, 12, 22, 10, 2)
    past = callback_problem(B2B, LeadFacts(), local(2026, 12, 22, 9), now)
    assert past == (
        "The callback time Tue 2026-12-22 09:00 is in the past",
        local(2026, 12, 22, 10, 5),
    )
    holiday = callback_problem(B2B, LeadFacts(), local(2026, 12, 25, 11), now)
    assert holiday == (
        "The callback time Fri 2026-12-25 11:00 falls on a public holiday "
        "(Boże Narodzenie (pierwszy dzień))",
        local(2026, 12, 28, 9),
    )
    evening = callback_problem(B2B, LeadFacts(), local(2026, 12, 22, 18), now)
    assert evening == (
        "The callback time Tue 2026-12-22 18:00 is outside the campaign's calling hours "
        "(Tue 09:00–17:00)",
        local(2026, 12, 23, 9),
    )
    assert callback_problem(B2B, LeadFacts(), local(2026, 12, 23, 16, 30), now) is None


# ---- properties ----------------------------------------------------------------------------

ZONES = ("Europe/Warsaw", "Europe/London", "America/New_York", "Asia/Tokyo")
windows_st = st.lists(
    st.fixed_dictionaries(
        {
            "days": st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True),
            "from": st.sampled_from(["00:00", "07:30", "09:00", "12:00", "16:00", "18:00"]),
            "to": st.sampled_from(["10:00", "13:00", "17:00", "18:00", "21:00", "24:00"]),
        }
    ),
    max_size=2,
)
callee_st = st.builds(
    lambda w, tz: Callee("X", tz, parse_windows(w)), windows_st, st.sampled_from(ZONES)
)
instant_st = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),
    max_value=dt.datetime(2027, 12, 31),
    timezones=st.just(dt.UTC),
)


@st.composite
def situations(draw: st.DrawFn) -> tuple[CampaignRules, LeadFacts, dt.datetime]:
    rules = draw(st.sampled_from([B2B, B2C]))
    at = draw(instant_st)
    offset = st.integers(-600, 600).map(lambda m: at + dt.timedelta(minutes=m))
    tz = draw(st.sampled_from(ZONES))
    lead = LeadFacts(
        timezone=tz,
        callees=tuple(draw(st.lists(callee_st, max_size=3))),
        status=draw(st.sampled_from(["new", "retry", "callback"])),
        attempts=draw(st.integers(0, 5)),
        attempts_today=draw(st.integers(0, 2)),
        attempts_day=draw(st.sampled_from([None, at.astimezone(ZoneInfo(tz)).date().isoformat()])),
        last_attempt_at=draw(st.none() | offset.filter(lambda t: t <= at)),
        next_attempt_at=draw(st.none() | offset),
        lease_holder=draw(st.sampled_from([None, "agent2"])),
        lease_expires_at=draw(offset),
        callback_due_at=draw(st.none() | offset),
    )
    return rules, lead, at


@settings(max_examples=100, deadline=None)
@given(situations())
def test_next_callable_at_is_callable_and_nothing_earlier_is(
    case: tuple[CampaignRules, LeadFacts, dt.datetime],
) -> None:
    rules, lead, at = case
    v = evaluate(rules, lead, at, agent="agent1")
    if v.callable:
        assert v.next_callable_at == at
        return
    nxt = v.next_callable_at
    if nxt is None:
        return
    assert nxt > at
    assert evaluate(rules, lead, nxt, agent="agent1").callable
    # Spot checks before it: at a quarter-hour grid, nothing is callable.
    step = max((nxt - at) / 24, dt.timedelta(minutes=1))
    t = at
    while t < nxt - dt.timedelta(seconds=1):
        assert not evaluate(rules, lead, t, agent="agent1").callable, t
        t += step


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([B2B, B2C]), instant_st, st.lists(callee_st, max_size=2))
def test_next_open_time_is_open(
    rules: CampaignRules, at: dt.datetime, callees: list[Callee]
) -> None:
    lead = LeadFacts(callees=tuple(callees))
    found = next_open_time(rules, lead, at)
    if found is not None:
        assert found >= at
        assert evaluate(rules, lead, found).callable
