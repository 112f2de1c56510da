"""Run every benchmark in bench/ and collect their JSON into bench/results/latest.json.

`make bench` runs the full sizes; `make bench BENCH_ARGS=--quick` the small ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run_all.py", "common.py"}


def main() -> int:
    args = sys.argv[1:]
    results = []
    failed = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name in SKIP or script.name.startswith("_"):
            continue
        sys.stderr.write(f"== {script.name}\n")
        proc = subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True,
            cwd=HERE.parent,
        )
        sys.stderr.write(proc.stderr[-2000:])
        lines = [ln for ln in proc.stdout.splitlines() if ln.strip().startswith("{")]
        if proc.returncode != 0 or not lines:
            failed += 1
            results.append({"bench": script.stem, "error": f"exit {proc.returncode}"})
            continue
        result = json.loads(lines[-1])
        results.append(result)
        print(json.dumps(result, ensure_ascii=False))
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
