// DEV HARNESS ONLY: installs the fake backend as window.__TAURI__ and plays a scenario so each
// screen can be screenshotted in a known state. See dev/index.html.
import { createFakeBackend } from "./fake-backend.js";

const query = new URLSearchParams(location.search);
const scenario = query.get("scenario") ?? "sign-in";
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

const fake = createFakeBackend({
  latencyMs: Number(query.get("latency") ?? 60),
  signedIn: ["home", "home-keyring"].includes(scenario),
  keyringNotice: scenario === "home-keyring" ? "The OS keyring is not available, so you will be signed out when Latchkey closes." : null,
  restoreNotice: scenario === "sign-in-expired" ? "Your saved session has expired. Please sign in again." : null,
  queued: scenario === "verify-queued",
  mailMode: query.get("mail") ?? "dev_mailbox",
});
window.__TAURI__ = { core: { invoke: fake.invoke }, event: { listen: fake.listen } };
document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));

const { boot } = await import("../../ui/main.js");
const app = await boot();
const $ = (sel) => document.querySelector(sel);
const type = (sel, value) => { const el = $(sel); el.value = value; el.dispatchEvent(new Event("input", { bubbles: true })); };
const submit = (sel) => $(sel).requestSubmit();

const registerAna2 = async () => {
  app.go("register");
  type("#register-first-name", "Bea"); type("#register-last-name", "Okafor");
  type("#register-email", "bea@example.org"); type("#register-phone", "+44 20 7946 0000");
  type("#register-username", "bea.o"); type("#register-password", "lantern orbit pickle");
  type("#register-confirm-password", "lantern orbit pickle");
  submit("#register-form");
  await wait(400);
};

const scenarios = {
  "sign-in": async () => {},
  "sign-in-expired": async () => {},
  "sign-in-error": async () => {
    type("#sign-in-identifier", "ana"); type("#sign-in-password", "wrong");
    for (let i = 0; i < 6; i++) { submit("#sign-in-form"); await wait(150); type("#sign-in-password", "wrong"); }
    $("#sign-in-password").value = "";
  },
  register: async () => { app.go("register"); },
  "register-errors": async () => {
    app.go("register");
    type("#register-first-name", "Bea"); type("#register-last-name", "Okafor");
    type("#register-email", "bea@example"); type("#register-phone", "12");
    type("#register-username", "ana"); type("#register-password", "bea.o2024");
    type("#register-confirm-password", "bea.o2024");
    await wait(500);
    submit("#register-form");
    await wait(300);
  },
  "register-mismatch": async () => {
    app.go("register");
    type("#register-first-name", "Bea"); type("#register-password", "lantern orbit pickle");
    type("#register-confirm-password", "lantern orbit");
    await wait(500);
    submit("#register-form");
    await wait(100);
  },
  verify: registerAna2,
  "verify-queued": registerAna2,
  "verify-wrong": async () => {
    await registerAna2();
    type("#verify-code", "111 111"); submit("#verify-form"); await wait(300);
  },
  forgot: async () => { app.go("forgot", { identifier: "ana" }); },
  reset: async () => {
    app.go("forgot", { identifier: "ana" }); submit("#forgot-form"); await wait(300);
    type("#reset-new-password", "tidal mango quartz"); await wait(400);
  },
  home: async () => {},
  "home-keyring": async () => {},
  mailbox: async () => {
    await registerAna2();
    app.openAside("mailbox"); await wait(300);
    $("[data-message-id]")?.click(); await wait(300);
  },
  settings: async () => { app.openAside("settings"); await wait(200); },
};
await (scenarios[scenario] ?? (async () => console.error(`unknown scenario ${scenario}`)))();
document.documentElement.dataset.harnessReady = "true";
