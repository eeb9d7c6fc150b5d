import * as backend from "./backend.js";
import { h, mount } from "./dom.js";
import { t } from "./i18n.js";

const app = document.getElementById("app");
const statusBar = document.getElementById("status-bar");

function field(id, label, input) {
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

function signInScreen() {
  return h(
    "section",
    { class: "card", "aria-labelledby": "sign-in-title", "data-screen": "sign-in" },
    h("h1", { id: "sign-in-title" }, t("signIn.title")),
    h("p", { class: "subtitle" }, t("signIn.subtitle")),
    h(
      "form",
      { id: "sign-in-form", novalidate: true },
      field("sign-in-identifier", t("signIn.identifier"),
        h("input", { id: "sign-in-identifier", name: "identifier", autocomplete: "username", required: true, autofocus: true })),
      field("sign-in-password", t("signIn.password"),
        h("input", { id: "sign-in-password", name: "password", type: "password", autocomplete: "current-password", required: true })),
      h("div", { class: "field checkbox" },
        h("input", { id: "sign-in-remember", name: "remember", type: "checkbox", checked: true }),
        h("label", { for: "sign-in-remember" }, t("signIn.remember"))),
      h("div", { role: "alert", class: "form-alert", id: "sign-in-alert" }),
      h("button", { type: "submit", class: "primary" }, t("signIn.submit")),
    ),
  );
}

async function showStatus() {
  try {
    const info = await backend.appInfo();
    const db = info.database;
    mount(
      statusBar,
      h("span", { "data-testid": "app-version" }, t("status.version", { version: info.version })),
      h("span", { "data-testid": "database-status" },
        t("status.database", { path: db.path, schema: db.schemaVersion, journal: db.journalMode, accounts: db.accountCount }),
        db.createdThisStart ? ` · ${t("status.databaseNew")}` : ""),
    );
  } catch (err) {
    mount(statusBar, h("span", { class: "error", "data-testid": "backend-error" }, t("status.unavailable", { message: err.message })));
  }
}

mount(app, signInScreen());
showStatus();
