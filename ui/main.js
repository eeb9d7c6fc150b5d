// The Latchkey app: the plugin's screens (every one of them) mounted in the page's main region,
// the app bar with Mailbox and Mail settings, and a status bar of its own.
// Kiosk mode's and QA mode's modules are fetched only in those modes (see boot).
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

/**
 * Kiosk mode: idle sign-out, the operator's exit, and on every sign-out a new page region, so
 * nothing of the previous person stays in the DOM (their name in the sign-in field included).
 */
function startKiosk(doc, info, session, { idleSignOut, operatorExit }) {
  const kiosk = info.kiosk ?? {};
  const idle = idleSignOut({
    doc,
    overlayHost: doc.body,
    idleSecs: kiosk.idleSecs ?? 120,
    countdownSecs: kiosk.countdownSecs ?? 30,
    // The page's own timers: they end with the page (and with a test's window).
    setTimer: (fn, ms) => doc.defaultView.setInterval(fn, ms),
    clearTimer: (id) => doc.defaultView.clearInterval(id),
    busy: () => {
      const { latchkey } = session;
      if (latchkey.account || latchkey.screen !== "sign-in") return true;
      return [...doc.querySelectorAll("#app input")].some((i) => i.type !== "checkbox" && i.value);
    },
    onTimeout: async () => {
      if (session.latchkey.account) await session.latchkey.signOut().catch(() => {});
      session.remount();
    },
  });
  const exit = operatorExit({
    doc,
    host: doc.body,
    exitKeys: kiosk.exitKeys,
    onExited: () => {
      session.kiosk = false;
      idle.stop();
      exit.stop();
      session.latchkey.leaveKiosk();
      doc.body.classList.remove("kiosk");
      doc.getElementById("app-bar")?.before(
        h("div", { class: "kiosk-exited", id: "kiosk-exited", role: "status" }, t("kiosk.exited")));
    },
  });
  doc.body.classList.add("kiosk");
  session.kiosk = true;
}

/** Starts the UI in `doc`; returns the mounted screens (the dev harness drives them from here). */
export async function boot(doc = document) {
  const session = { latchkey: null, kiosk: false, remount: null };
  const mountInto = (element) => mountLatchkey(element, {
    appBar: doc.getElementById("app-bar"),
    onSignedOut: () => {
      // After the screens showed sign-in, swap in a fresh region (kiosk only).
      if (session.kiosk) queueMicrotask(() => session.remount());
    },
  });
  session.remount = () => {
    const old = doc.getElementById("app");
    session.latchkey.destroy();
    const fresh = doc.createElement("main");
    fresh.id = "app";
    old.replaceWith(fresh);
    session.latchkey = mountInto(fresh);
  };
  const latchkey = mountInto(doc.getElementById("app"));
  session.latchkey = latchkey;
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
    if (info?.mode === "kiosk" && !info.kiosk?.exited) startKiosk(doc, info, session, await import("./latchkey/kiosk.js"));
    if (info?.mode === "qa") {
      const { mountQaTools } = await import("./latchkey/qa.js");
      const bar = doc.createElement("div");
      bar.id = "qa-tools";
      doc.body.prepend(bar);
      mountQaTools(bar, { latchkey: { setClockOffset: (ms) => session.latchkey.setClockOffset(ms), now: () => session.latchkey.now() }, info });
    }
    if (info) show(info);
    else await appInfo().then((i) => show(i), (err) => show(null, err));
  } catch (err) {
    show(null, err);
  }
  return latchkey;
}

const root = globalThis.document?.getElementById("app");
if (root && root.dataset.autostart !== "false") boot();
