"""Roles, invite codes and administration (issue 13), in the real app: the first administrator
made by the app's own command line, an invite with a role created on the admin screen, a
registration in `invite_only` mode with it (the role is granted), a personal invite code entered
on the Invites screen (the inviter's screen lists the invitee), and a lock that signs the locked
person's window out."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By

from conftest import forget_remembered_sessions
from flows import alert_text, fill, home_shows, new_person, register, sign_in, verify
from harness import APP
from mailserver import MailServer

ADMIN_PASSWORD = "correct horse battery staple admin"

CONFIG = """
registration_mode = "invite_only"
default_role = "student"
support_contact = "the front desk"

[[roles]]
name = "student"
self_service = true

[[roles]]
name = "instructor"

[[roles]]
name = "admin"
"""


@pytest.fixture
def smtp(tmp_path: Path):
    server = MailServer(tmp_path / "mail")
    yield server
    server.stop()


def invoke(app, command: str, args: dict | None = None) -> dict:
    return app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI__.core.invoke('plugin:latchkey|' + arguments[0], arguments[1])"
        ".then(ok => done({ok}), err => done({err}));",
        command, args or {})


def click(app, element) -> None:
    """Scrolls ELEMENT to the middle of the window first (long forms reach below the fold)."""
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_admin_invites_an_instructor_who_enters_a_personal_code_and_is_locked_out(launch, smtp, data_dir, tmp_path):
    config = tmp_path / "latchkey.toml"
    config.write_text(CONFIG)
    env = {
        "LATCHKEY_CONFIG_FILE": str(config),
        "LATCHKEY_SMTP_URL": smtp.url,
        "LATCHKEY_MAIL_FROM": "Latchkey <no-reply@latchkey.test>",
    }
    # The first administrator, from the command line (no window), twice: one admin.
    for _ in range(2):
        done = subprocess.run(
            [str(APP), "admin", "create", "--email", "boss@example.org", "--username", "boss", "--data-dir", str(data_dir)],
            env={**os.environ, **env, "LATCHKEY_ADMIN_PASSWORD": ADMIN_PASSWORD},
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    admin = launch(**env)
    sign_in(admin, "boss", ADMIN_PASSWORD, remember=False)
    home = home_shows(admin, "Administrator")
    click(admin, admin.button("Administration", home))
    screen = admin.screen("admin")
    fill(admin, "Roles granted", "instructor", screen)
    click(admin, admin.button("Create invite", screen))
    row = admin.wait().until(lambda d: d.find_element(By.CSS_SELECTOR, "#admin-invites li[data-state='pending']"))
    invite_code = row.get_attribute("data-code")
    assert len(invite_code.replace("-", "")) == 8

    # The admin's own personal code, to hand to the newcomer.
    click(admin, admin.button("Back", screen))
    click(admin, admin.button("Invites", admin.screen("home")))
    invites = admin.screen("invites")
    personal = admin.wait().until(lambda d: d.find_element(By.ID, "invites-my-code").get_attribute("aria-busy") is None
                                  and d.find_element(By.ID, "invites-my-code").text)

    # A second window on the same store: registering needs the invite code.
    forget_remembered_sessions()
    second = launch(**env)
    person = new_person(first_name="Ida")
    screen = register(second, person, wait_verify=False)
    err = second.wait().until(lambda d: (e := d.find_element(By.ID, "register-invite-code-error")).is_displayed() and e.text)
    assert "invite" in err.lower()
    fill(second, "Invite code", invite_code.lower(), screen)  # any case, dash or not
    click(second, second.button("Create account", screen))
    second.screen("verify")
    verify(second, smtp.latest_code(person.email, "verification"))
    home_shows(second, "Ida")
    assert sorted(invoke(second, "my_roles")["ok"]) == ["instructor"]  # the invite's role, not the default

    # Ida enters the admin's personal code; the admin's Invites screen lists her.
    click(second, second.button("Invites", second.screen("home")))
    mine = second.screen("invites")
    fill(second, "Someone's invite code", personal, mine)
    click(second, second.button("Enter the code", mine))
    second.wait().until(lambda d: "boss" in d.find_element(By.ID, "invites-invited-by").text)
    click(admin, admin.button("Back", invites))
    click(admin, admin.button("Invites", admin.screen("home")))
    admin.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#invites-joined li[data-username='{person.username}']"))

    # The admin locks Ida: her window is signed out by itself.
    click(admin, admin.button("Back", admin.screen("invites")))
    click(admin, admin.button("Administration", admin.screen("home")))
    screen = admin.screen("admin")
    fill(admin, "Email, username, phone or name", person.username, screen)
    click(admin, admin.button("Search", screen))
    # The list is drawn again when the search answers: find the button afresh if it went stale.
    def lock_clicked(d) -> bool:
        try:
            click(admin, d.find_element(
                By.CSS_SELECTOR, f"#admin-accounts li[data-username='{person.username}'] button[data-action='lock']"))
            return True
        except (NoSuchElementException, StaleElementReferenceException):
            return False
    admin.wait().until(lock_clicked)
    admin.wait().until(lambda d: d.find_elements(
        By.CSS_SELECTOR, f"#admin-accounts li[data-username='{person.username}'][data-locked='true']"))
    # The audit log narrowed to Ida shows the lock (the list is redrawn: find the button afresh).
    def activity_clicked(d) -> bool:
        try:
            click(admin, d.find_element(
                By.CSS_SELECTOR, f"#admin-accounts li[data-username='{person.username}'] button[data-action='activity']"))
            return True
        except (NoSuchElementException, StaleElementReferenceException):
            return False
    admin.wait().until(activity_clicked)
    admin.wait().until(lambda d: person.username in d.find_element(By.ID, "admin-audit-scope").text)
    admin.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "#admin-audit li[data-kind='account_locked']"))
    second.screen("sign-in", timeout=30)
    # Signing in again is refused like a wrong password.
    sign_in(second, person.username, person.password, remember=False)
    alert_text(second, "password")
    # and the CLI sees the lock and the audit records who did it.
    out = subprocess.run([str(APP), "users", "show", person.username, "--json", "--data-dir", str(data_dir)],
                         env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert '"locked": {' in out.stdout
