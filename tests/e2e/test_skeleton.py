"""Walking skeleton: the real window starts, renders the sign-in screen, and shows values that
only the Rust side can know (the app version and the data directory's database status)."""

import sqlite3
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
