"""Every screen in every language: the pseudo-locale walk (no text that bypassed the catalogues),
registering in Russian (the verification email in Russian, with Russian plurals), and screenshots
of sign-in and register per language."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from flows import db_rows, new_person
from mailserver import MailServer

# Finds visible text nodes without any mark of the pseudo-locale. Left out: <option>s of the
# language menu (each language's name in itself), the avatar's initials, and values the person
# typed or the system made (DATA: names, addresses, codes, device labels), digits and punctuation.
UNMARKED_TEXT = """
const data = new Set(arguments[0]);
const marks = /[åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ\\[\\]~]/;
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent.trim();
  const el = node.parentElement;
  if (!text || !el || el.closest("option, .avatar, #home-sessions .item-title, [hidden]")) continue;
  if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
  if (marks.test(text) || data.has(text) || /^[\\d\\s.,:;·—–()+@-]*$/.test(text)) continue;
  out.push(text);
}
return out;
"""


def choose_language(app, tag: str) -> None:
    select = by_id(app, "latchkey-language")
    # The sign-in card is taller since issue 11 (sign-in codes): the picker may be scrolled away.
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", select)
    Select(select).select_by_value(tag)
    app.wait().until(lambda d: d.find_element(By.ID, "app").get_attribute("lang") == tag)


def by_id(app, element_id: str):
    return app.wait().until(lambda d: next((e for e in d.find_elements(By.ID, element_id) if e.is_displayed()), False))


def type_into(app, element_id: str, value: str) -> None:
    field = by_id(app, element_id)
    field.clear()
    field.send_keys(value)


def fill_registration(app, person) -> None:
    for element_id, value in [
        ("register-first-name", person.first_name), ("register-last-name", person.last_name),
        ("register-email", person.email), ("register-phone", person.phone),
        ("register-username", person.username), ("register-password", person.password),
        ("register-confirm-password", person.password),
    ]:
        type_into(app, element_id, value)
    by_id(app, "register-submit").click()


def assert_all_marked(app, screen: str, data: list[str]) -> None:
    app.screen(screen)
    # Let lists and countdowns that load after the screen appears fill in.
    app.wait().until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[aria-busy=true]"))
    unmarked = app.driver.execute_script(UNMARKED_TEXT, data)
    app.screenshot(f"pseudo-{screen}")
    assert unmarked == [], f"text on {screen} that bypassed the catalogues: {unmarked}"


def test_in_the_pseudo_locale_every_visible_text_on_every_screen_comes_from_the_catalogues(launch):
    # Operator mode: the dev mailbox is readable before sign-in (every screen, Mailbox included).
    app = launch(LATCHKEY_OPERATOR_MODE="1")
    app.screen("sign-in")
    choose_language(app, "en-XA")
    person = new_person(first_name="Ana", last_name="Lovelace")
    data = [person.first_name, person.last_name, person.email, person.username, person.phone, "AL"]
    assert_all_marked(app, "sign-in", data)

    by_id(app, "sign-in-create-account").click()
    assert_all_marked(app, "register", data)
    fill_registration(app, person)
    assert_all_marked(app, "verify", data)

    by_id(app, "nav-mailbox").click()
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-message-id]"))
    app.driver.find_element(By.CSS_SELECTOR, "[data-message-id]").click()
    code = by_id(app, "mailbox-code").text
    assert_all_marked(app, "mailbox", data + [code])
    by_id(app, "mailbox-use-code").click()
    app.screen("verify")
    by_id(app, "verify-submit").click()
    app.screen("home")
    assert_all_marked(app, "home", data)

    by_id(app, "nav-settings").click()
    assert_all_marked(app, "settings", data)
    by_id(app, "settings-back").click()
    by_id(app, "home-sign-out").click()
    assert_all_marked(app, "sign-in", data)

    by_id(app, "sign-in-forgot").click()
    assert_all_marked(app, "forgot", data)
    type_into(app, "forgot-identifier", person.email)
    by_id(app, "forgot-submit").click()
    assert_all_marked(app, "reset", data)


@pytest.fixture
def smtp(tmp_path: Path):
    server = MailServer(tmp_path / "mail")
    yield server
    server.stop()


def test_registering_in_russian_sends_the_verification_email_in_russian_with_russian_plurals(launch, smtp, data_dir):
    app = launch(LATCHKEY_SMTP_URL=smtp.url, LATCHKEY_MAIL_FROM="Latchkey <no-reply@latchkey.test>",
                 LATCHKEY_CODE_LIFETIME_SECS="120")
    app.screen("sign-in")
    choose_language(app, "ru")
    assert app.driver.find_element(By.CSS_SELECTOR, "[data-screen=sign-in] h1").text == "Вход"
    by_id(app, "sign-in-create-account").click()
    app.screen("register")
    person = new_person(first_name="Анна", last_name="Иванова")
    fill_registration(app, person)
    verify_screen = app.screen("verify")
    assert "Подтверждение почты" in verify_screen.text and person.email in verify_screen.text

    message = smtp.wait_for(person.email, "Ваш код подтверждения Latchkey")[-1]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.startswith("Здравствуйте, Анна!"), text
    assert "Код действует 2 минуты с момента отправки этого письма." in text, text  # few, not "2 минут"
    assert '<html lang="ru">' in html
    assert db_rows(data_dir, "SELECT locale FROM accounts") == [("ru",)]

    type_into(app, "verify-code", smtp.latest_code(person.email, "Ваш код подтверждения"))
    by_id(app, "verify-submit").click()
    home = app.screen("home")
    app.wait().until(lambda _: "Выйти на всех устройствах" in home.text)


def test_sign_in_and_register_screens_in_every_language_for_the_artifacts(launch):
    app = launch()
    titles = {"en": ("Sign in", "Create account"), "ru": ("Вход", "Создание учётной записи"),
              "uz": ("Kirish", "Hisob yaratish"), "en-XA": ("[Šîĝñ îñ ~~]", "[Çŕéåţé åççöûñţ ~~~~]")}
    for tag, (sign_in_title, register_title) in titles.items():
        choose_language(app, tag)
        screen = app.screen("sign-in")
        assert screen.find_element(By.TAG_NAME, "h1").text == sign_in_title
        app.screenshot(f"sign-in-{tag}")
        by_id(app, "sign-in-create-account").click()
        screen = app.screen("register")
        assert screen.find_element(By.TAG_NAME, "h1").text == register_title
        app.screenshot(f"register-{tag}")
        link = by_id(app, "register-sign-in")
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
    choose_language(app, "en")
