"""Walking skeleton: the real window starts, renders the sign-in screen, and shows values that
only the Rust side can know (the app version and the data directory's database status)."""

import sqlite3
import sys
import tomllib
from pathlib import Path

from harness import APP

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from procstats import descendants, pids_of  # noqa: E402


def workspace_version() -> str:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    return cargo["workspace"]["package"]["version"]


def test_app_starts_on_the_sign_in_screen_and_shows_backend_status(launch, data_dir):
    app = launch()
    screen = app.screen("sign-in")
    assert app.input_labelled("Email or username", screen).is_displayed()
    assert app.input_labelled("Password", screen).get_attribute("type") == "password"
    assert app.button("Sign in", screen).is_enabled()

    version = app.text_of_testid("app-version", workspace_version())
    assert version == f"Latchkey {workspace_version()}"

    db_file = data_dir / "latchkey.db"
    status = app.text_of_testid("database-status", str(db_file))
    assert "wal" in status
    assert "new database created" in status

    # The app really made and migrated that database, privately.
    assert db_file.exists()
    assert oct(db_file.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(db_file) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"accounts", "sessions", "outbox", "one_time_codes"} <= tables
    app.screenshot("sign-in")


def web_process_environment(launch, **env: str) -> dict[str, str]:
    """The environment of the WebKit web process drawing a newly launched app's page."""
    before = pids_of(APP)
    app = launch(**env)
    app.screen("sign-in")
    (pid,) = pids_of(APP) - before
    for child in descendants(pid):
        if Path(f"/proc/{child}/comm").read_text().strip() == "WebKitWebProces":
            raw = Path(f"/proc/{child}/environ").read_bytes()
            app.quit()
            return dict(kv.split("=", 1) for kv in raw.decode().split("\0") if "=" in kv)
    raise AssertionError(f"no WebKitWebProcess under the app's process {pid}")


def test_the_page_is_drawn_on_the_cpu_unless_the_person_asks_for_the_gpu(launch):
    # Compositing on the GPU costs ~80 MiB in the web process where there is no GPU (Mesa's
    # software rasteriser): the app turns it off for its web process (BENCHMARKS.md, issue 16).
    assert web_process_environment(launch).get("WEBKIT_DISABLE_COMPOSITING_MODE") == "1"
    # A person who wants it back says so, and the app leaves their choice alone.
    chosen = web_process_environment(launch, WEBKIT_DISABLE_COMPOSITING_MODE="0")
    assert chosen.get("WEBKIT_DISABLE_COMPOSITING_MODE") == "0"


def test_a_store_that_cannot_be_opened_is_told_on_screen_and_left_untouched(launch, data_dir):
    # Not a SQLite database at all (a file copied over it, a disk that lost it): the store
    # opens while the window starts, so the window is up and says why, once, with no retrying.
    db_file = data_dir / "latchkey.db"
    garbage = b"these are not the accounts you are looking for\n" * 200
    db_file.write_bytes(garbage)
    app = launch()
    screen = app.screen("store-failed")
    assert "The account store cannot be opened" in screen.text
    detail = app.driver.find_element("css selector", "#store-down-detail").text
    assert str(db_file) in detail or "latchkey.db" in detail, detail
    assert not app.driver.find_elements("css selector", '[data-screen="sign-in"]')
    app.screenshot("store-failed")
    assert db_file.read_bytes() == garbage  # nothing was written over it
