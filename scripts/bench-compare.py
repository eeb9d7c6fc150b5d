#!/usr/bin/env python3
"""Latchkey against a bare Tauri 2 window (benches/bare-window/), alternating A/B runs:
launch -> usable sign-in form (both), launch -> Home with a remembered session (Latchkey,
compared with the bare window's form), PSS of the app + its WebKit processes 1 s after the
screen appeared (and, like for like, of the bare window drawn on the CPU as Latchkey is),
PSS 1 s after a sign-in with the password (the account registered, verified and signed out
in a first launch; each run then launches, signs in without Remember me and waits for Home:
the argon2 work done in the app process), and the ratios. Both release
binaries must be built (scripts/bench-compare.sh builds them and then runs this inside the
test desktop):

  tests/e2e/with-desktop.sh target/test-venv/bin/python scripts/bench-compare.py \
      --latchkey target/release/latchkey --bare benches/bare-window/target/release/bare-window

"Launch" is the process's start time (/proc), "usable" the page-clock moment the form's root
element was put in the page (`__latchkeyScreenShownAt`), as in scripts/bench-launch.py.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--latchkey", type=Path, required=True)
ap.add_argument("--bare", type=Path, required=True)
ap.add_argument("--runs", type=int, default=5)
args = ap.parse_args()
# The harness reads the app path when imported.
os.environ["LATCHKEY_E2E_APP"] = str(args.latchkey.resolve())
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from harness import LatchkeyApp  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procstats import descendants, pids_of, pss_kib, start_time  # noqa: E402


# What src-tauri/src/rendering.rs sets for Latchkey's own web process.
CPU_DRAWN = {"WEBKIT_DISABLE_COMPOSITING_MODE": "1"}


def measure(binary: Path, screen: str, data_dir: str, env: dict | None = None) -> tuple[float, float]:
    binary = binary.resolve()
    before = pids_of(binary)
    app = LatchkeyApp.launch({"LATCHKEY_DATA_DIR": data_dir, **(env or {})}, Path(tempfile.mktemp()),
                             binary=binary)
    try:
        app.screen(screen, 30)
        shown_ms = app.driver.execute_script(
            "return window.__latchkeyScreenShownAt?.[arguments[0]] ?? Date.now()", screen)
        pid = (pids_of(binary) - before).pop()
        started = start_time(pid)
        time.sleep(1)
        return shown_ms / 1000 - started, pss_kib(descendants(pid)) / 1024
    finally:
        app.quit()


def account_signed_out(bench_launch, binary: Path) -> tuple[str, object]:
    """A data dir holding one verified account, nobody signed in or remembered: registered and
    verified (code from the dev mailbox, operator mode) and signed out in a first launch."""
    from flows import sign_out  # noqa: PLC0415

    data_dir = tempfile.mkdtemp()
    app = LatchkeyApp.launch({"LATCHKEY_DATA_DIR": data_dir, "LATCHKEY_OPERATOR_MODE": "1"},
                             Path(tempfile.mktemp()), binary=binary.resolve())
    try:
        person = bench_launch.register_and_verify(app)
        sign_out(app)
    finally:
        app.quit()
    return data_dir, person


def measure_after_password_sign_in(binary: Path, data_dir: str, person) -> float:
    """PSS (MiB) of a new launch 1 s after Home shows following a sign-in with the password
    (argon2 verification in the app process), without Remember me."""
    from flows import sign_in  # noqa: PLC0415

    binary = binary.resolve()
    before = pids_of(binary)
    app = LatchkeyApp.launch({"LATCHKEY_DATA_DIR": data_dir}, Path(tempfile.mktemp()), binary=binary)
    try:
        sign_in(app, person.username, person.password, remember=False)
        app.screen("home")
        pid = (pids_of(binary) - before).pop()
        time.sleep(1)
        return pss_kib(descendants(pid)) / 1024
    finally:
        app.quit()


def main() -> None:
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("bench_launch", Path(__file__).with_name("bench-launch.py"))
    bench_launch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_launch)
    results = {}

    def alternate(cases: dict) -> None:
        for name in cases:
            results.setdefault(name, ([], []))
        for i in range(args.runs):
            order = list(cases) if i % 2 == 0 else list(reversed(cases))  # A B, B A, …
            for name in order:
                binary, screen, data_dir, *env = cases[name]
                t, mem = measure(binary, screen, data_dir or tempfile.mkdtemp(), *env)
                results[name][0].append(t)
                results[name][1].append(mem)
                print(f"run {i + 1} {name}: {t:.3f} s, PSS {mem:.0f} MiB", flush=True)

    # Two phases: Latchkey with a new data dir finds the keyring's remembered token invalid for
    # that database and forgets it, so the remembered session is set up after the first phase.
    alternate({
        "bare: launch -> form": (args.bare, "sign-in", None),
        "latchkey: launch -> sign-in": (args.latchkey, "sign-in", None),
        # Latchkey has WebKit draw on the CPU (src-tauri/src/rendering.rs); the bare window
        # drawn the same way shows how much of the memory ratio is that choice.
        "bare drawn on the CPU: launch -> form": (args.bare, "sign-in", None, CPU_DRAWN),
    })
    remembered_dir = tempfile.mkdtemp()
    bench_launch.remember_a_session(remembered_dir)
    alternate({
        "bare: launch -> form (2)": (args.bare, "sign-in", None),
        "latchkey: launch -> Home (remembered)": (args.latchkey, "home", remembered_dir),
    })
    second = results.pop("bare: launch -> form (2)")
    results["bare: launch -> form"][0].extend(second[0])
    results["bare: launch -> form"][1].extend(second[1])

    data_dir, person = account_signed_out(bench_launch, args.latchkey)
    signed_in = [measure_after_password_sign_in(args.latchkey, data_dir, person) for _ in range(args.runs)]
    for i, mem in enumerate(signed_in):
        print(f"latchkey after a password sign-in {i + 1}: PSS {mem:.0f} MiB", flush=True)

    med = {name: (statistics.median(ts), statistics.median(ms)) for name, (ts, ms) in results.items()}
    print(f"\nmedians over {args.runs} alternating runs:")
    for name, (ts, ms) in results.items():
        print(f"  {name:40s} {med[name][0]:.3f} s ({min(ts):.3f}–{max(ts):.3f}), "
              f"PSS {med[name][1]:.0f} MiB ({min(ms):.0f}–{max(ms):.0f})")
    bare_t, bare_m = med["bare: launch -> form"]
    sign_in_t, sign_in_m = med["latchkey: launch -> sign-in"]
    home_t, home_m = med["latchkey: launch -> Home (remembered)"]
    print(f"ratio launch -> sign-in form: {sign_in_t / bare_t:.2f}× (target ≤ 1.2×)")
    print(f"ratio launch -> Home (remembered) vs bare form: {home_t / bare_t:.2f}× (target ≤ 1.3×)")
    signed_in_m = statistics.median(signed_in)
    print(f"  {'latchkey: after a password sign-in':40s} PSS {signed_in_m:.0f} MiB "
          f"({min(signed_in):.0f}–{max(signed_in):.0f})")
    print(f"ratio PSS after a password sign-in vs bare: {signed_in_m / bare_m:.2f}× (target ≤ 1.08×); "
          f"Home with a remembered session: {home_m / bare_m:.2f}×; on the sign-in screen: {sign_in_m / bare_m:.2f}×")
    cpu_bare_m = med["bare drawn on the CPU: launch -> form"][1]
    print(f"like for like (the bare window drawn on the CPU too, as Latchkey is): PSS after a password "
          f"sign-in {signed_in_m / cpu_bare_m:.2f}×, on the sign-in screen {sign_in_m / cpu_bare_m:.2f}×")
    size_l, size_b = args.latchkey.stat().st_size, args.bare.stat().st_size
    print(f"release binary: Latchkey {size_l:,} B, bare {size_b:,} B, ratio {size_l / size_b:.2f}× (target ≤ 2×)")


if __name__ == "__main__":
    main()
