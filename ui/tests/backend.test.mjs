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
