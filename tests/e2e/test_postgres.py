"""Two kiosks (two app processes, two data directories) on one PostgreSQL account store
(issue 10). Needs the private test cluster: `eval "$(scripts/pg-test-cluster.sh start)"`
(scripts/test.sh does it), which sets LATCHKEY_TEST_PG_URL and LATCHKEY_TEST_PG_PASSWORD."""

from __future__ import annotations

import os
import secrets
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from flows import home_shows, new_person, register, sign_in, verify
from mailserver import MailServer

PG_URL = os.environ.get("LATCHKEY_TEST_PG_URL", "")
PG_PASSWORD = os.environ.get("LATCHKEY_TEST_PG_PASSWORD", "")

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL test cluster (LATCHKEY_TEST_PG_URL)")


def psql() -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))
    return str(versions[-1]) if versions else "psql"


@pytest.fixture
def fleet_store() -> dict[str, str]:
    """A fresh schema on the test server and the environment a kiosk of the fleet gets."""
    schema = "e2e_" + secrets.token_hex(6)
    subprocess.run([psql(), PG_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", f"CREATE SCHEMA {schema}"],
                   env={**os.environ, "PGPASSWORD": PG_PASSWORD}, check=True)
    url = PG_URL + ("&" if "?" in PG_URL else "?") + urllib.parse.urlencode({"options[search_path]": schema})
    return {
        "LATCHKEY_DATABASE_URL": url,
        "LATCHKEY_DATABASE_PASSWORD": PG_PASSWORD,
        "LATCHKEY_FLEET_KEY": secrets.token_hex(32),
    }


@pytest.fixture
def smtp(tmp_path: Path):
    server = MailServer(tmp_path / "mail")
    yield server
    server.stop()


def test_two_kiosks_on_one_server_share_accounts_and_sign_out_everywhere(launch, smtp, fleet_store, tmp_path):
    env = {"LATCHKEY_SMTP_URL": smtp.url, "LATCHKEY_MAIL_FROM": "Latchkey <no-reply@latchkey.test>", **fleet_store}
    first = launch(**env)
    person = new_person()
    register(first, person)
    verify(first, smtp.latest_code(person.email, "verification"))
    home_shows(first, person.first_name)
    # Signed in again without "remember me": the two kiosks share the test desktop's keyring.
    first.button("Sign out", first.screen("home")).click()
    sign_in(first, person.username, person.password, remember=False)
    home_shows(first, person.first_name)

    second_dir = tmp_path / "kiosk-2"
    second_dir.mkdir()
    second = launch(**{**env, "LATCHKEY_DATA_DIR": str(second_dir)})
    sign_in(second, person.email, person.password, remember=False)  # an account made on kiosk 1
    home = home_shows(second, person.first_name)
    second.button("Sign out everywhere", home).click()
    second.screen("sign-in")

    # Kiosk 1 notices by itself (its session watch reads the shared store).
    screen = first.screen("sign-in", timeout=30)
    assert "ended" in screen.text
    # Neither kiosk wrote a SQLite store: the accounts live on the server.
    assert not (second_dir / "latchkey.db").exists()
