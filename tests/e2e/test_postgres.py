"""Two kiosks (two app processes, two data directories) on one PostgreSQL account store
(issue 10). Needs the private test cluster: `eval "$(scripts/pg-test-cluster.sh start)"`
(scripts/test.sh does it), which sets LATCHKEY_TEST_PG_URL and LATCHKEY_TEST_PG_PASSWORD."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import threading
import urllib.parse
from pathlib import Path

import pytest

from flows import home_shows, new_person, register, sign_in, verify
from mailserver import MailServer

PG_URL = os.environ.get("LATCHKEY_TEST_PG_URL", "")
PG_PASSWORD = os.environ.get("LATCHKEY_TEST_PG_PASSWORD", "")
PG_CA = os.environ.get("LATCHKEY_TEST_PG_CA", "")

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


class TcpRelay:
    """The account server as a kiosk sees it: a relay on 127.0.0.1 to the real test server that
    the test can take down and bring back (the server itself stays up for the other tests)."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener: socket.socket | None = None
        self.connections: list[socket.socket] = []
        self.closing_after = 0

    def start(self) -> None:
        self.closing_after = 0
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self, let_through: int = 0) -> None:
        """Ends every connection and stops listening; with `let_through`, only after relaying that
        many more new connections (a server that goes away while a kiosk is opening its store)."""
        for conn in self.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        self.connections.clear()
        if self.listener:
            self.closing_after = let_through
            if let_through == 0:
                self._close_listener()

    def _close_listener(self) -> None:
        if self.listener:
            # close() alone leaves the socket listening while the accept thread waits in it (the
            # thread would take one more connection); shutdown wakes that thread and stops it.
            try:
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()
            if self.closing_after:
                self.closing_after -= 1
                if self.closing_after == 0:
                    self._close_listener()  # that connection stays: the kiosk finds out later
                    return

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.fixture
def relayed(smtp, fleet_store):
    """The kiosk's environment with its server behind a relay the test takes down and brings
    back (down at first), and the relay."""
    parsed = urllib.parse.urlsplit(fleet_store["LATCHKEY_DATABASE_URL"])
    relay = TcpRelay(parsed.hostname, parsed.port)
    user = f"{parsed.username}@" if parsed.username else ""
    url = urllib.parse.urlunsplit(parsed._replace(netloc=f"{user}127.0.0.1:{relay.port}"))
    env = {
        "LATCHKEY_SMTP_URL": smtp.url,
        "LATCHKEY_MAIL_FROM": "Latchkey <no-reply@latchkey.test>",
        **fleet_store,
        "LATCHKEY_DATABASE_URL": url,
    }
    yield relay, env
    relay.stop()


def test_a_kiosk_started_before_its_server_waits_on_screen_and_carries_on_when_it_answers(launch, smtp, relayed):
    relay, env = relayed
    # Nothing listens yet: the window opens anyway and says why it waits.
    app = launch(**env)
    screen = app.screen("store-down")
    assert "The account server is unreachable; retrying" in screen.text
    assert f"127.0.0.1:{relay.port}" in screen.text  # the operator's detail names the server
    app.screenshot("store-down")
    # The server comes back: sign-in appears by itself and the store works.
    relay.start()
    app.screen("sign-in", timeout=30)
    person = new_person()
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))
    home_shows(app, person.first_name)


def test_a_remembered_session_waits_for_its_server_and_opens_home_when_it_answers(launch, smtp, relayed):
    """The page asks whether a session is remembered at once, before the store is open; the
    early answer (`store_unreachable` while the server is down) is asked again once it is. The
    schema exists this time: the kiosk that comes back to it finds nothing to create."""
    relay, env = relayed
    relay.start()
    first = launch(**env)
    person = new_person()
    register(first, person)
    verify(first, smtp.latest_code(person.email, "verification"))  # remembered
    home_shows(first, person.first_name)
    first.quit()

    # The server answers the kiosk's first connection and is gone before the migrations check
    # has its own: waiting will fix that, as for a server that never answered.
    relay.stop(let_through=1)
    again = launch(**env)
    screen = again.screen("store-down")
    assert "The account server is unreachable; retrying" in screen.text
    relay.start()
    # Home, not sign-in: the remembered session was asked for again once the store opened.
    home = home_shows(again, person.first_name, timeout=30)
    again.button("Sign out", home).click()  # forgets it in the test desktop's keyring
    again.screen("sign-in")


def keyring_store(account: str, secret: str) -> None:
    subprocess.run(["secret-tool", "store", f"--label=Latchkey {account}", "service", "dev.latchkey.app",
                    "username", account], input=secret.encode(), check=True, timeout=30)


def tls_connections() -> int:
    """Connections to the test server that are encrypted (the other tests' are not)."""
    out = subprocess.run([psql(), PG_URL, "-At", "-c", "SELECT count(*) FROM pg_stat_ssl WHERE ssl"],
                         env={**os.environ, "PGPASSWORD": PG_PASSWORD}, check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not PG_CA, reason="the test cluster has no certificate (LATCHKEY_TEST_PG_CA)")
def test_a_kiosk_takes_its_server_secrets_from_the_keyring_and_speaks_tls(launch, smtp, fleet_store):
    """No secret in the environment or a file: the database password and the fleet key come from
    the OS keyring (accounts `database-password`, `fleet-key`), and the server is reached over
    TLS, its certificate checked against LATCHKEY_DATABASE_CA_FILE (sslmode=verify-full)."""
    parsed = urllib.parse.urlsplit(fleet_store["LATCHKEY_DATABASE_URL"])
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parsed.query) if k != "sslmode"]
    url = urllib.parse.urlunsplit(parsed._replace(query=urllib.parse.urlencode(query + [("sslmode", "verify-full")])))
    keyring_store("database-password", fleet_store["LATCHKEY_DATABASE_PASSWORD"])
    keyring_store("fleet-key", fleet_store["LATCHKEY_FLEET_KEY"])
    for name in ("LATCHKEY_DATABASE_PASSWORD", "LATCHKEY_FLEET_KEY"):
        os.environ.pop(name, None)
    before = tls_connections()
    app = launch(LATCHKEY_SMTP_URL=smtp.url, LATCHKEY_MAIL_FROM="Latchkey <no-reply@latchkey.test>",
                 LATCHKEY_DATABASE_URL=url, LATCHKEY_DATABASE_CA_FILE=PG_CA)
    person = new_person()
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))
    home_shows(app, person.first_name)
    assert tls_connections() > before, "the kiosk's connections to the server are not encrypted"
