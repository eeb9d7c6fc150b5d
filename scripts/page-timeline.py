#!/usr/bin/env python3
"""Where a launch's time goes, split at the page's navigation: launch -> navigation (the process,
GTK, Tauri, the web process) and navigation -> each step of the page (HTML answered, first paint,
DOMContentLoaded, the screen shown), medians of N launches, read from the page's `performance`
and the app's `__latchkeyScreenShownAt` through tauri-driver under Xvfb. A diagnostic (no
target): run it on two builds and compare.

  tests/e2e/with-desktop.sh target/test-venv/bin/python scripts/page-timeline.py \
      --latchkey target/release/latchkey [--latchkey other/latchkey] [--runs 8] [--remembered]

Given two builds, it alternates their launches (A, B, A, B…) and prints both.

--remembered first registers an account with Remember me (dev mailbox, operator mode), then times
launches that open Home from the keyring; otherwise each launch has a new data dir (sign-in form).

Marks the page sets (`performance.mark("name")`, e.g. added for a while in the UI's start-up code
and the release build rebuilt) are printed too, medians from the navigation, in their order.
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--latchkey", type=Path, action="append", required=True, help="once, or twice to compare")
ap.add_argument("--runs", type=int, default=8)
ap.add_argument("--remembered", action="store_true")
args = ap.parse_args()
os.environ["LATCHKEY_E2E_APP"] = str(args.latchkey[0].resolve())
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from harness import LatchkeyApp  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import importlib  # noqa: E402

from procstats import pids_of, start_time  # noqa: E402

# All in milliseconds from the navigation's start (performance's time origin), except `origin`:
# the time origin itself, from the process's start.
PROBE = """
const nav = performance.getEntriesByType("navigation")[0];
const paint = performance.getEntriesByType("paint").find((p) => p.name === "first-paint");
const shown = window.__latchkeyScreenShownAt?.[arguments[0]];
return {
  originEpochMs: performance.timeOrigin,
  html: nav ? nav.responseEnd : null,
  firstPaint: paint ? paint.startTime : null,
  dcl: nav ? nav.domContentLoadedEventEnd : null,
  shown: shown == null ? null : shown - performance.timeOrigin,
  // Marks the page set (performance.mark), by name: when, from the navigation.
  marks: performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]),
};
"""


def launch_once(binary: Path, screen: str, data_dir: str | None) -> dict:
    before = pids_of(binary)
    app = LatchkeyApp.launch({"LATCHKEY_DATA_DIR": data_dir or tempfile.mkdtemp()}, Path(tempfile.mktemp()), binary=binary)
    try:
        app.screen(screen, 30)
        probe = app.driver.execute_script(PROBE, screen)
        pid = (pids_of(binary) - before).pop()
        probe["origin"] = probe.pop("originEpochMs") - start_time(pid) * 1000
        for name, at in probe.pop("marks") or []:
            probe.setdefault("marks", {})[name] = at
        return probe
    finally:
        app.quit()


def main() -> None:
    binaries = [b.resolve() for b in args.latchkey]
    screen = "home" if args.remembered else "sign-in"
    data_dir = None
    if args.remembered:
        bench_launch = importlib.import_module("bench-launch")
        data_dir = tempfile.mkdtemp()
        bench_launch.remember_a_session(data_dir)
    rows = {b: [] for b in binaries}
    for i in range(args.runs):
        for binary in binaries:
            probe = launch_once(binary, screen, data_dir)
            rows[binary].append(probe)
            print(f"run {i + 1} {binary}: " + ", ".join(f"{k} {v:.0f}" for k, v in probe.items() if isinstance(v, float | int)), flush=True)
    for binary, runs in rows.items():
        print(f"{binary}: medians over {len(runs)} launches, ms ({screen}; origin = launch -> navigation, the rest from navigation):")
        for key in ["origin", "html", "firstPaint", "dcl", "shown"]:
            values = [r[key] for r in runs if r.get(key) is not None]
            if values:
                print(f"  {key:10} {statistics.median(values):7.1f}  ({min(values):.0f}–{max(values):.0f})")
        # Marks the page set (performance.mark), if any: a probe added while looking for the time.
        names = sorted({n for r in runs for n in r.get("marks", {})},
                       key=lambda n: statistics.median(r["marks"][n] for r in runs if n in r.get("marks", {})))
        for name in names:
            values = [r["marks"][name] for r in runs if name in r.get("marks", {})]
            print(f"  mark {name:20} {statistics.median(values):7.1f}  ({min(values):.0f}–{max(values):.0f})")


if __name__ == "__main__":
    main()
