// The Latchkey app: the plugin's screens (every one of them) mounted in the page's main region,
// the app bar with Mailbox and Mail settings, and a status bar of its own.
import { mountLatchkey, appInfo } from "./latchkey/index.js";
import { h, mount } from "./latchkey/dom.js";
import { t, onLanguageChange } from "./latchkey/i18n.js";

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

/** Starts the UI in `doc`; returns the mounted screens (the dev harness drives them from here). */
export async function boot(doc = document) {
  const latchkey = mountLatchkey(doc.getElementById("app"), { appBar: doc.getElementById("app-bar") });
  const statusBar = doc.getElementById("status-bar");
  let shown = [null, null];
  const show = (info, error = null) => {
    shown = [info, error];
    showStatus(statusBar, info, error);
  };
  // The status bar follows the language menu too.
  onLanguageChange(() => showStatus(statusBar, ...shown));
  try {
    const info = await latchkey.ready;
    if (info) show(info);
    else await appInfo().then((i) => show(i), (err) => show(null, err));
  } catch (err) {
    show(null, err);
  }
  return latchkey;
}

const root = globalThis.document?.getElementById("app");
if (root && root.dataset.autostart !== "false") boot();
