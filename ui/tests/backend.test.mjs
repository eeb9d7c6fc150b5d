import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { toCommandError, CommandError, appInfo, currentAccount, onSignedIn, onSignedOut, locales, storeStatus, restoreSession } from "../latchkey/api.js";

test("a structured command error keeps its code, field and field list", () => {
  const err = toCommandError({ code: "invalid_input", message: "Fix the fields", fields: [{ field: "email", code: "email_invalid", message: "bad" }] });
  assert.ok(err instanceof CommandError);
  assert.equal(err.code, "invalid_input");
  assert.equal(err.fields[0].field, "email");
});

test("a bare string rejection becomes an ipc error with that message", () => {
  const err = toCommandError("command app_info not allowed");
  assert.equal(err.code, "ipc");
  assert.equal(err.message, "command app_info not allowed");
});

test("calls go through window.__TAURI__.core.invoke as the latchkey plugin's commands", async () => {
  const calls = [];
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd, args) => { calls.push([cmd, args]); return { version: "9" }; } } } };
  try {
    assert.deepEqual(await appInfo(), { version: "9" });
    assert.deepEqual(calls, [["plugin:latchkey|app_info", {}]]);
  } finally {
    delete globalThis.window;
  }
});

test("without a backend the call fails with no_backend instead of a TypeError", async () => {
  await assert.rejects(appInfo(), (err) => err.code === "no_backend");
});

test("every command in docs/COMMANDS.md has one function that calls it with camelCase args", async () => {
  const backend = await import("../latchkey/api.js");
  const calls = [];
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd, args) => { calls.push([cmd, args]); return null; } } } };
  try {
    const form = { firstName: "A", lastName: "B", email: "a@x.org", phone: "+1", username: "ab", password: "p" };
    await backend.register(form);
    await backend.verifyEmail({ handle: "h".repeat(64), code: "123456", remember: true });
    await backend.resendCode({ handle: "h".repeat(64), purpose: "verify_email" });
    await backend.codeStatus({ identifier: "ab", purpose: "reset_password" });
    await backend.logIn({ identifier: "ab", password: "p", remember: false });
    await backend.restoreSession();
    await backend.currentAccount();
    await backend.logOut();
    await backend.logOutEverywhere();
    await backend.listSessions();
    await backend.recentActivity();
    await backend.requestPasswordReset({ identifier: "ab" });
    await backend.resetPassword({ identifier: "ab", code: "1", newPassword: "n" });
    await backend.passwordStrength({ password: "p", userInputs: ["A"] });
    await backend.mailboxList();
    await backend.mailboxRead(7);
    await backend.mailSettingsGet();
    await backend.mailSettingsSave({ smtpUrl: "smtp://h", mailFrom: "f@x.org", smtpPassword: null });
    await backend.mailSendTest("t@x.org");
    assert.deepEqual(calls, [
      ["register", { form }],
      ["verify_email", { handle: "h".repeat(64), code: "123456", remember: true }],
      ["resend_code", { purpose: "verify_email", handle: "h".repeat(64), identifier: undefined }],
      ["code_status", { purpose: "reset_password", handle: undefined, identifier: "ab" }],
      ["log_in", { identifier: "ab", password: "p", remember: false }],
      ["restore_session", {}],
      ["current_account", {}],
      ["log_out", {}],
      ["log_out_everywhere", {}],
      ["list_sessions", {}],
      ["recent_activity", {}],
      ["request_password_reset", { identifier: "ab" }],
      ["reset_password", { identifier: "ab", code: "1", newPassword: "n" }],
      ["password_strength", { password: "p", userInputs: ["A"] }],
      ["mailbox_list", {}],
      ["mailbox_read", { id: 7 }],
      ["mail_settings_get", {}],
      ["mail_settings_save", { smtpUrl: "smtp://h", mailFrom: "f@x.org", smtpPassword: null }],
      ["mail_send_test", { to: "t@x.org" }],
    ].map(([command, args]) => [`plugin:latchkey|${command}`, args]));
  } finally {
    delete globalThis.window;
  }
});

test("details survive the trip into a CommandError", () => {
  const err = toCommandError({ code: "login_throttled", message: "wait", details: { retryAfterSecs: 30 } });
  assert.equal(err.details.retryAfterSecs, 30);
  assert.deepEqual(toCommandError({ code: "x", message: "y" }).details, {});
});

test("currentAccount is the account, or null when nobody is signed in; other failures still reject", async () => {
  const ana = { id: 1, firstName: "Ana" };
  let answer;
  globalThis.window = { __TAURI__: { core: { invoke: async () => answer() } } };
  try {
    answer = () => ana;
    assert.deepEqual(await currentAccount(), ana);
    answer = () => null;
    assert.equal(await currentAccount(), null);
    answer = () => { throw { code: "not_signed_in", message: "Your session has ended." }; };
    assert.equal(await currentAccount(), null);
    answer = () => { throw { code: "internal", message: "disk on fire" }; };
    await assert.rejects(currentAccount(), (err) => err.code === "internal");
  } finally {
    delete globalThis.window;
  }
});

test("onSignedIn/onSignedOut listen to the plugin's events and hand over the payload until unlistened", async () => {
  const handlers = new Map();
  const listen = async (event, handler) => {
    handlers.set(event, handler);
    return () => handlers.delete(event);
  };
  globalThis.window = { __TAURI__: { event: { listen } } };
  try {
    const seen = [];
    const stopIn = onSignedIn((account) => seen.push(["in", account.id]));
    const stopOut = onSignedOut(({ reason }) => seen.push(["out", reason]));
    await new Promise((r) => setTimeout(r, 0));
    handlers.get("latchkey://signed-in")({ event: "latchkey://signed-in", payload: { id: 7 } });
    handlers.get("latchkey://signed-out")({ event: "latchkey://signed-out", payload: { reason: "signed_out" } });
    assert.deepEqual(seen, [["in", 7], ["out", "signed_out"]]);
    stopIn();
    stopOut();
    stopOut();
    assert.equal(handlers.size, 0);
  } finally {
    delete globalThis.window;
  }
});

test("unlistening before Tauri confirms the subscription still unsubscribes; no event API is a no-op", async () => {
  let unlistened = 0;
  let deliver;
  globalThis.window = { __TAURI__: { event: { listen: async (_e, h) => { deliver = h; return () => { unlistened += 1; }; } } } };
  try {
    const seen = [];
    const stop = onSignedOut((p) => seen.push(p));
    stop();
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(unlistened, 1);
    deliver({ payload: { reason: "late" } });
    assert.deepEqual(seen, []);
  } finally {
    delete globalThis.window;
  }
  assert.equal(typeof onSignedIn(() => {}), "function", "without Tauri, listening does nothing and returns an unlisten");
});

/**
 * Runs ui/early.js afresh. Not `import()`: Node loads it (no imports, no exports, no "type" in
 * package.json) as CommonJS, cached by file name whatever the query, so a second import would
 * not run it again.
 */
function runEarly() {
  new Function(readFileSync(new URL("../early.js", import.meta.url), "utf8"))();
}

test("early.js asks the first screen's four questions at once, and api.js hands each answer out once", async () => {
  const calls = [];
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd) => { calls.push(cmd); return { asked: cmd, n: calls.length }; } } } };
  try {
    runEarly();
    const first = ["locales", "store_status", "restore_session", "app_info"].map((c) => `plugin:latchkey|${c}`);
    assert.deepEqual(calls, first, "all asked as the module runs");
    assert.deepEqual(await locales(), { asked: "plugin:latchkey|locales", n: 1 }, "the early answer");
    assert.deepEqual(await storeStatus(), { asked: "plugin:latchkey|store_status", n: 2 });
    assert.deepEqual(await restoreSession(), { asked: "plugin:latchkey|restore_session", n: 3 });
    assert.deepEqual(await appInfo(), { asked: "plugin:latchkey|app_info", n: 4 });
    assert.equal(calls.length, 4, "nothing asked again for them");
    // Later questions go to the plugin.
    assert.deepEqual(await storeStatus(), { asked: "plugin:latchkey|store_status", n: 5 });
    assert.deepEqual(await locales(), { asked: "plugin:latchkey|locales", n: 6 });
  } finally {
    delete globalThis.window;
    delete globalThis.__latchkeyAsked;
  }
});

test("early.js takes the answers the page arrived with and asks only for the others", async () => {
  const calls = [];
  let removed = false;
  const inPage = {
    locales: [{ tag: "en", name: "English", source: "hello = Hello" }],
    store_status: { ready: true, state: "ready", problem: null },
    restore_session: { signedIn: null, notice: "ended </script>" },
  };
  const savedDocument = globalThis.document;
  globalThis.document = {
    getElementById: (id) => id === "latchkey-first-answers"
      ? { textContent: JSON.stringify(inPage), remove: () => { removed = true; } }
      : null,
  };
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd) => { calls.push(cmd); return { asked: cmd }; } } } };
  try {
    runEarly();
    assert.deepEqual(calls, ["plugin:latchkey|app_info"], "only what the page lacks is asked");
    assert.ok(removed, "the block leaves the DOM once read");
    assert.deepEqual(await locales(), inPage.locales);
    assert.deepEqual(await storeStatus(), inPage.store_status);
    assert.deepEqual(await restoreSession(), inPage.restore_session);
    assert.deepEqual(await appInfo(), { asked: "plugin:latchkey|app_info" });
    // Given once: a later question goes to the plugin.
    assert.deepEqual(await restoreSession(), { asked: "plugin:latchkey|restore_session" });
  } finally {
    globalThis.document = savedDocument;
    delete globalThis.window;
    delete globalThis.__latchkeyAsked;
  }
});

test("early.js asks everything when the page's answers cannot be read", async () => {
  const calls = [];
  const savedDocument = globalThis.document;
  globalThis.document = { getElementById: () => ({ textContent: "{not json", remove() {} }) };
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd) => { calls.push(cmd); return { asked: cmd }; } } } };
  try {
    runEarly();
    assert.equal(calls.length, 4, JSON.stringify(calls));
  } finally {
    globalThis.document = savedDocument;
    delete globalThis.window;
    delete globalThis.__latchkeyAsked;
  }
});

test("an early question that failed is asked again where its answer is taken", async () => {
  // restore_session asked while the store was still opening, then once it is open.
  let storeOpen = false;
  const calls = [];
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd) => {
    calls.push(cmd);
    if (cmd === "plugin:latchkey|restore_session" && !storeOpen) throw { code: "store_unreachable", message: "opening" };
    return { asked: cmd };
  } } } };
  try {
    runEarly();
    storeOpen = true;
    assert.deepEqual(await restoreSession(), { asked: "plugin:latchkey|restore_session" }, "the answer of the second asking");
    assert.equal(calls.filter((c) => c === "plugin:latchkey|restore_session").length, 2, JSON.stringify(calls));
  } finally {
    delete globalThis.window;
    delete globalThis.__latchkeyAsked;
  }
});

test("an early question that fails again fails where its answer is taken", async () => {
  let asked = 0;
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd) => {
    if (cmd === "plugin:latchkey|locales") asked += 1;
    throw { code: "store_failed", message: "no" };
  } } } };
  try {
    runEarly();
    assert.equal(asked, 1, "asked early");
    await assert.rejects(locales(), (err) => err instanceof CommandError && err.code === "store_failed");
    assert.equal(asked, 2, "and once more where the answer is taken");
  } finally {
    delete globalThis.window;
    delete globalThis.__latchkeyAsked;
  }
});
