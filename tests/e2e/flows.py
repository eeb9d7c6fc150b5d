"""What a person does in the window, as reusable steps. Everything is found the way a person
finds it: by visible label and button text (the accessibility contract of the UI)."""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import LatchkeyApp

_counter = itertools.count(1)


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str
    username: str
    password: str


def new_person(**overrides) -> Person:
    n = next(_counter)
    base = dict(
        first_name="Ana",
        last_name="Lovelace",
        email=f"ana{n}@example.org",
        phone=f"+4420794600{n:02d}",
        username=f"ana_{n}",
        password=f"correct horse battery staple {n}",
    )
    base.update(overrides)
    return Person(**base)


def fill(app: LatchkeyApp, label: str, value: str, within=None):
    field = app.input_labelled(label, within)
    field.clear()
    if value:  # WebKitWebDriver refuses an empty send_keys
        field.send_keys(value)
    return field


def open_register(app: LatchkeyApp):
    screen = app.screen("sign-in")
    app.button("Create account", screen).click()
    return app.screen("register")


def register(app: LatchkeyApp, p: Person, confirm: str | None = None, wait_verify: bool = True):
    screen = open_register(app)
    fill(app, "First name", p.first_name, screen)
    fill(app, "Last name", p.last_name, screen)
    fill(app, "Email", p.email, screen)
    fill(app, "Phone", p.phone, screen)
    fill(app, "Username", p.username, screen)
    fill(app, "Password", p.password, screen)
    fill(app, "Confirm password", p.password if confirm is None else confirm, screen)
    app.button("Create account", screen).click()
    if wait_verify:
        return app.screen("verify")
    return screen


def verify(app: LatchkeyApp, code: str):
    screen = app.screen("verify")
    fill(app, "Verification code", code, screen)
    app.button("Verify", screen).click()


def clear_alerts(app: LatchkeyApp) -> None:
    """Empties the visible messages, so the next one read is the answer to the next action."""
    app.driver.execute_script("document.querySelectorAll('[role=alert]').forEach(e => e.textContent = '')")


def sign_in(app: LatchkeyApp, identifier: str, password: str, remember: bool = True):
    screen = app.screen("sign-in")
    clear_alerts(app)
    fill(app, "Email or username", identifier, screen)
    fill(app, "Password", password, screen)
    box = app.input_labelled("Remember me", screen)
    if box.is_selected() != remember:
        box.click()
    app.input_labelled("Password", screen).send_keys(Keys.ENTER)  # Enter submits


def sign_out(app: LatchkeyApp) -> None:
    """Signs out from Home and waits for the sign-in screen."""
    app.button("Sign out").click()
    app.screen("sign-in")


def alert_text(app: LatchkeyApp, contains: str, timeout: float = 20) -> str:
    """Waits for a visible, non-empty role=alert element containing CONTAINS; returns its text."""
    def find(_):
        for el in app.driver.find_elements(By.CSS_SELECTOR, '[role="alert"]'):
            if el.is_displayed() and el.text.strip() and contains.lower() in el.text.lower():
                return el.text
        return False
    return app.wait(timeout).until(find)


def field_error(app: LatchkeyApp, label: str, within=None, timeout: float = 20) -> str:
    """The error shown next to the field labelled LABEL (aria-invalid + aria-describedby)."""
    def find(_):
        field = app.input_labelled(label, within)
        if field.get_attribute("aria-invalid") != "true":
            return False
        texts = []
        for ref in (field.get_attribute("aria-describedby") or "").split():
            els = app.driver.find_elements(By.ID, ref)
            texts += [e.text for e in els if e.text.strip()]
        return " ".join(texts) or False
    return app.wait(timeout).until(find)


def home_shows(app: LatchkeyApp, text: str, timeout: float = 20):
    screen = app.screen("home", timeout)
    app.wait(timeout).until(lambda _: text in screen.text)
    return screen


def db_rows(data_dir: Path, sql: str, *args):
    with sqlite3.connect(data_dir / "latchkey.db") as db:
        return db.execute(sql, args).fetchall()
