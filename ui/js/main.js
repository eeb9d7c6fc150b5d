// Entry point: builds the app around the page's three regions and starts it.
import * as backend from "./backend.js";
import { h, mount } from "./dom.js";
import { t } from "./i18n.js";
import { createApp } from "./app.js";
import { screens } from "./screens/index.js";

/** Fills the footer status bar (version and database) from app_info. */
export function showStatus(statusBar, info, error = null) {
  if (!info) {
    mount(statusBar, h("span", { class: "error", "data-testid": "backend-error" }, t("status.unavailable", { message: error?.message ?? "" })));
    return;
  }
  const db = info.database;
  mount(
    statusBar,
    h("span", { "data-testid": "app-version" }, t("status.version", { version: info.version })),
    h("span", { "data-testid": "database-status" },
      db.accountCount == null
        ? t("status.databaseNoCount", { path: db.path, schema: db.schemaVersion, journal: db.journalMode })
        : t("status.database", { path: db.path, schema: db.schemaVersion, journal: db.journalMode, accounts: db.accountCount }),
      db.createdThisStart ? ` · ${t("status.databaseNew")}` : ""),
    h("span", { "data-testid": "mail-mode" }, info.mail?.mode === "smtp" ? t("status.mailSmtp") : t("status.mailDev")),
  );
}

/** Starts the UI in `doc`; returns the app (the dev harness drives it from here). */
export async function boot(doc = document, api = backend) {
  const app = createApp({ root: doc.getElementById("app"), appBar: doc.getElementById("app-bar"), backend: api, screens });
  const statusBar = doc.getElementById("status-bar");
  try {
    const info = await app.start();
    if (info) showStatus(statusBar, info);
    else await api.appInfo().then((i) => showStatus(statusBar, i), (err) => showStatus(statusBar, null, err));
  } catch (err) {
    showStatus(statusBar, null, err);
  }
  return app;
}

const root = globalThis.document?.getElementById("app");
if (root && root.dataset.autostart !== "false") boot();
