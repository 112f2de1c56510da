"""Shared helpers for the benchmarks: timing, percentiles, cached data sets, output."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed_ms(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 0.5), 3),
        "p95_ms": round(percentile(samples, 0.95), 3),
        "mean_ms": round(statistics.fmean(samples), 3) if samples else float("nan"),
    }


def demo_profile(companies: int, seed: int = 1) -> tuple[Path, float | None]:
    """A demo workspace of the given size, built once and reused between runs.
    Returns its folder and the build time when it was built now (else None)."""
    folder = DATA / f"demo-{companies}-s{seed}"
    if (folder / "prospector.sqlite3").exists():
        return folder, None
    folder.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "demo", "--profile", str(folder),
         "--companies", str(companies), "--seed", str(seed), "--json"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    return folder, time.perf_counter() - started


def emit(result: dict[str, Any]) -> None:
    result.setdefault("cores", os.cpu_count())
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
