"""My account (issue 12) in the real window: edit the name, change the password, export, delete."""

from __future__ import annotations

import json
from pathlib import Path

from flows import alert_text, field_error, fill, home_shows, sign_in
from test_accounts import registered_and_verified, smtp  # noqa: F401  (the fixture)


def test_my_account_edit_change_password_export_and_delete(launch, smtp, data_dir, tmp_path):  # noqa: F811
    app, person = registered_and_verified(launch, smtp)

    # Edit the name: Home shows it.
    app.button("Edit profile").click()
    screen = app.screen("edit-profile")
    fill(app, "First name", "Grace", screen)
    fill(app, "Last name", "Hopper", screen)
    app.button("Save changes", screen).click()
    home_shows(app, "Grace Hopper")

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

    # Delete: back to sign-in with a notice; the old credentials fail; the address is gone.
    app.button("Delete account").click()
    screen = app.screen("delete-account")
    fill(app, "Current password", new_password, screen)
    fill(app, f"Type your username ({person.username}) to confirm", person.username, screen)
    app.button("Delete my account forever", screen).click()
    signin = app.screen("sign-in")
    app.wait(20).until(lambda _: "Your account was deleted." in signin.text)
    sign_in(app, person.email, new_password)
    assert "not right" in alert_text(app, "")
    app.quit()
    needle = person.email.encode()
    for path in sorted(Path(data_dir).glob("latchkey.db*")):
        assert needle not in path.read_bytes(), f"{path.name} still holds the address"
