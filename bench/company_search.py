"""Company search latency (one page of 50, what the Companies view asks) by kind of
query, at 5,000 and 1,000,000 companies, against the floor: the same query shape in
raw sqlite3 on the same indexes, in the same run and cache state (warm: one untimed
pass of every query first)."""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo_profile, emit, summary, timed_ms  # noqa: E402


def samples(con: sqlite3.Connection, rng: random.Random, n: int) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT name, nip, phone, city FROM companies ORDER BY random() LIMIT ?", (n,)
    ).fetchall()
    out: dict[str, list[str]] = {"prefix": [], "substring": [], "nip": [], "phone": [], "city": []}
    for name, nip, phone, city in rows:
        words = name.split()
        out["prefix"].append(words[0][:4])
        w = max(words, key=len)
        start = rng.randint(0, max(0, len(w) - 5))
        out["substring"].append(w[start : start + 5])
        out["nip"].append(f"PL {nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}")
        out["phone"].append(f"{phone[3:5]} {phone[5:8]} {phone[8:10]} {phone[10:]}")
        out["city"].append(city)
    return out


def floor_query(kind: str, text: str) -> tuple[str, tuple[object, ...]]:
    from app.services.normalize import search_key

    cols = "c.id, c.name, c.nip, c.regon, c.city, c.postcode, c.voivodeship, c.phone, c.street"
    if kind in ("prefix", "city", "substring"):
        # The same trigram index, in its own order, one page.
        return (f"SELECT {cols} FROM companies_fts f JOIN companies c ON c.rowid = f.rowid "
                "WHERE companies_fts MATCH ? ORDER BY f.rowid LIMIT 50",
                ('"' + search_key(text) + '"',))
    if kind == "nip":
        digits = "".join(ch for ch in text if ch.isdigit())
        return f"SELECT {cols} FROM companies c WHERE nip = ? LIMIT 50", (digits,)
    digits = "+48" + "".join(ch for ch in text if ch.isdigit())
    return (f"SELECT {cols} FROM companies c WHERE id IN "
            "(SELECT company_id FROM phone_numbers WHERE e164 = ?) LIMIT 50", (digits,))


def run_size(companies: int, per_kind: int) -> dict[str, object]:
    from app.db import Database, create_sqlite_engine
    from app.services import companies as svc

    folder, build_s = demo_profile(companies)
    # Read-only: open the file directly (no migration, so no multi-GB backup copy).
    db = Database(create_sqlite_engine(folder / "prospector.sqlite3"))
    con = sqlite3.connect(folder / "prospector.sqlite3")
    rng = random.Random(7)
    queries = samples(con, rng, per_kind)
    figures: dict[str, object] = {}
    floors: dict[str, object] = {}
    with db.read() as session:
        for kind, texts in queries.items():
            def ours(t: str = "") -> None:
                svc.search(session, svc.SearchQuery(text=t, sort=svc.RELEVANCE), limit=50)

            def floor(t: str = "", k: str = kind) -> None:
                sql, params = floor_query(k, t)
                con.execute(sql, params).fetchall()

            for t in texts:  # warm both
                ours(t)
                floor(t)
            ours_ms = [timed_ms(lambda t=t: ours(t), 1)[0] for t in texts]
            floor_ms = [timed_ms(lambda t=t: floor(t), 1)[0] for t in texts]
            figures[kind] = summary(ours_ms)
            floors[kind] = summary(floor_ms)
    db.dispose()
    con.close()
    return {"figures": figures, "floor": floors, "demo_build_s": build_s}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes = [5000] if args.quick else [5000, 1_000_000]
    result: dict[str, object] = {"bench": "company_search", "data": {
        "sizes": sizes, "cache": "warm", "page": 50, "queries_per_kind": 100,
        "order": "relevance (the GUI's order while text is typed)",
        "built": "demo workspaces built once into bench/data and reused"}}
    worst_ratio = 0.0
    worst_p95 = 0.0
    for size in sizes:
        r = run_size(size, 100)
        result[str(size)] = r
        if size == max(sizes):
            for kind, fig in r["figures"].items():  # type: ignore[union-attr]
                floor = r["floor"][kind]  # type: ignore[index]
                worst_p95 = max(worst_p95, fig["p95_ms"])
                worst_ratio = max(worst_ratio, fig["p95_ms"] / max(floor["p95_ms"], 0.05))
    result["worst_p95_ms"] = round(worst_p95, 3)
    result["worst_ratio_p95"] = round(worst_ratio, 2)
    result["goal"] = {"p95_ms": 20, "ratio_p95": 5}
    result["meets_goal"] = worst_p95 <= 20 and worst_ratio <= 5
    emit(result)


if __name__ == "__main__":
    main()
