"""Issue 11 in the real window: a phone verified with the code read from a stand-in SMS provider
(a small HTTP server on 127.0.0.1 that records requests), sign-in with a code by email (test
SMTP server) and by text, the same answer for an unknown phone, the dev SMS inbox, bad input."""

from __future__ import annotations

import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from selenium.webdriver.common.by import By

from flows import field_error, fill, home_shows, new_person, register, sign_out, verify
from test_accounts import smtp, smtp_env  # noqa: F401  (the fixture)


class Provider:
    """Records every request; answers 201 like Twilio."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                provider.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "form": dict(urllib.parse.parse_qsl(body))})
                out = b'{"sid": "SM1"}'
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/2010-04-01/Accounts/AC123/Messages.json"

    def code(self, to: str, count: int, app) -> str:
        app.wait(20).until(lambda _: len([r for r in self.requests if r["form"].get("To") == to]) >= count)
        text = [r for r in self.requests if r["form"]["To"] == to][count - 1]["form"]["Body"]
        return re.search(r"\b(\d{6})\b", text).group(1)

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture
def provider():
    p = Provider()
    yield p
    p.stop()


def sms_env(provider: Provider) -> dict[str, str]:
    return {
        "LATCHKEY_SMS_GATEWAY_URL": provider.url,
        "LATCHKEY_SMS_BODY_TEMPLATE": "To={to}&From=%2B15005550006&Body={text}",
        "LATCHKEY_SMS_AUTH": "basic",
        "LATCHKEY_SMS_USERNAME": "AC123",
        "LATCHKEY_SMS_SECRET": "e2e-secret",
        "LATCHKEY_SMS_DOMAIN": "latchkey.test",
    }


def test_phone_verified_by_text_then_sign_in_with_codes(launch, smtp, provider):  # noqa: F811
    app = launch(**smtp_env(smtp, **sms_env(provider)))
    person = new_person()
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))
    home_shows(app, person.first_name)
    app.wait(20).until(lambda d: d.find_element(By.ID, "home-phone-verified").text == "Not verified")

    # Right after email verification, Home offers to verify the phone too.
    offer = app.wait(20).until(lambda d: (o := d.find_element(By.ID, "home-phone-offer")).is_displayed() and o)
    app.button("Verify phone", offer).click()
    screen = app.screen("verify-phone")
    assert "sign in with a code sent by text" in screen.text
    app.wait(20).until(lambda _: "Not verified" in screen.text)
    app.button("Text me a code", screen).click()
    code = provider.code(person.phone, 1, app)
    assert provider.requests[0]["headers"]["authorization"].startswith("Basic ")
    assert provider.requests[0]["form"]["Body"].endswith(f"@latchkey.test #{code}")
    app.wait(20).until(lambda _: "Sent" in screen.text)
    fill(app, "Code from the text message", code, screen)
    app.button("Confirm phone", screen).click()
    app.wait(20).until(lambda _: "Your phone number is verified." in screen.text)
    app.button("Back", screen).click()
    home_shows(app, person.first_name)
    # The account screen shows the phone as verified.
    app.wait(20).until(lambda d: d.find_element(By.ID, "home-phone-verified").text == "Verified")
    sign_out(app)

    # By text, with the phone as the identifier.
    screen = app.screen("sign-in")
    fill(app, "Email or username", person.phone, screen)
    app.button("Text me a code", screen).click()
    code_screen = app.screen("sign-in-code")
    notice_known = code_screen.text
    code = provider.code(person.phone, 2, app)
    fill(app, "Code", code, code_screen)
    app.button("Sign in with the code", code_screen).click()
    home_shows(app, person.first_name)
    sign_out(app)

    # An unknown phone: the same screen and words, and nothing sent.
    before = len(provider.requests)
    screen = app.screen("sign-in")
    fill(app, "Email or username", "+44 20 7946 0999", screen)
    app.button("Text me a code", screen).click()
    code_screen = app.screen("sign-in-code")
    assert code_screen.text == notice_known
    app.button("Use my password instead", code_screen).click()
    assert len(provider.requests) == before

    # By email (another account: one account's sign-in codes share the 60 s cooldown).
    other = new_person(first_name="Grace")
    register(app, other)
    verify(app, smtp.latest_code(other.email, "verification"))
    home_shows(app, other.first_name)
    sign_out(app)
    screen = app.screen("sign-in")
    fill(app, "Email or username", other.username, screen)
    app.button("Email me a code", screen).click()
    code_screen = app.screen("sign-in-code")
    fill(app, "Code", smtp.latest_code(other.email, "sign-in"), code_screen)
    app.button("Sign in with the code", code_screen).click()
    home_shows(app, other.first_name)
    sign_out(app)

    # Bad input: a clear error next to the field, nothing sent.
    screen = app.screen("sign-in")
    fill(app, "Email or username", "+1 (12", screen)
    app.button("Text me a code", screen).click()
    assert "phone number" in field_error(app, "Email or username", screen)
    assert len(provider.requests) == before


def test_the_dev_sms_inbox_shows_the_code_without_a_gateway(launch, smtp):  # noqa: F811
    app = launch(**smtp_env(smtp))
    person = new_person()
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))
    home_shows(app, person.first_name)
    app.button("Verify phone").click()
    screen = app.screen("verify-phone")
    app.button("Text me a code", screen).click()
    app.wait(20).until(lambda _: "Sent" in screen.text)
    # A code with letters: refused next to the field.
    fill(app, "Code from the text message", "12ab56", screen)
    app.button("Confirm phone", screen).click()
    assert "digits" in field_error(app, "Code from the text message", screen)
    app.button("Back", screen).click()
    home_shows(app, person.first_name)
    app.button("Text messages").click()
    inbox = app.screen("sms-inbox")
    app.wait(20).until(lambda _: person.phone in inbox.text)
    code = re.search(r"\b(\d{6})\b", inbox.text).group(1)
    app.button("Back", inbox).click()
    home_shows(app, person.first_name)
    app.button("Verify phone").click()
    screen = app.screen("verify-phone")
    fill(app, "Code from the text message", code, screen)
    app.button("Confirm phone", screen).click()
    app.wait(20).until(lambda _: "Your phone number is verified." in screen.text)


def test_the_gateway_secret_can_live_in_the_keyring(launch, smtp, provider):  # noqa: F811
    """No LATCHKEY_SMS_SECRET: the secret comes from the OS keyring (account `sms-secret`)."""
    import base64
    import os
    import subprocess

    subprocess.run(["secret-tool", "store", "--label=Latchkey SMS gateway", "service", "dev.latchkey.app",
                    "username", "sms-secret"], input=b"keyring-secret", check=True, timeout=30)
    env = {k: v for k, v in sms_env(provider).items() if k != "LATCHKEY_SMS_SECRET"}
    os.environ.pop("LATCHKEY_SMS_SECRET", None)
    app = launch(**smtp_env(smtp, **env))
    person = new_person()
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))
    home_shows(app, person.first_name)
    app.button("Verify phone").click()
    screen = app.screen("verify-phone")
    app.button("Text me a code", screen).click()
    provider.code(person.phone, 1, app)
    auth = provider.requests[0]["headers"]["authorization"]
    assert base64.b64decode(auth.removeprefix("Basic ")).decode() == "AC123:keyring-secret"
