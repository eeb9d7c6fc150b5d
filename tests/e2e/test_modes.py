"""Kiosk mode and QA mode (issue 15), in the real window."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from flows import alert_text, field_error, fill, home_shows, new_person, register, sign_in, verify
from harness import APP
from mailserver import MailServer

OPERATOR_PASSWORD = "staff only 4821"


@pytest.fixture
def smtp(tmp_path: Path):
    server = MailServer(tmp_path / "mail")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def operator_hash() -> str:
    """The [kiosk] hash, made by the app's own command line (no window)."""
    done = subprocess.run([str(APP), "kiosk", "hash-password"], input=OPERATOR_PASSWORD + "\n",
                          capture_output=True, text=True, timeout=60, check=True)
    phc = done.stdout.strip()
    assert phc.startswith("$argon2id$"), done
    assert OPERATOR_PASSWORD not in phc
    return phc


def kiosk_env(smtp: MailServer, operator_hash: str, **extra: str) -> dict[str, str]:
    return {
        "LATCHKEY_MODE": "kiosk",
        "LATCHKEY_KIOSK_OPERATOR_PASSWORD_HASH": operator_hash,
        "LATCHKEY_KIOSK_IDLE_SECS": "5",
        "LATCHKEY_KIOSK_COUNTDOWN_SECS": "3",
        "LATCHKEY_KIOSK_OPERATOR_NAME": "City Library",
        "LATCHKEY_KIOSK_SUPPORT_LINE": "Help: ask at the front desk",
        "LATCHKEY_SMTP_URL": smtp.url,
        "LATCHKEY_MAIL_FROM": "Latchkey <no-reply@latchkey.test>",
        **extra,
    }


def invoke(app, command: str, args: dict | None = None) -> dict:
    """Calls a plugin command from the page: {"ok": result} or {"err": error}."""
    return app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI__.core.invoke('plugin:latchkey|' + arguments[0], arguments[1])"
        ".then(ok => done({ok}), err => done({err}));",
        command, args or {})


def present(app, css: str) -> bool:
    return any(e.is_displayed() for e in app.driver.find_elements(By.CSS_SELECTOR, css))


# ---- kiosk ---------------------------------------------------------------------------------

def test_kiosk_has_no_remember_me_nor_mail_screens_and_idle_signs_out_leaving_no_trace(launch, smtp, operator_hash):
    app = launch(**kiosk_env(smtp, operator_hash))
    sign_in_screen = app.screen("sign-in")
    assert "City Library" in sign_in_screen.text and "front desk" in sign_in_screen.text
    assert not present(app, "#sign-in-remember")
    assert not present(app, "#nav-mailbox") and not present(app, "#nav-settings")
    # Refused, not only hidden.
    assert invoke(app, "mailbox_list")["err"]["code"] == "feature_disabled"
    assert invoke(app, "mail_settings_get")["err"]["code"] == "feature_disabled"

    person = new_person(first_name="Kioskina")
    register(app, person)
    assert not present(app, "#verify-remember")
    verify(app, smtp.latest_code(person.email, "verification"))
    home = home_shows(app, "Kioskina")
    assert "remembered" not in home.text.lower() or "not" in home.text.lower()
    assert app.button("Switch user", home).is_displayed()

    # Hands off: the countdown shows, then the session ends and the page is rebuilt.
    countdown = app.wait(15).until(lambda d: present(app, "#kiosk-countdown") and d.find_element(By.ID, "kiosk-countdown"))
    assert "Signing out in" in countdown.text
    app.screenshot("kiosk-countdown")
    screen = app.screen("sign-in", 15)
    app.wait(10).until(lambda d: not present(app, "#kiosk-countdown"))
    assert app.driver.find_element(By.ID, "sign-in-identifier").get_attribute("value") == ""
    page = app.driver.page_source
    for trace in (person.first_name, person.username, person.email):
        assert trace not in page, trace
    assert invoke(app, "current_account")["err"]["code"] == "not_signed_in"
    # A sign-in with remember=true from a doctored page is not remembered either.
    signed = invoke(app, "log_in", {"identifier": person.username, "password": person.password, "remember": True})
    assert signed["ok"]["remembered"] is False
    assert screen is not None


def test_kiosk_switch_user_signs_out_at_once(launch, smtp, operator_hash):
    app = launch(**kiosk_env(smtp, operator_hash, LATCHKEY_KIOSK_IDLE_SECS="600"))
    person = new_person(first_name="Switchy")
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))
    home = home_shows(app, "Switchy")
    app.button("Switch user", home).click()
    app.screen("sign-in")
    app.wait(10).until(lambda d: "Switchy" not in d.page_source)


def test_kiosk_operator_exit_needs_the_operator_password(launch, smtp, operator_hash):
    app = launch(**kiosk_env(smtp, operator_hash, LATCHKEY_KIOSK_IDLE_SECS="600"))
    app.screen("sign-in")
    assert not present(app, "#kiosk-exit-dialog")
    ActionChains(app.driver).key_down(Keys.CONTROL).key_down(Keys.ALT).key_down(Keys.SHIFT) \
        .send_keys("q").key_up(Keys.SHIFT).key_up(Keys.ALT).key_up(Keys.CONTROL).perform()
    dialog = app.wait().until(lambda d: present(app, "#kiosk-exit-dialog") and d.find_element(By.ID, "kiosk-exit-dialog"))
    fill(app, "Operator password", "not the password", dialog)
    app.button("Leave kiosk mode", dialog).click()
    assert "not the operator password" in field_error(app, "Operator password", dialog).lower()
    assert not present(app, "#kiosk-exited")
    assert invoke(app, "app_info")["ok"]["kiosk"]["exited"] is False
    app.screenshot("kiosk-operator-exit")

    fill(app, "Operator password", OPERATOR_PASSWORD, dialog)
    app.button("Leave kiosk mode", dialog).click()
    app.wait().until(lambda _: present(app, "#kiosk-exited"))
    assert invoke(app, "app_info")["ok"]["kiosk"]["exited"] is True
    assert present(app, "#sign-in-remember")  # an operator may be remembered again


def test_kiosk_and_qa_together_refuse_to_start(data_dir):
    env = {**os.environ, "LATCHKEY_DATA_DIR": str(data_dir), "LATCHKEY_MODE": "kiosk"}
    done = subprocess.run([str(APP), "--qa"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "cannot be combined" in done.stderr, done.stderr


# ---- QA --------------------------------------------------------------------------------------

def qa_tools(app):
    app.wait().until(lambda _: present(app, "#qa-banner"))
    if not present(app, "#qa-panel"):
        app.driver.find_element(By.ID, "qa-tools-toggle").click()
    return app.wait().until(lambda d: present(app, "#qa-panel") and d.find_element(By.ID, "qa-panel"))


def latest_code_in_ui(app, email: str) -> str:
    panel = qa_tools(app)
    fill(app, "Sent to (email)", email, panel)
    app.button("Show the latest code", panel).click()
    return app.wait().until(lambda d: re.fullmatch(r"\d{6}", d.find_element(By.ID, "qa-latest-code").text.strip())).group(0)


def test_qa_time_travel_makes_the_verification_code_expire_on_screen(launch):
    app = launch(LATCHKEY_MODE="qa")
    assert "QA mode" in app.wait().until(lambda d: present(app, "#qa-banner") and d.find_element(By.ID, "qa-banner")).text
    person = new_person()
    register(app, person)
    lifetime = app.driver.find_element(By.ID, "verify-lifetime")
    app.wait().until(lambda _: lifetime.get_attribute("data-state") == "live")
    code = latest_code_in_ui(app, person.email)
    panel = qa_tools(app)
    app.button("+10 min", panel).click()
    app.button("+1 min", panel).click()
    app.wait(10).until(lambda _: app.driver.find_element(By.ID, "verify-lifetime").get_attribute("data-state") == "expired")
    assert "expired" in app.driver.find_element(By.ID, "verify-lifetime").text.lower()
    app.screenshot("qa-time-travel")
    verify(app, code)
    assert "expired" in field_error(app, "Verification code").lower()
    # Bad input is said next to its field.
    fill(app, "Minutes forward", "0", panel)
    app.button("Move the clock", panel).click()
    assert "whole number" in field_error(app, "Minutes forward", panel).lower()


def test_qa_latest_code_on_the_command_line_waits_for_a_registration_in_the_window(launch, data_dir):
    app = launch(LATCHKEY_MODE="qa")
    app.screen("sign-in")
    person = new_person()
    env = {**os.environ, "LATCHKEY_DATA_DIR": str(data_dir)}
    cli = subprocess.Popen([str(APP), "qa", "latest-code", "--to", person.email, "--wait", "30s"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1)
    register(app, person)
    out, err = cli.communicate(timeout=45)
    assert cli.returncode == 0, err
    code = out.strip()
    assert re.fullmatch(r"\d{6}", code), out
    verify(app, code)
    home_shows(app, person.first_name)
    # Nothing there: a clear failure, not a hang.
    none = subprocess.run([str(APP), "qa", "latest-code", "--to", "nobody@example.test"], env=env,
                          capture_output=True, text=True, timeout=30)
    assert none.returncode != 0 and "nothing was sent" in none.stderr.lower()


def test_qa_fixtures_create_accounts_that_can_sign_in(launch):
    app = launch(LATCHKEY_MODE="qa")
    panel = qa_tools(app)
    fill(app, "Verified accounts", "2", panel)
    app.button("Create fixtures", panel).click()
    result = app.wait(60).until(lambda d: "qa-user-2@example.test" in d.find_element(By.ID, "qa-fixtures-result").text
                                and d.find_element(By.ID, "qa-fixtures-result"))
    for kind in ("unverified", "throttled", "expired_code"):
        assert result.find_elements(By.CSS_SELECTOR, f'[data-kind="{kind}"]'), kind
    password = app.driver.find_element(By.ID, "qa-fixtures-password").text
    app.driver.find_element(By.ID, "qa-tools-toggle").click()
    sign_in(app, "qa-user-1@example.test", password, remember=False)
    home_shows(app, "qa-user-1@example.test")
    app.button("Sign out", app.screen("home")).click()
    sign_in(app, "qa_throttled_1", password, remember=False)
    alert_text(app, "try again")


def test_qa_fault_injection_makes_the_verify_screen_show_the_failure(launch):
    app = launch(LATCHKEY_MODE="qa")
    panel = qa_tools(app)
    select = panel.find_element(By.ID, "qa-mail-fault")
    select.find_element(By.CSS_SELECTOR, 'option[value="refuse_next"]').click()
    app.button("Apply", panel).click()
    app.wait().until(lambda d: "refused" in d.find_element(By.ID, "qa-mail-fault-status").text)
    app.driver.find_element(By.ID, "qa-tools-toggle").click()
    person = new_person()
    register(app, person)
    lifetime = app.driver.find_element(By.ID, "verify-lifetime")
    app.wait(15).until(lambda _: lifetime.get_attribute("data-state") == "failed")
    assert "QA fault injection" in app.driver.find_element(By.ID, "verify-delivery-error").text
    app.screenshot("qa-fault-refused")


def test_qa_tools_are_refused_outside_qa_mode(launch):
    app = launch()
    app.screen("sign-in")
    assert not present(app, "#qa-banner")
    for command, args in (("qa_latest_code", {"to": "a@example.test"}), ("qa_time_travel", {"secs": 60}),
                          ("qa_create_fixtures", {"count": 1}), ("qa_reset_data", {"confirm": True})):
        assert invoke(app, command, args)["err"]["code"] == "qa_mode_off", command
