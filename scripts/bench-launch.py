#!/usr/bin/env python3
"""Prints launch -> screen-rendered times (median of N) and the app's memory (PSS of the app and
its WebKit processes), measured on the real binary through tauri-driver, under Xvfb.

Run inside the test desktop:
  tests/e2e/with-desktop.sh target/test-venv/bin/python scripts/bench-launch.py [--runs 5]
  tests/e2e/with-desktop.sh target/test-venv/bin/python scripts/bench-launch.py --remembered
(--remembered first registers an account through the dev mailbox with "Remember me", then times
launches that open Home straight from the keyring, and measures memory while signed in.)
The launch moment is the app process's start time from /proc; the rendered moment is when the
screen's root element exists, read back from the page clock (Date.now()) at that time.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from harness import APP, LatchkeyApp  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procstats import descendants, pids_of, pss_kib, start_time  # noqa: E402


def register_and_verify(app: LatchkeyApp):
    """Registers a new person in APP and verifies the address with the code from the dev mailbox
    (open before sign-in only in operator mode: launch APP with LATCHKEY_OPERATOR_MODE=1); ends on
    Home. Returns the person."""
    import re  # noqa: PLC0415

    from flows import new_person, register, verify  # noqa: PLC0415 - only needed here

    person = new_person()
    register(app, person)
    app.button("Open dev mailbox", app.screen("verify")).click()
    mailbox = app.screen("mailbox")
    app.wait().until(lambda _: "verification" in mailbox.text.lower())
    mailbox.find_elements("css selector", "[data-message-id]")[0].click()
    code = app.wait().until(lambda _: re.search(r"\b\d{3} ?\d{3}\b", mailbox.text)).group(0).replace(" ", "")
    app.button("Back", mailbox).click()
    verify(app, code)
    app.screen("home")
    return person


def remember_a_session(data_dir: str) -> None:
    """Registers and verifies an account (code from the dev mailbox), signed in with Remember me."""
    app = LatchkeyApp.launch({"LATCHKEY_DATA_DIR": data_dir, "LATCHKEY_OPERATOR_MODE": "1"}, Path(tempfile.mktemp()))
    try:
        register_and_verify(app)
    finally:
        app.quit()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--screen", default="sign-in")
    ap.add_argument("--remembered", action="store_true", help="time launch -> Home with a remembered session")
    args = ap.parse_args()
    data_dir = None
    if args.remembered:
        args.screen = "home"
        data_dir = tempfile.mkdtemp()
        remember_a_session(data_dir)
    times, mems = [], []
    for i in range(args.runs):
        run_dir = data_dir or tempfile.mkdtemp()
        before = pids_of(APP)
        app = LatchkeyApp.launch({"LATCHKEY_DATA_DIR": run_dir}, Path(tempfile.mktemp()))
        try:
            app.screen(args.screen, 30)
            rendered_ms = app.driver.execute_script(
                "return window.__latchkeyScreenShownAt?.[arguments[0]] ?? null", args.screen)
            if rendered_ms is None:
                rendered_ms = app.driver.execute_script("return Date.now()")
            pid = (pids_of(APP) - before).pop()
            elapsed = rendered_ms / 1000 - start_time(pid)
            time.sleep(1)
            tree = descendants(pid)
            mem = pss_kib(tree) / 1024
            times.append(elapsed)
            mems.append(mem)
            print(f"run {i + 1}: launch -> {args.screen} rendered {elapsed:.3f} s, PSS {mem:.0f} MiB ({len(tree)} processes)")
        finally:
            app.quit()
    print(f"median launch -> {args.screen}: {statistics.median(times):.3f} s over {len(times)} runs; "
          f"median PSS {statistics.median(mems):.0f} MiB")


if __name__ == "__main__":
    main()
