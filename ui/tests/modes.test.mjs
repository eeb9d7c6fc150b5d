// Kiosk mode and QA mode in the page (issue 15): what the screens hide, the idle countdown, the
// operator's exit, and the QA tools' errors next to their fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startApp, waitFor } from "./support/dom.mjs";
import { keyMatcher, idleSignOut } from "../latchkey/kiosk.js";
import { qaLatestCode } from "../latchkey/api.js";

test("the operator's key combination needs exactly its modifiers", () => {
  const match = keyMatcher("Ctrl+Alt+Shift+Q");
  const key = (over) => ({ key: "Q", code: "KeyQ", ctrlKey: true, altKey: true, shiftKey: true, metaKey: false, ...over });
  assert.ok(match(key({})));
  assert.ok(match(key({ key: "q" })));
  assert.ok(!match(key({ altKey: false })));
  assert.ok(!match(key({ metaKey: true })));
  assert.ok(!match(key({ key: "W", code: "KeyW" })));
  assert.equal(keyMatcher("Q"), null);
  assert.equal(keyMatcher("Hyper+Q"), null);
});

test("idleness shows a countdown, input stops it, and the end signs out", async () => {
  const ui = await startApp();
  let clock = 0;
  let tick = null;
  let timeouts = 0;
  let busy = true;
  const idle = idleSignOut({
    doc: ui.doc, overlayHost: ui.doc.body, idleSecs: 5, countdownSecs: 3,
    busy: () => busy, onTimeout: () => { timeouts += 1; },
    now: () => clock, setTimer: (fn) => { tick = fn; return 1; }, clearTimer: () => {},
  });
  clock = 4_000; await tick();
  assert.equal(ui.$("#kiosk-countdown"), null, "no countdown before the idle time");
  clock = 6_000; await tick();
  assert.match(ui.$("#kiosk-countdown").textContent, /Signing out in 2 s/);
  ui.doc.dispatchEvent(new ui.window.KeyboardEvent("keydown", { key: "a" }));
  assert.equal(ui.$("#kiosk-countdown"), null, "a key press keeps the session");
  clock = 14_100; await tick();
  assert.equal(timeouts, 1);
  assert.equal(ui.$("#kiosk-countdown"), null);
  busy = false;
  clock = 40_000; await tick();
  assert.equal(timeouts, 1, "nothing to clear: idleness is ignored");
  idle.stop();
  ui.close();
});

test("a kiosk shows no Remember me and no mail screens, and its operator exit needs the password", async () => {
  const ui = await startApp({ mode: "kiosk" });
  await waitFor(() => ui.screen() === "sign-in");
  assert.equal(ui.$("#sign-in-remember"), null);
  assert.equal(ui.$("#nav-settings"), null);
  assert.equal(ui.$("#nav-mailbox"), null);
  assert.equal(ui.$("#kiosk-operator-name").textContent, "City Library");
  ui.doc.dispatchEvent(new ui.window.KeyboardEvent("keydown", { key: "Q", code: "KeyQ", ctrlKey: true, altKey: true, shiftKey: true }));
  assert.ok(ui.$("#kiosk-exit-dialog"));
  ui.submit("#kiosk-exit-form");
  await waitFor(() => !ui.$("#kiosk-exit-password-error").hidden);
  assert.equal(ui.$("#kiosk-exit-password-error").textContent, "Type the operator password.");
  assert.equal(ui.calls("kiosk_exit").length, 0, "an empty password is not sent");
  ui.type("#kiosk-exit-password", "guess");
  ui.submit("#kiosk-exit-form");
  await waitFor(() => ui.$("#kiosk-exit-password-error").textContent === "That is not the operator password.");
  assert.equal(ui.$("#kiosk-exit-password").getAttribute("aria-invalid"), "true");
  ui.type("#kiosk-exit-password", "operator pass");
  ui.submit("#kiosk-exit-form");
  await waitFor(() => ui.$("#kiosk-exited"));
  assert.equal(ui.$("#kiosk-exit-dialog"), null);
  await waitFor(() => ui.$("#sign-in-remember"));
  ui.close();
});

test("a kiosk's sign-out rebuilds the page region: the last person's name is gone", async () => {
  const ui = await startApp({ mode: "kiosk", seedAccount: true });
  const before = ui.$("#app");
  ui.type("#sign-in-identifier", "ana");
  ui.type("#sign-in-password", "correct horse battery");
  ui.submit("#sign-in-form");
  await waitFor(() => ui.screen() === "home");
  assert.equal(ui.$("#home-sign-out").textContent, "Switch user");
  ui.$("#home-sign-out").click();
  await waitFor(() => ui.$("#app") !== before && ui.screen() === "sign-in");
  assert.equal(ui.$("#sign-in-identifier").value, "");
  assert.ok(!ui.doc.body.textContent.includes("ana@"), "nothing of the account is left");
  ui.close();
});

test("QA mode shows its banner; time travel moves the screens' clock; bad input is said next to its field", async () => {
  const ui = await startApp({ mode: "qa" });
  await waitFor(() => ui.$("#qa-banner"));
  assert.match(ui.$("#qa-banner").textContent, /QA mode/);
  const before = ui.app.now();
  ui.$("#qa-travel-600").click();
  await waitFor(() => ui.app.now() - before >= 600_000);
  assert.match(ui.$("#qa-clock").textContent, /ahead/);
  ui.type("#qa-travel-minutes", "-3");
  ui.submit("#qa-travel-form");
  await waitFor(() => !ui.$("#qa-travel-minutes-error").hidden);
  assert.equal(ui.calls("qa_time_travel").length, 1);
  ui.type("#qa-latest-to", "nobody@example.test");
  ui.submit("#qa-latest-form");
  await waitFor(() => ui.$("#qa-latest-to-error").textContent === "Nothing was sent to this address.");
  assert.equal(ui.$("#qa-latest-to").getAttribute("aria-invalid"), "true");
  ui.close();
});

test("outside QA mode there is no banner and the QA commands are refused", async () => {
  const ui = await startApp();
  await waitFor(() => ui.screen() === "sign-in");
  assert.equal(ui.$("#qa-banner"), null);
  await assert.rejects(qaLatestCode("a@example.test"), (err) => err.code === "qa_mode_off");
  ui.close();
});
