"""My account (issue 12) in the real window: edit the name, change the password, export, delete."""

from __future__ import annotations

import json
import struct
import subprocess
import zlib
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from conftest import forget_remembered_sessions
from flows import alert_text, db_rows, field_error, fill, home_shows, sign_in, sign_out
from test_accounts import registered_and_verified, smtp, smtp_env  # noqa: F401  (the fixture)


def session_remembered() -> bool:
    """Whether the app keeps a session token in the OS keyring (the test desktop's
    gnome-keyring). Only a yes or no: a failing assertion must not print the token."""
    return bool(subprocess.run(["secret-tool", "lookup", "service", "dev.latchkey.app", "username", "session"],
                               capture_output=True, text=True, check=False).stdout)


def png_with_a_secret(path: Path, width: int = 320, height: int = 200) -> Path:
    """A real PNG (stripes), with a text chunk naming a place: that must not survive the upload."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + b"".join(bytes((x * 7 % 256, 90, 200)) for x in range(width))
    rows = row * height
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Location\x00Secret Street 1")
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def test_my_account_edit_change_password_export_and_delete(launch, smtp, data_dir, tmp_path):  # noqa: F811
    app, person = registered_and_verified(launch, smtp)

    # Edit the name: Home shows it.
    app.button("Edit profile").click()
    screen = app.screen("edit-profile")
    fill(app, "First name", "Grace", screen)
    fill(app, "Last name", "Hopper", screen)
    app.button("Save changes", screen).click()
    home_shows(app, "Grace Hopper")

    # A second app process signed in to the same account (its own session: the first one's
    # remembered token is taken out of the keyring first): changing the password ends it.
    forget_remembered_sessions()
    other = launch(**smtp_env(smtp))
    sign_in(other, person.username, person.password, remember=False)
    home_shows(other, "Grace")

    # Change the password: a wrong current one is refused on its field, then the old one fails.
    new_password = "a completely new passphrase 77"
    app.button("Change password").click()
    screen = app.screen("change-password")
    fill(app, "Current password", "not my password at all", screen)
    fill(app, "New password", new_password, screen)
    fill(app, "Confirm password", new_password, screen)
    app.button("Change password", screen).click()
    assert "not right" in field_error(app, "Current password", screen)
    fill(app, "Current password", person.password, screen)
    app.button("Change password", screen).click()
    home_shows(app, "Your password was changed")
    smtp.wait_for(person.email, "password was changed")
    # The other process notices by itself (its 10 s session watch) and shows sign-in.
    other.screen("sign-in", timeout=30)
    assert "ended" in other.screen("sign-in").text
    other.quit()

    # Export (the command with a path, as the issue allows): the profile, and no secret.
    out = tmp_path / "export.json"
    app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI__.core.invoke('plugin:latchkey|export_account_data', {path: arguments[0]})"
        ".then(() => done(null), (e) => done(e));",
        str(out),
    )
    exported = json.loads(out.read_text())
    assert exported["profile"]["firstName"] == "Grace"
    assert exported["profile"]["email"] == person.email
    raw = out.read_text()
    assert "argon2" not in raw and "token" not in raw.lower()

    # Delete: back to sign-in with a notice; the old credentials fail; the address is gone, and
    # so is the session remembered in the OS keyring.
    sign_out(app)
    sign_in(app, person.email, new_password, remember=True)
    home_shows(app, "Grace")
    assert session_remembered(), "the session is remembered in the keyring before the deletion"
    app.button("Delete account").click()
    screen = app.screen("delete-account")
    fill(app, "Current password", new_password, screen)
    fill(app, f"Type your username ({person.username}) to confirm", person.username, screen)
    app.button("Delete my account forever", screen).click()
    signin = app.screen("sign-in")
    app.wait(20).until(lambda _: "Your account was deleted." in signin.text)
    assert not session_remembered(), "the keyring still holds the deleted account's session"
    sign_in(app, person.email, new_password)
    assert "not right" in alert_text(app, "")
    app.quit()
    needle = person.email.encode()
    for path in sorted(Path(data_dir).glob("latchkey.db*")):
        assert needle not in path.read_bytes(), f"{path.name} still holds the address"


def test_an_account_signed_in_by_code_is_deleted_with_an_emailed_code(launch, smtp, data_dir):  # noqa: F811
    app, person = registered_and_verified(launch, smtp)
    sign_out(app)
    screen = app.screen("sign-in")
    fill(app, "Email or username", person.username, screen)
    app.button("Email me a code", screen).click()
    code_screen = app.screen("sign-in-code")
    fill(app, "Code", smtp.latest_code(person.email, "sign-in"), code_screen)
    app.button("Sign in with the code", code_screen).click()
    home_shows(app, person.first_name)

    # No password at hand: a code to the account's address confirms the deletion instead.
    app.button("Delete account").click()
    screen = app.screen("delete-account")
    app.button("Confirm with a code instead", screen).click()
    code = smtp.latest_code(person.email, "deletion")
    app.wait(20).until(lambda _: person.email in screen.text)
    username_label = f"Type your username ({person.username}) to confirm"
    # A wrong code is refused next to its field and erases nothing.
    fill(app, "Verification code", "111111" if code != "111111" else "222222", screen)
    fill(app, username_label, person.username, screen)
    app.button("Delete my account forever", screen).click()
    assert "not right" in field_error(app, "Verification code", screen)
    assert db_rows(data_dir, "SELECT COUNT(*) FROM accounts") == [(1,)]
    fill(app, "Verification code", code, screen)
    app.button("Delete my account forever", screen).click()
    signin = app.screen("sign-in")
    app.wait(20).until(lambda _: "Your account was deleted." in signin.text)
    sign_in(app, person.email, person.password)
    assert "not right" in alert_text(app, "")
    app.quit()
    assert db_rows(data_dir, "SELECT COUNT(*) FROM accounts") == [(0,)]
    needle = person.email.encode()
    for path in sorted(Path(data_dir).glob("latchkey.db*")):
        assert needle not in path.read_bytes(), f"{path.name} still holds the address"


def test_change_email_only_after_the_code_and_a_picture_shows_without_its_metadata(launch, smtp, data_dir, tmp_path):  # noqa: F811
    app, person = registered_and_verified(launch, smtp)
    new_email = f"moved.{person.email}"

    app.button("Change email").click()
    screen = app.screen("change-email")
    fill(app, "New email address", "not an address", screen)
    fill(app, "Current password", person.password, screen)
    app.button("Send a code to the new address", screen).click()
    assert field_error(app, "New email address", screen)
    fill(app, "New email address", new_email, screen)
    app.button("Send a code to the new address", screen).click()
    code = smtp.latest_code(new_email, "change your email")
    # Until the code is entered the old address is the account's.
    assert db_rows(data_dir, "SELECT email FROM accounts") == [(person.email,)]
    fill(app, "Verification code", code, screen)
    app.button("Change my address", screen).click()
    home_shows(app, "Your email address was changed")
    home_shows(app, new_email)
    notice = smtp.wait_for(person.email, "email address was changed")[-1]
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert new_email.split("@")[1] in text and new_email.split("@")[0] not in text

    # Sign out: the old address no longer signs in, the new one does.
    app.button("Sign out", app.screen("home")).click()
    sign_in(app, person.email, person.password)
    assert "not right" in alert_text(app, "")
    sign_in(app, new_email, person.password)
    home = home_shows(app, person.first_name)

    # A picture made here, chosen with the real file input: it shows on the screen, on Home and in
    # the app bar; what is stored is a small JPEG without the PNG's text.
    png = png_with_a_secret(tmp_path / "me.png")
    # The app runs on this machine: the path is typed into the input as is (no Selenium upload).
    app.driver.file_detector = UselessFileDetector()
    app.button("Profile picture", home).click()
    screen = app.screen("picture")
    app.input_labelled("Choose a picture", screen).send_keys(str(png))
    app.wait(20).until(lambda d: d.find_element(By.ID, "picture-current").tag_name.lower() == "img")
    assert app.driver.find_elements(By.ID, "appbar-picture")
    app.screenshot("profile-picture")
    [(stored,)] = db_rows(data_dir, "SELECT image FROM account_pictures")
    assert stored[:2] == b"\xff\xd8", "a JPEG"
    assert b"Secret" not in stored and b"tEXt" not in stored
    # A file that is not a picture is refused next to the field; the picture stays.
    bogus = tmp_path / "notes.png"
    bogus.write_bytes(b"this is not a picture at all")
    app.input_labelled("Choose a picture", screen).send_keys(str(bogus))
    assert "not a PNG" in field_error(app, "Choose a picture", screen)
    assert db_rows(data_dir, "SELECT image FROM account_pictures") == [(stored,)]
    app.button("Back to your account", screen).click()
    app.screen("home")
    app.wait(20).until(lambda d: d.find_elements(By.ID, "home-picture-img"))
