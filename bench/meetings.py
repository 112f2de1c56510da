"""Meetings: the slot finder with 8 reps × 1 year of meetings, and booking latency under
50 concurrent bookings of one rep slot on PostgreSQL.

Slot finder: 8 reps, all covering the company (the worst case: every rep's calendar is
read and balanced), Mon–Fri 08:00–16:00, 60-minute meetings with a 45-minute travel
buffer, about 3 meetings a working day each over a year (half behind, half ahead of
"now"), absences sprinkled in. Each sample is ``find_slots`` for 10 slots from a random
moment of the year, in its own read session, on SQLite (the laptop; warm: one untimed
pass first) and on PostgreSQL (the server). The floor is the query the finder cannot do
without — the 8 reps' meetings of the first fortnight, raw ``sqlite3`` — for scale.

Booking: rounds of 50 bookings of the same rep slot released together, from 5 worker
processes (the server's stateless workers) of 10 threads each, every booking through
``book(mode=SERVER)`` in its own session and connection, on PostgreSQL with the
exclusion constraint; a different slot each round. Latency is one booking's unit of
work (session, checks, insert or clash, alternatives, commit). Every round must have
exactly one winner. (One process of 50 threads would measure the GIL: ``--workers 1``.)

Prints one JSON object. ``--quick``: a smaller year and fewer rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

# Run as ``python bench/meetings.py``, the script's folder comes first on sys.path, where
# bench/queue.py would shadow the standard library's ``queue`` (psycopg needs it).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.db import Database, create_sqlite_engine  # noqa: E402
from app.services import meetings as svc  # noqa: E402
from app.services.calling_rules import holiday_name  # noqa: E402
from bench.common import emit, percentile, summary  # noqa: E402
from models import Company, RepAbsence, SalesRep, User, migrate, new_id  # noqa: E402
from models.meetings import Meeting  # noqa: E402
from models.people import Role  # noqa: E402

GOAL = {"slots_p95_ms": 50.0, "book_p99_ms": 100.0}
WARSAW = "Europe/Warsaw"
PG_ADMIN = os.environ.get(
    "PROSPECTOR_BENCH_PG",
    os.environ.get("PROSPECTOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
)
REPS = 8
CONCURRENT = 50


def build(db: Database, days: int, per_day: float, seed: int, now: dt.datetime) -> dict[str, Any]:
    """8 reps covering one company, a year of meetings around ``now``; returns ids."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(WARSAW)
    rng = random.Random(seed)
    with db.session() as s:
        agent = User(id=new_id(), username="bench", full_name="Bench Agent", role=Role.AGENT)
        company = Company(
            id=new_id(),
            name="Bench Trans",
            name_key="bench trans",
            voivodeship="mazowieckie",
            postcode="00-950",
            city="Warszawa",
        )
        others = [
            Company(
                id=new_id(),
                name=f"Klient {i}",
                name_key=f"klient {i}",
                voivodeship="mazowieckie",
                postcode="00-950",
                city="Warszawa",
            )
            for i in range(50)
        ]
        reps = [
            SalesRep(
                id=new_id(),
                code=f"REP-{i}",
                full_name=f"Przedstawiciel {i}",
                territory={"voivodeships": ["mazowieckie"]},
                working_hours={str(d): [["08:00", "16:00"]] for d in range(5)},
                meeting_minutes=60,
                buffer_minutes=45,
                supervisor="Ewa",
            )
            for i in range(REPS)
        ]
        s.add_all([agent, company, *others, *reps])
    rows: list[dict[str, Any]] = []
    absences: list[dict[str, Any]] = []
    first = (now - dt.timedelta(days=days // 2)).astimezone(tz).date()
    starts = [dt.time(h, m) for h in range(8, 15) for m in (0, 30)]
    for rep in reps:
        day = first
        while day < first + dt.timedelta(days=days):
            if day.weekday() < 5 and not holiday_name("PL", day):
                if rng.random() < 0.02:  # a day off now and then
                    a = dt.datetime.combine(day, dt.time(0), tz).astimezone(dt.UTC)
                    absences.append(
                        {
                            "id": new_id(),
                            "rep_id": rep.id,
                            "start_at": a,
                            "end_at": a + dt.timedelta(days=1),
                            "reason": "urlop",
                            "deleted": False,
                        }
                    )
                want = int(per_day) + (1 if rng.random() < per_day % 1 else 0)
                busy_until = dt.datetime.combine(day, dt.time(0), tz)
                for t in sorted(rng.sample(starts, k=min(len(starts), want * 2))):
                    if want == 0:
                        break
                    start = dt.datetime.combine(day, t, tz)
                    if start < busy_until:
                        continue
                    end = start + dt.timedelta(hours=1)
                    busy_until = end + dt.timedelta(minutes=45)
                    rows.append(
                        {
                            "id": new_id(),
                            "rep_id": rep.id,
                            "company_id": rng.choice(others).id,
                            "start_at": start.astimezone(dt.UTC),
                            "end_at": end.astimezone(dt.UTC),
                            "blocked_until": busy_until.astimezone(dt.UTC),
                            "status": "held" if start.astimezone(dt.UTC) < now else "confirmed",
                            "booked_by": agent.id,
                            "booked_at": now,
                            "brief": {},
                            "sequence": 0,
                            "deleted": False,
                        }
                    )
                    want -= 1
            day += dt.timedelta(days=1)
    with db.session() as s:
        for chunk in range(0, len(rows), 5000):
            s.execute(insert(Meeting), rows[chunk : chunk + 5000])
        if absences:
            s.execute(insert(RepAbsence), absences)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    return {
        "company": company.id,
        "agent": agent.id,
        "reps": [r.id for r in reps],
        "meetings": len(rows),
        "absences": len(absences),
        "first_day": first,
    }


def slot_samples(
    db: Database, company: uuid.UUID, now: dt.datetime, days: int, n: int, seed: int
) -> tuple[list[float], int]:
    rng = random.Random(seed)
    span = dt.timedelta(days=days // 2).total_seconds()
    moments = [now + dt.timedelta(seconds=rng.uniform(-span, span * 0.9)) for _ in range(n)]
    out: list[float] = []
    found = 0
    for at in moments:
        t0 = time.perf_counter()
        with db.read() as s:
            res = svc.find_slots(s, company, after=at, count=10, now=at)
        out.append((time.perf_counter() - t0) * 1000)
        found += len(res.slots)
    return out, found


def floor_samples(
    path: Path, reps: list[uuid.UUID], now: dt.datetime, days: int, n: int, seed: int
) -> list[float]:
    rng = random.Random(seed)
    span = dt.timedelta(days=days // 2).total_seconds()
    con = sqlite3.connect(path)
    marks = ",".join("?" for _ in reps)
    sql = (
        f"SELECT rep_id, start_at, end_at, blocked_until FROM meetings WHERE rep_id IN "
        f"({marks}) AND start_at >= ? AND start_at < ? AND status IN "
        "('confirmed','held','no_show','tentative') AND deleted = 0"
    )
    out = []
    for _ in range(n):
        at = now + dt.timedelta(seconds=rng.uniform(-span, span * 0.9))
        lo = (at - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
        hi = (at + dt.timedelta(days=14)).strftime("%Y-%m-%d %H:%M:%S.%f")
        t0 = time.perf_counter()
        con.execute(sql, [r.hex for r in reps] + [lo, hi]).fetchall()
        out.append((time.perf_counter() - t0) * 1000)
    con.close()
    return out


def round_slots(now: dt.datetime, first: int, rounds: int) -> list[dt.datetime]:
    """One free slot per round, far past the generated year, for the same rep."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(WARSAW)
    day = (now + dt.timedelta(days=400)).astimezone(tz).date()
    slots: list[dt.datetime] = []
    while len(slots) < first + rounds:
        if day.weekday() < 5 and not holiday_name("PL", day):
            slots += [
                dt.datetime.combine(day, dt.time(h), tz).astimezone(dt.UTC) for h in (8, 10, 12, 14)
            ]
        day += dt.timedelta(days=1)
    return slots[first : first + rounds]


def _worker(
    url: str,
    ids: dict[str, Any],
    now: dt.datetime,
    slots: list[dt.datetime],
    threads: int,
    barrier: Any,
    out: Any,
) -> None:
    """One server worker process: ``threads`` concurrent bookings per round."""
    engine = create_engine(url, pool_size=threads, max_overflow=0)
    db = Database(engine)
    warm = [engine.connect() for _ in range(threads)]  # the whole pool, before the clock
    for conn in warm:
        conn.execute(text("SELECT 1"))
        conn.close()
    cpu0 = time.process_time()
    for slot in slots:
        go = threading.Event()
        times: list[float] = [0.0] * threads
        won = [0] * threads

        def one(
            i: int,
            slot: dt.datetime = slot,
            go: threading.Event = go,
            times: list[float] = times,
            won: list[int] = won,
        ) -> None:
            go.wait()
            t0 = time.perf_counter()
            with db.session() as s:
                res = svc.book(
                    s,
                    svc.BookingRequest(
                        company_id=ids["company"],
                        rep=ids["reps"][0],
                        start=slot,
                        booked_by=ids["agent"],
                    ),
                    mode=svc.BookingMode.SERVER,
                    now=now,
                )
            times[i] = (time.perf_counter() - t0) * 1000
            won[i] = 1 if res.meeting_id is not None else 0

        pool = [threading.Thread(target=one, args=(i,)) for i in range(threads)]
        for t in pool:
            t.start()
        barrier.wait()  # every worker process ready: all bookings of the round start
        go.set()
        for t in pool:
            t.join()
        out.put((times, sum(won), None))
    out.put((None, None, time.process_time() - cpu0))
    db.dispose()


def booking_rounds(
    url: str, ids: dict[str, Any], now: dt.datetime, slots: list[dt.datetime], workers: int
) -> tuple[list[float], list[int], float]:
    """Rounds of 50 concurrent bookings of one slot, from ``workers`` processes (the
    server's workers) of 50/workers threads each: latencies, winners per round, and the
    workers' CPU time per booking (ms; PostgreSQL's own work not included)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(workers)
    out = ctx.Queue()
    per = CONCURRENT // workers
    procs = [
        ctx.Process(target=_worker, args=(url, ids, now, slots, per, barrier, out))
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    latencies: list[float] = []
    winners = [0] * len(slots)
    got = [0] * len(slots)
    cpu = 0.0
    for _ in range(workers * (len(slots) + 1)):
        times, won, spent = out.get(timeout=600)
        if spent is not None:
            cpu += spent
            continue
        r = min(i for i in range(len(slots)) if got[i] < workers)
        got[r] += 1
        latencies += times
        winners[r] += won
    for p in procs:
        p.join()
    return latencies, winners, cpu * 1000 / (len(slots) * CONCURRENT)


def pg_database(admin_url: str, name: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller data, fewer rounds")
    ap.add_argument(
        "--workers",
        type=int,
        default=5,
        help="server worker processes sharing the 50 concurrent bookings",
    )
    args = ap.parse_args()
    days, samples, rounds = (120, 60, 4) if args.quick else (365, 300, 20)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    per_day = 3.0

    with tempfile.TemporaryDirectory(prefix="bench-meetings-") as tmp:
        path = Path(tmp) / "meetings.sqlite3"
        sqlite_db = Database(create_sqlite_engine(path))
        migrate.upgrade(sqlite_db.engine)
        t0 = time.perf_counter()
        ids = build(sqlite_db, days, per_day, 11, now)
        build_s = time.perf_counter() - t0
        slot_samples(sqlite_db, ids["company"], now, days, 20, 1)  # warm
        floor_samples(path, ids["reps"], now, days, 20, 1)
        lite, found = slot_samples(sqlite_db, ids["company"], now, days, samples, 2)
        floor = floor_samples(path, ids["reps"], now, days, samples, 2)
        sqlite_db.dispose()

    name = f"prospector_bench_meetings_{os.getpid()}"
    pg_url = pg_database(PG_ADMIN, name)
    try:
        engine = create_engine(pg_url, pool_size=CONCURRENT + 5, max_overflow=0)
        pg_db = Database(engine)
        migrate.upgrade(engine)
        pg_ids = build(pg_db, days, per_day, 11, now)
        slot_samples(pg_db, pg_ids["company"], now, days, 20, 1)  # warm
        pg_slots, _ = slot_samples(pg_db, pg_ids["company"], now, days, samples, 2)
        pg_db.dispose()  # no connections across fork
        booking_rounds(pg_url, pg_ids, now, round_slots(now, 0, 1), args.workers)  # warm
        latencies, winners, cpu_per_booking = booking_rounds(
            pg_url, pg_ids, now, round_slots(now, 1, rounds), args.workers
        )
    finally:
        drop_pg(PG_ADMIN, name)

    slots_fig = summary(lite)
    pg_fig = summary(pg_slots)
    book_fig = {
        "p50_ms": round(percentile(latencies, 0.5), 3),
        "p95_ms": round(percentile(latencies, 0.95), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "max_ms": round(max(latencies), 3),
        "app_cpu_ms_per_booking": round(cpu_per_booking, 3),
    }
    floor_fig = summary(floor)
    one_winner = all(w == 1 for w in winners)
    result = {
        "bench": "meetings",
        "data": {
            "reps": REPS,
            "meetings": ids["meetings"],
            "absences": ids["absences"],
            "days": days,
            "meetings_per_rep_day": per_day,
            "slot_samples": samples,
            "slots_per_answer": round(found / samples, 2),
            "booking_rounds": rounds,
            "concurrent_bookings": CONCURRENT,
            "booking_workers": f"{args.workers} processes × {CONCURRENT // args.workers} threads",
            "load_average": [round(x, 1) for x in os.getloadavg()],
            "cache": "warm (one untimed pass first); data built fresh each run",
            "build_s": round(build_s, 2),
        },
        "figures": {
            "slots_sqlite": slots_fig,
            "slots_postgres": pg_fig,
            "book_postgres": book_fig,
            "winners_per_round": sorted(set(winners)),
        },
        "floor": {**floor_fig, "what": "raw sqlite3: the 8 reps' meetings of the first fortnight"},
        "ratio_p95": round(slots_fig["p95_ms"] / floor_fig["p95_ms"], 1)
        if floor_fig["p95_ms"]
        else None,
        "goal": {
            "slots_p95_ms": GOAL["slots_p95_ms"],
            "book_p99_ms": GOAL["book_p99_ms"],
            "winners_per_round": 1,
        },
        "meets_goal": bool(
            slots_fig["p95_ms"] <= GOAL["slots_p95_ms"]
            and pg_fig["p95_ms"] <= GOAL["slots_p95_ms"]
            and book_fig["p99_ms"] <= GOAL["book_p99_ms"]
            and one_winner
        ),
    }
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
