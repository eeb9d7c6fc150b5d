"""examples/notes: a host app that adds Latchkey as a plugin and mounts its screens. Its notes
are only shown to the account signed in, through the host's own commands and the plugin's
route guard."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from flows import db_rows, new_person, register, sign_in, verify
from harness import NOTES_APP
from test_accounts import smtp, smtp_env  # noqa: F401 - the fixture is used by name


def notes_page(app, owner_first_name: str):
    """Waits for the notes page of OWNER and returns it."""
    page = app.wait().until(lambda d: d.find_element(By.ID, "notes") if d.find_element(By.ID, "notes").is_displayed() else False)
    app.wait().until(lambda d: owner_first_name in d.find_element(By.ID, "notes-owner").text)
    return page


def note_texts(app) -> list[str]:
    return [li.get_attribute("textContent") for li in app.driver.find_elements(By.CSS_SELECTOR, "#notes-list li.note")]


def add_note(app, text: str) -> None:
    before = len(note_texts(app))
    field = app.driver.find_element(By.ID, "note-text")
    field.send_keys(text)
    app.driver.find_element(By.ID, "add-note").click()
    app.wait().until(lambda _: len(note_texts(app)) == before + 1)


def sign_out(app) -> None:
    app.driver.find_element(By.ID, "notes-sign-out").click()
    app.screen("sign-in")
    assert not app.driver.find_element(By.ID, "notes").is_displayed()


def register_and_verify(app, smtp, person) -> None:  # noqa: F811
    register(app, person)
    verify(app, smtp.latest_code(person.email, "verification"))


def test_notes_are_behind_latchkey_and_each_account_sees_only_its_own(launch, smtp, data_dir):  # noqa: F811
    app = launch(binary=NOTES_APP, **smtp_env(smtp))
    # Nobody signed in: the mounted Latchkey screens, in the host's frame, and no notes page.
    app.screen("sign-in")
    assert not app.driver.find_element(By.ID, "notes").is_displayed()

    ana = new_person(first_name="Ana")
    register_and_verify(app, smtp, ana)
    notes_page(app, "Ana")
    assert note_texts(app) == []
    add_note(app, "Buy milk")
    assert note_texts(app) == ["Buy milk"]

    sign_out(app)
    # Signed out: nothing of Ana's notes is left in the page, not even hidden.
    assert note_texts(app) == []
    assert "Buy milk" not in app.driver.page_source

    ben = new_person(first_name="Ben")
    register_and_verify(app, smtp, ben)
    notes_page(app, "Ben")
    assert note_texts(app) == [], "a second account must not see the first one's notes"
    add_note(app, "Ben's plan")
    sign_out(app)

    sign_in(app, ana.email, ana.password, remember=False)
    notes_page(app, "Ana")
    app.wait().until(lambda _: note_texts(app) == ["Buy milk"])

    # The notes live in the host's own table, next to Latchkey's store, keyed by account.
    owners = {row[0] for row in db_rows(data_dir, "SELECT id FROM accounts")}
    assert len(owners) == 2
    import sqlite3

    with sqlite3.connect(data_dir / "notes.db") as db:
        rows = db.execute("SELECT owner, text FROM notes ORDER BY id").fetchall()
    assert [text for _, text in rows] == ["Buy milk", "Ben's plan"]
    assert rows[0][0] != rows[1][0] and {rows[0][0], rows[1][0]} == owners


def test_the_notes_commands_refuse_when_nobody_is_signed_in(launch, smtp):  # noqa: F811
    """The route guard is in Rust too: the host's commands refuse without a session, whatever
    the page does."""
    app = launch(binary=NOTES_APP, **smtp_env(smtp))
    app.screen("sign-in")
    result = app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI__.core.invoke('list_notes').then(r => done({ok: r}), e => done({err: e}));"
    )
    assert result.get("err", {}).get("code") == "not_signed_in", result
