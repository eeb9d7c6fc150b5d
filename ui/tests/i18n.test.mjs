import { test } from "node:test";
import assert from "node:assert/strict";
import { FluentResource } from "../latchkey/vendor/fluent-bundle/index.js";
import { catalogues } from "./support/catalogues.mjs";
import { t, setLanguage, installCatalogues, languages, negotiate, initialLanguage, PSEUDO_MARKS, STORAGE_KEY } from "../latchkey/i18n.js";
import { formatDuration, formatDateTime } from "../latchkey/format.js";
import { messageFor } from "../latchkey/errors.js";
import { CommandError } from "../latchkey/api.js";
import { vendoringProblems } from "../../tools/vendor-fluent.mjs";
import { startApp, waitFor } from "./support/dom.mjs";

const inLanguage = (tag, fn) => {
  setLanguage(tag, { remember: false });
  try {
    return fn();
  } finally {
    setLanguage("en", { remember: false });
  }
};

/** Every message (and term) id of a catalogue, with the variables it uses anywhere. */
function shape(source) {
  const resource = new FluentResource(source);
  const vars = (node, out) => {
    if (Array.isArray(node)) node.forEach((n) => vars(n, out));
    else if (node && typeof node === "object") {
      if (node.type === "var") out.add(node.name);
      Object.values(node).forEach((v) => vars(v, out));
    }
    return out;
  };
  return new Map(resource.body.map((m) => [m.id, [...vars([m.value, m.attributes], new Set())].sort().join(",")]));
}

test("every language has exactly English's messages, each with the same variables", () => {
  const en = shape(catalogues.find((c) => c.tag === "en").source);
  assert.ok(catalogues.length >= 3);
  for (const { tag, source } of catalogues) {
    const other = shape(source);
    assert.deepEqual([...en.keys()].filter((k) => !other.has(k)), [], `${tag}.ftl lacks these`);
    assert.deepEqual([...other.keys()].filter((k) => !en.has(k)), [], `${tag}.ftl has messages en.ftl lacks`);
    for (const [id, vars] of en) assert.equal(other.get(id), vars, `${tag}.ftl: ${id}'s variables`);
  }
});

test("Uzbek uses the turned comma (U+02BB) for oʻ and gʻ, never an ASCII apostrophe", () => {
  const uz = catalogues.find((c) => c.tag === "uz").source;
  assert.doesNotMatch(uz, /[oOgG]['‘’`]/);
  assert.match(uz, /oʻ/);
});

test("t fills named variables; an unknown key shows as the key, so missing strings are easy to spot", () => {
  assert.equal(t("status.version", { version: "1.2.3" }), "Latchkey 1.2.3");
  assert.equal(t("no.such.key"), "no.such.key");
});

test("setting a language without a catalogue is refused", () => {
  assert.throws(() => setLanguage("xx"), /no catalogue/);
});

test("Russian plurals come from CLDR: 1 попытка, 2 попытки, 5 попыток, 21 попытка", () => inLanguage("ru", () => {
  const left = (n) => messageFor(new CommandError({ code: "code_invalid", message: "x", details: { attemptsLeft: n } }));
  assert.equal(left(1), "Неверный код. Осталась 1 попытка.");
  assert.equal(left(2), "Неверный код. Осталось 2 попытки.");
  assert.equal(left(5), "Неверный код. Осталось 5 попыток.");
  assert.equal(left(21), "Неверный код. Осталась 21 попытка.");
  assert.equal(left(0), "Неверный код. Попыток не осталось: запросите новый код.");
}));

test("durations, dates and numbers follow the language", () => {
  assert.equal(inLanguage("ru", () => formatDuration(150)), "2 мин 30 с");
  assert.equal(inLanguage("uz", () => formatDuration(3900)), "1 soat 5 daq.");
  const when = Date.UTC(2025, 2, 12, 14, 5);
  assert.notEqual(inLanguage("ru", () => formatDateTime(when)), inLanguage("en", () => formatDateTime(when)));
  assert.match(inLanguage("ru", () => t("status.database", { path: "/x", schema: 4, journal: "wal", accounts: 3 })), /3 учётные записи/);
});

test("the pseudo-locale accents, lengthens and brackets every message, dates included", () => inLanguage("en-XA", () => {
  assert.equal(t("signIn.title"), "[Šîĝñ îñ ~~]");
  assert.ok([...formatDateTime(0)].some((c) => PSEUDO_MARKS.has(c)));
}));

test("languages are offered by their own names, and the OS language picks the first one", () => {
  assert.deepEqual(languages().map((l) => l.tag), ["en", "ru", "uz", "en-XA"]);
  assert.equal(languages().find((l) => l.tag === "uz").name, "Oʻzbekcha");
  assert.equal(negotiate("ru-RU"), "ru");
  assert.equal(negotiate("uz-Latn-UZ"), "uz");
  assert.equal(negotiate("de-DE"), null);
  const store = (value) => ({ getItem: (k) => (k === STORAGE_KEY ? value : null) });
  assert.equal(initialLanguage({ languages: ["de-DE", "uz-UZ"] }, store(null)), "uz");
  assert.equal(initialLanguage({ languages: ["ru-RU"] }, store("en")), "en", "the device's choice wins");
  assert.equal(initialLanguage({ languages: ["de"] }, store(null)), "en");
});

test("the language menu takes the names the plugin gives, so listing languages parses no catalogue", () => {
  const fromCatalogues = languages(); // no names given: read from each catalogue
  try {
    installCatalogues(catalogues.map((c) => ({ ...c, name: `${c.tag} as the plugin names it` })));
    assert.deepEqual(languages().map((l) => l.name),
      ["en as the plugin names it", "ru as the plugin names it", "uz as the plugin names it", "[éñ åš ţĥé þļûĝîñ ñåɱéš îţ ~~~~~~~~]"]);
    // Given the catalogues' own names, the menu is the same as when they are read from them
    // (the pseudo-locale's name included).
    installCatalogues(catalogues.map((c) => ({ ...c, name: fromCatalogues.find((l) => l.tag === c.tag).name })));
    assert.deepEqual(languages(), fromCatalogues);
  } finally {
    installCatalogues(catalogues);
    setLanguage("en", { remember: false });
  }
});

test("the vendored @fluent/bundle is exactly package-lock's version", () => {
  assert.deepEqual(vendoringProblems(), []);
});

test("the language menu switches every text at once, keeps what was typed, and is remembered", async () => {
  const ui = await startApp({ signedIn: false });
  try {
    assert.equal(ui.$("h1").textContent, "Sign in");
    ui.type("#sign-in-identifier", "ana");
    const menu = ui.$("#latchkey-language");
    menu.value = "ru";
    menu.dispatchEvent(new ui.window.Event("change", { bubbles: true }));
    assert.equal(ui.$("h1").textContent, "Вход");
    assert.equal(ui.$("#sign-in-identifier").value, "ana");
    assert.equal(ui.$("label[for=latchkey-language]").textContent, "Язык");
    assert.equal(ui.window.localStorage.getItem(STORAGE_KEY), "ru");
    assert.equal(ui.$("#app").getAttribute("lang"), "ru");
  } finally {
    ui.close();
    setLanguage("en", { remember: false });
  }
});

test("signing in switches to the account's language, and choosing one is stored with the account", async () => {
  const ui = await startApp({ signedIn: false });
  try {
    ui.fake.state.accounts[0].locale = "uz";
    ui.type("#sign-in-identifier", "ana");
    ui.type("#sign-in-password", "correct horse battery");
    ui.submit("#sign-in-form");
    await waitFor(() => ui.screen() === "home" && ui.$("#home-sign-out").textContent === "Chiqish");
    const menu = ui.$("#latchkey-language");
    menu.value = "ru";
    menu.dispatchEvent(new ui.window.Event("change", { bubbles: true }));
    await waitFor(() => ui.calls("set_account_locale").length === 1);
    assert.equal(ui.fake.state.accounts[0].locale, "ru");
  } finally {
    ui.close();
    setLanguage("en", { remember: false });
  }
});
