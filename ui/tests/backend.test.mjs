import { test } from "node:test";
import assert from "node:assert/strict";
import { toCommandError, CommandError, appInfo } from "../js/backend.js";

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

test("calls go through window.__TAURI__.core.invoke with the command name", async () => {
  const calls = [];
  globalThis.window = { __TAURI__: { core: { invoke: async (cmd, args) => { calls.push([cmd, args]); return { version: "9" }; } } } };
  try {
    assert.deepEqual(await appInfo(), { version: "9" });
    assert.deepEqual(calls, [["app_info", {}]]);
  } finally {
    delete globalThis.window;
  }
});

test("without a backend the call fails with no_backend instead of a TypeError", async () => {
  await assert.rejects(appInfo(), (err) => err.code === "no_backend");
});

test("every command in docs/COMMANDS.md has one function that calls it with camelCase args", async () => {
  const backend = await import("../js/backend.js");
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
    ]);
  } finally {
    delete globalThis.window;
  }
});

test("details survive the trip into a CommandError", () => {
  const err = toCommandError({ code: "login_throttled", message: "wait", details: { retryAfterSecs: 30 } });
  assert.equal(err.details.retryAfterSecs, 30);
  assert.deepEqual(toCommandError({ code: "x", message: "y" }).details, {});
});
