"""Start-up: `prospector` to the first painted main window on the demo profile, as a
whole process, against the floor: a bare QApplication + empty QMainWindow shown, also
as a whole process, in the same run (offscreen platform)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo_profile, emit, summary  # noqa: E402

FLOOR = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def run(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 5 if args.quick else 15
    folder, _ = demo_profile(5000)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PROSPECTOR_EXIT_AFTER_PAINT="1")
    ours_cmd = [sys.executable, "-m", "app", "gui", "--profile", str(folder)]
    floor_cmd = [sys.executable, "-c", FLOOR]
    run(ours_cmd, env)
    run(floor_cmd, env)
    ours, floor = [], []
    for _ in range(repeat):
        ours.append(run(ours_cmd, env))
        floor.append(run(floor_cmd, env))
    o, f = summary(ours), summary(floor)
    ratio = o["p50_ms"] / f["p50_ms"]
    emit({
        "bench": "startup",
        "data": {"companies": 5000, "runs": repeat, "platform": "offscreen",
                 "measure": "whole process, start to first paint then exit"},
        "figures": o,
        "floor": {**f, "what": "bare QApplication + empty QMainWindow shown, whole process"},
        "ratio_p50": round(ratio, 2),
        "goal": {"p50_ms": 500, "ratio_p50": 4},
        "meets_goal": o["p50_ms"] <= 500 and ratio <= 4,
    })


if __name__ == "__main__":
    main()
