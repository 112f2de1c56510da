"""Benchmark of the call-script engine.

Figures: validating a generated 500-node script from its YAML text (parse, schema,
targets, conditions, merge fields, graph checks), and headless runs per second of the
bundled lead-qualification script along its longest path (about 45 nodes, 14 answers).
Prints exactly one JSON object. ``--quick`` runs fewer repetitions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from scripts_lead_gen.library import load_bundled_script  # noqa: E402
from scripts_lead_gen.runtime import run_headless  # noqa: E402
from scripts_lead_gen.validate import validate_script  # noqa: E402

GOAL = {"validate_500_ms": 100.0, "runs_per_s": 10_000.0}

_INT_FIELDS = [
    "fleet_cars",
    "fleet_vans",
    "fleet_trucks",
    "fleet_trailers",
    "fleet_buses",
    "fleet_agricultural",
    "fleet_construction",
    "fleet_total",
]


def generate_script(n_nodes: int = 500) -> str:
    """A valid script of ``n_nodes`` nodes: blocks of say → ask → branch → action."""
    nodes: list[dict[str, Any]] = []
    blocks = (n_nodes - 1) // 4
    for b in range(blocks):
        field = _INT_FIELDS[b % len(_INT_FIELDS)]
        nxt = f"s{b + 1}" if b + 1 < blocks else "end"
        nodes.append(
            {
                "id": f"s{b}",
                "kind": "say",
                "text": f"Krok {b}: {{company.name|Firma}} – {{agent.name}}, "
                f"{{field.{field}|brak}} ({{contact.first_name|Pan/Pani}})",
                "text_en": f"Step {b}: {{company.name|Company}}",
                "next": f"q{b}",
            }
        )
        nodes.append(
            {"id": f"q{b}", "kind": "ask", "field": field, "text": "Ile?", "next": f"b{b}"}
        )
        nodes.append(
            {
                "id": f"b{b}",
                "kind": "branch",
                "branches": [
                    {
                        "if": f'{field} >= {b % 50} and (segment == "premium" '
                        f'or tyre_brand in ["michelin", "debica"]) and not retreading_used',
                        "goto": f"a{b}",
                    },
                    {"if": f"company.size > 10 or {field} == null", "goto": nxt},
                ],
                "else": nxt,
            }
        )
        nodes.append(
            {
                "id": f"a{b}",
                "kind": "action",
                "action": "set_segment",
                "segment": "premium",
                "next": nxt,
            }
        )
    while len(nodes) < n_nodes - 1:
        i = len(nodes)
        nodes.append({"id": f"x{i}", "kind": "say", "text": "…", "next": "end"})
    nodes.append({"id": "end", "kind": "action", "action": "end_call", "disposition": "done"})
    script = {
        "id": "bench",
        "title": "Bench",
        "caller_identity": "Bench",
        "start": "s0",
        "nodes": nodes,
        "objections": [
            {"id": f"o{i}", "label": f"O{i}", "text": "Rozumiem.", "return": "back"}
            for i in range(9)
        ],
    }
    return yaml.safe_dump(script, allow_unicode=True, sort_keys=False)


QUALIFICATION_ANSWERS: dict[str, Any] = {
    "consent_to_interview": "tak",
    "fleet_total": "45",
    "fleet_cars": 5,
    "fleet_vans": "10",
    "fleet_trucks": "30",
    "fleet_trailers": 30,
    "tyre_brand": "michelin",
    "annual_tyre_budget_pln": "250 000,50",
    "product_tier_preference": "premium",
    "decision_maker_phone": "601 234 567",
    "interested_in_offer": True,
    "products_of_interest": ["truck", "van"],
    "wants_rep_visit": "tak",
    "consent_rep_contact": "tak",
}
CONTEXT: dict[str, Any] = {
    "company": {"name": "Trans-Pol sp. z o.o.", "city": "Poznań"},
    "contact": {"first_name": "Jan", "last_name": "Kowalski"},
    "agent": {"name": "Anna Nowak"},
    "segments": ["potential"],
}


def bench_validate(text: str, repeats: int) -> tuple[float, float]:
    """(best, median) milliseconds to validate ``text`` from scratch."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        report = validate_script(text)
        times.append((time.perf_counter() - t0) * 1000)
        if not report.ok:
            raise SystemExit(f"generated script is invalid: {report.errors[:3]}")
    return min(times), statistics.median(times)


def bench_runs(batches: int, batch_size: int) -> tuple[float, float, int]:
    """(best, median) headless runs per second over ``batches`` timed batches."""
    compiled = load_bundled_script("lead_qualification")
    result = run_headless(compiled, QUALIFICATION_ANSWERS, CONTEXT)
    if result["outcome"] != "lead_rep_requested" or result["errors"]:
        raise SystemExit(f"bench run did not reach its outcome: {result}")
    rates = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(batch_size):
            run_headless(compiled, QUALIFICATION_ANSWERS, CONTEXT)
        rates.append(batch_size / (time.perf_counter() - t0))
    return max(rates), statistics.median(rates), len(result["path"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    text = generate_script(500)
    validate_ms, validate_median = bench_validate(text, 5 if args.quick else 21)
    runs_per_s, runs_median, path_len = bench_runs(3 if args.quick else 9, 1000)
    figures = {"validate_500_ms": round(validate_ms, 2), "runs_per_s": round(runs_per_s)}
    out = {
        "bench": "script_engine",
        "cores": os.cpu_count(),
        "data": {
            "nodes": 500,
            "yaml_bytes": len(text.encode("utf-8")),
            "run_script": "lead_qualification",
            "run_path_nodes": path_len,
            "run_answers": len(QUALIFICATION_ANSWERS),
            "quick": args.quick,
            "method": "figures are the best of repeated timings; medians alongside",
            "validate_500_ms_median": round(validate_median, 2),
            "runs_per_s_median": round(runs_median),
        },
        "figures": figures,
        "goal": GOAL,
        "meets_goal": validate_ms <= GOAL["validate_500_ms"] and runs_per_s >= GOAL["runs_per_s"],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
