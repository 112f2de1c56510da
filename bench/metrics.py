"""KPI report benchmark: one campaign-month at 5,000,000 attempts, the whole history at
1,000,000 (``--quick``: both at 200,000), against the floor in the same run and cache
state.

Data: a small demo workspace (``prospector demo``, 1,000 companies) plus bulk-generated
history written with raw sqlite3: a year of working days, one agent per 25,000 attempts
(about 100 dials a day each), a company per 5 attempts, three campaigns (60 / 25 / 15 %
of the calls), every call's state changes (ready → on call → wrap-up → ready, breaks,
logout: about three events per call), the meetings the FITD calls booked, the queues
and segment memberships. Built once into ``bench/data/metrics-N-s1`` and reused.

Ours: :func:`app.services.metrics.kpi_report` grouped by agent (the campaign-month) and
by campaign (the whole history): every figure, agent time and the funnel.
Floor: the same figures the most direct way, raw sqlite3 (psycopg on PostgreSQL) on
the same tables and indexes: a plain ``GROUP BY`` over the attempts (CASE sums and
``COUNT(DISTINCT company_id)`` per outcome) and the same ungrouped for the total row,
the same two over the meetings, a window + ``GROUP BY`` over the state events, a queue
count. ``calls_only`` leaves out the state events on both sides (``agent_time=False``);
``floor_attempts_only`` is the grouped attempts statement alone (what BENCHMARKS.md
quotes). Both sides warm: one untimed pass first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# bench/ itself off the path: bench/queue.py would shadow the standard library's queue.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from bench.common import DATA, ROOT, emit, summary, timed_ms  # noqa: E402

WAW = ZoneInfo("Europe/Warsaw")
SEED = 1
GOAL = {"campaign_month_ms": 200.0, "ratio": 2.0}
BATCH = 50_000
CAMPAIGN_SHARE = {"kwalifikacja": 60, "fitd": 25, "rozwoj": 15}
OUTCOMES = {  # disposition code: weight, per campaign
    "kwalifikacja": {"no_answer": 35, "busy": 12, "voicemail": 13, "callback": 8,
                     "qualified": 15, "not_qualified": 8, "refused": 5, "wrong_number": 3,
                     "do_not_call": 1},
    "fitd": {"no_answer": 30, "busy": 10, "voicemail": 10, "callback": 12,
             "meeting_booked": 20, "not_qualified": 5, "refused": 8, "wrong_number": 2,
             "do_not_call": 3},
    "rozwoj": {"no_answer": 30, "busy": 10, "voicemail": 10, "callback": 15, "qualified": 25,
               "not_qualified": 5, "refused": 3, "wrong_number": 1, "do_not_call": 1},
}
CONTACTS = {"callback", "qualified", "meeting_booked", "not_qualified", "refused",
            "do_not_call"}


def ts(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


# ---- building the data set ---------------------------------------------------------------------


def dataset(attempts: int) -> tuple[Path, dict[str, Any]]:
    folder = DATA / f"metrics-{attempts}-s{SEED}"
    ready = folder / "READY.json"
    if ready.exists():
        meta = json.loads(ready.read_text())
        meta["built_now"] = False
        return folder, meta
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "demo", "--profile", str(folder), "--companies", "1000",
         "--seed", str(SEED), "--json"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    meta = _bulk(folder / "prospector.sqlite3", attempts)
    meta["build_s"] = round(time.perf_counter() - started, 1)
    ready.write_text(json.dumps(meta))
    meta["built_now"] = True
    return folder, meta


def _hexid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _bulk(path: Path, attempts: int) -> dict[str, Any]:
    rng = random.Random(SEED)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-1000000")
    con.execute("BEGIN")
    campaigns = dict(con.execute("SELECT key, id FROM campaigns").fetchall())
    reps = [r for (r,) in con.execute("SELECT id FROM sales_reps")]
    segments = [s for (s,) in con.execute("SELECT id FROM segments")]
    tables = ("companies", "call_attempts", "agent_state_events", "meetings", "queue_items",
              "company_segments", "users")
    ddl = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT "
        f"NULL AND tbl_name IN ({', '.join('?' * len(tables))})", tables).fetchall()
    for name, sql in ddl:
        kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"
        con.execute(f"DROP {kind} {name}")

    def insert(table: str, columns: str, rows: Iterator[tuple[Any, ...]]) -> int:
        marks = ", ".join("?" * len(columns.split(",")))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        n, batch = 0, []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                con.executemany(sql, batch)
                n += len(batch)
                batch.clear()
        con.executemany(sql, batch)
        return n + len(batch)

    end_day = dt.date.today().replace(day=1) - dt.timedelta(days=1)  # last day of last month
    first_day = end_day - dt.timedelta(days=364)
    days = [first_day + dt.timedelta(days=i) for i in range(365)]
    workdays = [d for d in days if d.weekday() < 5]
    n_agents = max(8, attempts // 25_000)
    n_companies = max(1000, attempts // 5)
    now = ts(dt.datetime.now(dt.UTC))

    agents = [_hexid(rng) for _ in range(n_agents)]
    insert("users", "id, username, full_name, role, team, active, created_at, deleted",
           ((a, f"bench{i:04d}", f"Konsultant {i}", "agent", f"Zespół {i % 10}", 1, now, 0)
            for i, a in enumerate(agents)))
    companies = [_hexid(rng) for _ in range(n_companies)]
    insert("companies", "id, name, name_key, country, timezone, is_household, created_at, "
           "updated_at, deleted",
           ((c, f"Firma {i}", f"firma {i}", "PL", "Europe/Warsaw", 0, now, now, 0)
            for i, c in enumerate(companies)))

    def memberships() -> Iterator[tuple[Any, ...]]:
        for c in companies:
            roll = rng.random()
            if roll < 0.5:
                for s in rng.sample(segments, 1 if roll < 0.4 else 2):
                    yield (_hexid(rng), s, c, now, 0)

    insert("company_segments", "id, segment_id, company_id, assigned_at, deleted", memberships())
    pools = {"kwalifikacja": companies, "fitd": companies[: n_companies * 3 // 10],
             "rozwoj": companies[n_companies * 9 // 10:]}
    insert("queue_items", "id, campaign_id, company_id, status, priority, attempts, "
           "attempts_today, deleted",
           ((_hexid(rng), campaigns[key], c, "retry", 0, 1, 0, 0)
            for key, pool in pools.items() for c in pool))

    keys = list(CAMPAIGN_SHARE)
    weights = list(CAMPAIGN_SHARE.values())
    codes = {k: list(v) for k, v in OUTCOMES.items()}
    code_w = {k: list(v.values()) for k, v in OUTCOMES.items()}
    calls: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    meetings: list[tuple[Any, ...]] = []
    counts = {"attempts": 0, "events": 0, "meetings": 0}
    a_cols = ("id, campaign_id, company_id, agent_id, variant, started_at, answered_at, "
              "ended_at, talk_seconds, wrapup_seconds, disposition_code, script_id, "
              "script_path, answers, deleted")
    e_cols = "id, user_id, state, reason, campaign_id, at, deleted"
    m_cols = ("id, rep_id, company_id, campaign_id, attempt_id, start_at, end_at, status, "
              "booked_by, booked_at, brief, sequence, deleted")
    today = dt.datetime.now(dt.UTC)

    def flush() -> None:
        counts["attempts"] += insert("call_attempts", a_cols, iter(calls))
        counts["events"] += insert("agent_state_events", e_cols, iter(events))
        counts["meetings"] += insert("meetings", m_cols, iter(meetings))
        calls.clear()
        events.clear()
        meetings.clear()

    remaining = attempts
    for di, day in enumerate(workdays):
        for ai, agent in enumerate(agents):
            if remaining <= 0:
                break
            left_slots = (len(workdays) - di) * n_agents - ai
            n = min(remaining, max(1, round(rng.gauss(remaining / left_slots, 8))))
            remaining -= n
            key = rng.choices(keys, weights)[0] if ai % 5 or di % 5 == 0 else keys[ai % 3]
            camp = campaigns[key]
            pool = pools[key]
            at = dt.datetime.combine(day, dt.time(8, rng.randint(0, 20)), WAW).astimezone(dt.UTC)
            events.append((_hexid(rng), agent, "ready", None, camp, ts(at), 0))
            span = (8 * 3600 - 3600) / n  # seconds per call, breaks aside
            breaks = {n // 3: ("break", 900), (2 * n) // 3: ("break", 1800)}
            if rng.random() < 0.1:
                breaks[n // 2] = ("training", 1800)
            for i in range(n):
                if i in breaks:
                    reason, secs = breaks[i]
                    events.append((_hexid(rng), agent, "paused", reason, camp, ts(at), 0))
                    at += dt.timedelta(seconds=secs)
                    events.append((_hexid(rng), agent, "ready", None, camp, ts(at), 0))
                code = rng.choices(codes[key], code_w[key])[0]
                talk = rng.randint(60, 540) if code in CONTACTS else 0
                ring = rng.randint(8, 30)
                wrap = rng.randint(10, 60)
                aid = _hexid(rng)
                start = at
                end = start + dt.timedelta(seconds=ring + talk)
                calls.append((aid, camp, rng.choice(pool), agent,
                              rng.choice(("marka", "badanie")) if key == "kwalifikacja" else None,
                              ts(start), ts(start + dt.timedelta(seconds=ring)) if talk else None,
                              ts(end), talk, wrap, code, key, "[]", "{}", 0))
                events.append((_hexid(rng), agent, "on_call", None, camp, ts(start), 0))
                events.append((_hexid(rng), agent, "wrap_up", None, camp, ts(end), 0))
                at = end + dt.timedelta(seconds=wrap)
                events.append((_hexid(rng), agent, "ready", None, camp, ts(at), 0))
                if code == "meeting_booked":
                    meet = dt.datetime.combine(day + dt.timedelta(days=rng.randint(2, 10)),
                                               dt.time(rng.choice((9, 11, 13))), WAW)
                    if meet.astimezone(dt.UTC) > today:
                        status = "confirmed"
                    else:
                        status = rng.choices(("held", "no_show", "cancelled", "rescheduled"),
                                             (85, 7, 5, 3))[0]
                    meetings.append((_hexid(rng), rng.choice(reps), calls[-1][2], camp, aid,
                                     ts(meet.astimezone(dt.UTC)),
                                     ts((meet + dt.timedelta(hours=1)).astimezone(dt.UTC)),
                                     status, agent, ts(at), "{}", 0, 0))
                at += dt.timedelta(seconds=max(0.0, span - ring - talk - wrap)
                                   * rng.uniform(0.5, 1.5))
            events.append((_hexid(rng), agent, "logged_out", None, camp, ts(at), 0))
        if len(calls) >= 4 * BATCH:
            flush()
    flush()
    for _, sql in ddl:
        con.execute(sql)
    con.execute("INSERT INTO companies_fts(companies_fts) VALUES('rebuild')")
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    return {"attempts": counts["attempts"], "state_events": counts["events"],
            "meetings": counts["meetings"], "agents": n_agents, "companies": n_companies,
            "first_day": first_day.isoformat(), "last_day": end_day.isoformat()}


# ---- the floor ---------------------------------------------------------------------------------


def floor_queries(run: Callable[[str, list[Any]], Any], dialect: str,
                  disp: list[tuple[str, str, int]], campaign: str | None,
                  start: dt.datetime | None, end: dt.datetime | None,
                  group: str) -> tuple[Callable[[], Any], Callable[[], Any], Callable[[], Any]]:
    """The direct SQL, as a person would write it for this database: (all statements,
    the statements without the state events, the grouped attempts statement alone).
    ``run(sql, params)`` executes one and fetches all."""
    pg = dialect == "postgresql"
    mark = "%s" if pg else "?"

    def when(t: dt.datetime) -> Any:
        return t if pg else ts(t)

    def codes(test: Callable[[str, int], bool]) -> str:
        return ", ".join(f"'{c}'" for c, cat, contact in disp if test(cat, contact))

    contact = codes(lambda cat, c: bool(c))
    qualified = codes(lambda cat, c: cat in ("qualified", "meeting"))
    refusal = codes(lambda cat, c: cat in ("refusal", "dnc"))
    data_error = codes(lambda cat, c: cat == "data_error")
    no = "false" if pg else "0"
    where, params = [f"deleted = {no}"], []
    if campaign:
        where.append(f"campaign_id = {mark}")
        params.append(campaign)
    if start and end:
        where.append(f"started_at >= {mark} AND started_at < {mark}")
        params += [when(start), when(end)]
    a_group = {"agent": "agent_id", "campaign": "campaign_id"}[group]
    attempts_sql = (
        f"SELECT {a_group}, count(*), "
        f"sum(CASE WHEN disposition_code IN ({contact}) THEN 1 ELSE 0 END), "
        "sum(talk_seconds), sum(wrapup_seconds), count(DISTINCT company_id), "
        f"count(DISTINCT CASE WHEN disposition_code IN ({contact}) THEN company_id END), "
        f"count(DISTINCT CASE WHEN disposition_code IN ({qualified}) THEN company_id END), "
        f"count(DISTINCT CASE WHEN disposition_code IN ({refusal}) THEN company_id END), "
        f"count(DISTINCT CASE WHEN disposition_code IN ({data_error}) THEN company_id END) "
        f"FROM call_attempts WHERE {' AND '.join(where)} GROUP BY {a_group}"
    )
    m_group = {"agent": "booked_by", "campaign": "campaign_id"}[group]
    m_where = [f"deleted = {no}", "status NOT IN ('conflict', 'rescheduled')"]
    m_params: list[Any] = []
    if campaign:
        m_where.append(f"campaign_id = {mark}")
        m_params.append(campaign)
    if start and end:
        m_where.append(f"booked_at >= {mark} AND booked_at < {mark}")
        m_params += [when(start), when(end)]
    meetings_sql = (
        f"SELECT {m_group}, count(*), count(DISTINCT company_id), "
        "sum(CASE WHEN status = 'held' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) "
        f"FROM meetings WHERE {' AND '.join(m_where)} GROUP BY {m_group}"
    )
    e_group = {"agent": "user_id", "campaign": "campaign_id"}[group]
    e_where, e_params = [f"deleted = {no}", "user_id IN (SELECT id FROM users)"], []
    if start and end:
        e_where.append(f"at >= {mark} AND at < {mark}")
        e_params += [when(start - dt.timedelta(hours=12)), when(end)]
    stop = end or dt.datetime.now(dt.UTC)
    begin = start or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if pg:
        seconds = (f"greatest(extract(epoch FROM least(coalesce(nxt, {mark}), "
                   f"at + interval '12 hours', {mark}) - greatest(at, {mark})), 0)")
        s_head = [stop, stop, begin]
    else:
        seconds = (f"max((min(julianday(coalesce(nxt, {mark})), julianday(at) + 0.5, {mark}) "
                   f"- max(julianday(at), {mark})) * 86400.0, 0)")
        s_head = [ts(stop), stop.timestamp() / 86400 + 2440587.5,
                  begin.timestamp() / 86400 + 2440587.5]
    states_sql = (
        f"SELECT {e_group}, state, reason, sum({seconds}) FROM ("
        "SELECT user_id, campaign_id, state, reason, at, "
        "lead(at) OVER (PARTITION BY user_id ORDER BY at) AS nxt FROM agent_state_events "
        f"WHERE {' AND '.join(e_where)}) AS ev "
        "WHERE state != 'logged_out'" + (f" AND campaign_id = {mark}" if campaign else "")
        + f" GROUP BY {e_group}, state, reason"
    )
    s_params = [*s_head, *e_params] + ([campaign] if campaign else [])
    queue_sql = f"SELECT count(DISTINCT company_id) FROM queue_items WHERE deleted = {no}" + (
        f" AND campaign_id = {mark}" if campaign else "")

    # The report's total row: the same counts over all groups (a company once).
    attempts_total_sql = attempts_sql.replace(f"SELECT {a_group}, ", "SELECT ").replace(
        f" GROUP BY {a_group}", "")
    meetings_total_sql = meetings_sql.replace(f"SELECT {m_group}, ", "SELECT ").replace(
        f" GROUP BY {m_group}", "")

    def calls_only() -> Any:
        return [run(attempts_sql, params), run(attempts_total_sql, params),
                run(meetings_sql, m_params), run(meetings_total_sql, m_params),
                run(queue_sql, [campaign] if campaign else [])]

    def everything() -> Any:
        return [*calls_only(), run(states_sql, s_params)]

    def attempts_only() -> Any:
        return run(attempts_sql, params)

    return everything, calls_only, attempts_only


# ---- PostgreSQL copy of a data set ---------------------------------------------------------------

PG_ADMIN = os.environ.get("PROSPECTOR_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_TABLES = ("users", "campaigns", "dispositions", "segments", "sales_reps", "companies",
             "contacts", "company_segments", "queue_items", "call_attempts", "meetings",
             "agent_state_events")


def pg_dataset(folder: Path, attempts: int) -> str:
    """The SQLite data set copied into a PostgreSQL database of its own (built once).
    The meetings' exclusion constraint is dropped there: the generated meetings ignore
    rep calendars, and the report does not read it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from models import migrate

    name = f"prospector_bench_metrics_{attempts}"
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).first()
    if exists:
        probe = create_engine(url)
        with probe.connect() as conn:
            ready = conn.execute(text("SELECT to_regclass('bench_ready')")).scalar()
        probe.dispose()
        if ready:
            admin.dispose()
            return url
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(url)
    migrate.upgrade(engine)
    lite = sqlite3.connect(folder / "prospector.sqlite3")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET TIME ZONE 'UTC'")
        cur.execute("SET session_replication_role = replica")  # no FK checks while loading
        cur.execute("ALTER TABLE meetings DROP CONSTRAINT IF EXISTS ex_meetings_rep_busy")
        for table in PG_TABLES:
            cur.execute("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = %s", (table,))
            pg_cols = {r[0] for r in cur.fetchall()}
            cols = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")
                    if r[1] in pg_cols]
            quoted = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in lite.execute(f"SELECT {quoted} FROM {table}"):
                    copy.write_row(row)
        cur.execute("CREATE TABLE bench_ready (at timestamptz DEFAULT now())")
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        lite.close()
        engine.dispose()
    return url


# ---- one measurement ---------------------------------------------------------------------------


def _kpi_indexes(engine: Any) -> None:
    """The KPI indexes the models declare, created if a cached data set predates one."""
    from models import Base

    for table in ("call_attempts", "meetings", "agent_state_events", "queue_items"):
        for index in Base.metadata.tables[table].indexes:
            if index.name and index.name.endswith("_kpi") or index.name == (
                    "ix_meetings_campaign_booked"):
                index.create(engine, checkfirst=True)



def measure(attempts: int, *, whole_history: bool, repeat: int,
            postgres: bool = False) -> dict[str, Any]:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from app.db import create_sqlite_engine
    from app.services import metrics

    folder, meta = dataset(attempts)
    lite = sqlite3.connect(folder / "prospector.sqlite3")
    key = "kwalifikacja"  # the busiest campaign
    campaign_id = lite.execute("SELECT id FROM campaigns WHERE key = ?", (key,)).fetchone()[0]
    disp = lite.execute("SELECT code, category, is_contact FROM dispositions "
                        "WHERE campaign_id IS NULL").fetchall()
    period = metrics.Period()
    if not whole_history:
        last = dt.date.fromisoformat(meta["last_day"])
        period = metrics.Period.days(last.replace(day=1), last)
    if period.start:
        rows = lite.execute(
            "SELECT count(*) FROM call_attempts WHERE campaign_id = ? AND started_at >= ? "
            "AND started_at < ?", (campaign_id, ts(period.start), ts(period.end))).fetchone()[0]
    else:
        rows = meta["attempts"]
    lite.close()
    if postgres:
        import psycopg

        url = pg_dataset(folder, attempts)
        engine = create_engine(url)
        floor_con: Any = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        floor_con.execute("SET TIME ZONE 'UTC'")
        campaign_arg: Any = campaign_id
        dialect = "postgresql"
    else:
        # Not open_profile: its integrity check reads the whole (10 GB) file.
        engine = create_sqlite_engine(folder / "prospector.sqlite3")
        _kpi_indexes(engine)
        floor_con = sqlite3.connect(folder / "prospector.sqlite3")
        floor_con.execute("PRAGMA cache_size=-65536")
        floor_con.execute("PRAGMA mmap_size=268435456")
        campaign_arg = campaign_id
        dialect = "sqlite"

    def run(sql: str, params: list[Any]) -> Any:
        return floor_con.execute(sql, params).fetchall()

    if whole_history:
        scope = metrics.Scope(group_by=metrics.GroupBy.CAMPAIGN)
        floors = floor_queries(run, dialect, disp, None, None, None, "campaign")
    else:
        scope = metrics.Scope(campaign=key, period=period, group_by=metrics.GroupBy.AGENT)
        floors = floor_queries(run, dialect, disp, campaign_arg, period.start, period.end,
                               "agent")
    floor_all, floor_calls, floor_attempts = floors
    with Session(engine) as session:
        def ours() -> Any:
            return metrics.kpi_report(session, scope)

        def ours_calls() -> Any:
            return metrics.kpi_report(session, scope, agent_time=False)

        report = ours()  # untimed: warms the caches for both sides
        for f in (floor_all, ours_calls, floor_calls):
            f()
        out = {name: summary(timed_ms(fn, repeat)) for name, fn in (
            ("ours", ours), ("floor", floor_all), ("ours_calls", ours_calls),
            ("floor_calls", floor_calls), ("floor_attempts_only", floor_attempts))}
    engine.dispose()
    floor_con.close()
    result = {"meta": meta, "rows_in_scope": rows, "report_rows": len(report.rows), **out}
    sys.stderr.write(f"{dialect} {attempts:,} {'history' if whole_history else 'month'}: "
                     f"{json.dumps(_section(result))}\n")
    return result


def _section(m: dict[str, Any]) -> dict[str, Any]:
    def r(a: str, b: str) -> float:
        return round(m[a]["p50_ms"] / m[b]["p50_ms"], 2)

    return {
        "attempts_in_scope": m["rows_in_scope"], "rows": m["report_rows"],
        "ours_p50_ms": m["ours"]["p50_ms"], "ours_p95_ms": m["ours"]["p95_ms"],
        "floor_p50_ms": m["floor"]["p50_ms"], "ratio_p50": r("ours", "floor"),
        "calls_only_p50_ms": m["ours_calls"]["p50_ms"],
        "calls_only_p95_ms": m["ours_calls"]["p95_ms"],
        "floor_calls_only_p50_ms": m["floor_calls"]["p50_ms"],
        "calls_only_ratio_p50": r("ours_calls", "floor_calls"),
        "floor_attempts_only_p50_ms": m["floor_attempts_only"]["p50_ms"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200,000 attempts")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", action="store_true",
                        help="also on PostgreSQL (the 1,000,000 set, or 200,000 with --quick)")
    args = parser.parse_args()
    big, small = (200_000, 200_000) if args.quick else (5_000_000, 1_000_000)
    month = measure(big, whole_history=False, repeat=args.repeat)
    history = measure(small, whole_history=True, repeat=args.repeat)
    figures = {"sqlite_campaign_month": _section(month),
               "sqlite_whole_history": _section(history)}
    data: dict[str, Any] = {
        "campaign_month_set": {k: month["meta"][k] for k in
                               ("attempts", "state_events", "meetings", "agents", "companies")},
        "whole_history_set": {k: history["meta"][k] for k in
                              ("attempts", "state_events", "meetings", "agents", "companies")},
        "campaign_month": "busiest campaign (60 % of calls), last full month, by agent",
        "whole_history": "all campaigns, by campaign",
        "cache": "warm (one untimed pass of both sides first)",
        "reused": not (month["meta"]["built_now"] or history["meta"]["built_now"]),
        "repeat": args.repeat,
    }
    if args.postgres:
        pg_month = measure(small, whole_history=False, repeat=args.repeat, postgres=True)
        pg_history = measure(small, whole_history=True, repeat=args.repeat, postgres=True)
        figures["postgres_campaign_month"] = _section(pg_month)
        figures["postgres_whole_history"] = _section(pg_history)
        data["postgres_set"] = f"the {small:,} set copied into PostgreSQL 15 (COPY)"
    checks = [figures["sqlite_campaign_month"]["ours_p50_ms"] <= GOAL["campaign_month_ms"]]
    checks += [f["ratio_p50"] <= GOAL["ratio"] for f in figures.values()]
    emit({
        "bench": "metrics",
        "data": data,
        "figures": figures,
        "floor": {"what": "direct SQL on the same tables and indexes: GROUP BY over "
                          "attempts (CASE sums, COUNT DISTINCT company per outcome) and the "
                          "same ungrouped for the total, the same two over meetings, a window "
                          "over state events, a queue count; calls_only = without the state "
                          "events; attempts_only = the grouped attempts statement alone"},
        "goal": {"campaign_month_p50_ms": GOAL["campaign_month_ms"],
                 "ratio_p50": GOAL["ratio"]},
        "meets_goal": all(checks),
        "cores": os.cpu_count(),
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
