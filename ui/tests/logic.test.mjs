import { test } from "node:test";
import assert from "node:assert/strict";
import { secondsUntil, formatDuration, codeCountdown, formatRelative } from "../latchkey/format.js";
import { normalizeCode, validateRegister, validateReset, validateSignIn, registrationPayload, extractCode, looksLikeEmail } from "../latchkey/validate.js";
import { messageFor, presentError } from "../latchkey/errors.js";
import { CommandError } from "../latchkey/api.js";
import { decideStart } from "../latchkey/app.js";
import "./support/catalogues.mjs";

test("durations read like a person would say them", () => {
  assert.equal(formatDuration(0), "0 s");
  assert.equal(formatDuration(45), "45 s");
  assert.equal(formatDuration(60), "1 min");
  assert.equal(formatDuration(150), "2 min 30 s");
  assert.equal(formatDuration(3900), "1 h 5 min");
  assert.equal(formatDuration(3605), "1 h");
  assert.equal(formatDuration(12.2), "13 s", "partial seconds round up so a countdown never shows 0 too early");
});

test("secondsUntil rounds up, never goes negative and tolerates missing times", () => {
  assert.equal(secondsUntil(10_500, 10_000), 1);
  assert.equal(secondsUntil(10_000, 10_000), 0);
  assert.equal(secondsUntil(5_000, 10_000), 0);
  assert.equal(secondsUntil(null, 10_000), null);
});

test("a sent code counts down to expiry, then reads as expired", () => {
  const status = { state: "sent", sentTo: "a@x.org", expiresAt: 70_000, resendAvailableAt: 40_000 };
  assert.deepEqual(codeCountdown(status, 10_000), { kind: "live", expiresInSecs: 60, resendInSecs: 30 });
  assert.deepEqual(codeCountdown(status, 70_000), { kind: "expired", expiresInSecs: 0, resendInSecs: 0 });
  assert.deepEqual(codeCountdown({ ...status, state: "failed", sentAt: null, expiresAt: null }, 10_000),
    { kind: "failed", expiresInSecs: null, resendInSecs: 30 }, "a refused message never counts down");
});

test("a queued code has no lifetime yet and no status means no code", () => {
  assert.equal(codeCountdown({ state: "queued", expiresAt: null, resendAvailableAt: 0 }, 1).kind, "queued");
  assert.equal(codeCountdown(null, 1).kind, "none");
  assert.equal(codeCountdown({ state: "none", resendAvailableAt: 5_000 }, 1_000).resendInSecs, 4);
});

test("relative times say just now, minutes and days", () => {
  assert.equal(formatRelative(1_000_000, 1_010_000), "just now");
  assert.equal(formatRelative(0, 5 * 60_000), "5 minutes ago");
  assert.equal(formatRelative(0, 2 * 86_400_000), "2 days ago");
});

test("pasted codes lose their spaces, dashes and line breaks", () => {
  assert.equal(normalizeCode(" 123 456\n"), "123456");
  assert.equal(normalizeCode("123-456"), "123456");
  assert.equal(normalizeCode("123–456"), "123456");
  assert.equal(normalizeCode("12.34.56"), "123456");
  assert.equal(normalizeCode("12a456"), "12a456", "other characters stay for the backend to reject");
});

test("registration catches empty fields and mismatched passwords, and leaves formats to the backend", () => {
  const ok = { firstName: "Ana", lastName: "Silva", email: "ana@x.org", phone: "", username: "ana", password: "pw pw pw pw", confirmPassword: "pw pw pw pw" };
  assert.deepEqual(validateRegister(ok), {});
  assert.deepEqual(Object.keys(validateRegister({ ...ok, confirmPassword: "other" })), ["confirmPassword"]);
  assert.deepEqual(validateRegister({ ...ok, email: "ana.x.org" }), {}, "the backend reports it with every other field error");
  assert.equal(validateRegister({ ...ok, firstName: "  " }).firstName, "Enter your first name.");
  assert.equal(looksLikeEmail(" a@b "), true);
});

test("the confirmation is never part of what is sent to register", () => {
  const payload = registrationPayload({ firstName: " Ana ", lastName: "Silva", email: "a@x.org ", phone: "+1 555", username: "ana", password: " keep spaces ", confirmPassword: " keep spaces " });
  assert.deepEqual(Object.keys(payload).sort(), ["email", "firstName", "lastName", "password", "phone", "username"]);
  assert.equal(payload.firstName, "Ana");
  assert.equal(payload.password, " keep spaces ", "passwords are never trimmed");
});

test("sign-in and reset validation", () => {
  assert.deepEqual(Object.keys(validateSignIn({ identifier: "", password: "" })), ["identifier", "password"]);
  assert.deepEqual(Object.keys(validateReset({ code: "1 2", newPassword: "a", confirmPassword: "b" })), ["confirmPassword"]);
  assert.equal(validateReset({ code: " - ", newPassword: "a", confirmPassword: "a" }).code, "Enter the code from the email.");
});

test("the code is found in a message's text part, grouped or not", () => {
  assert.equal(extractCode("Hello,\n\nYour code is:\n\n    482 913\n\nBye"), "482913");
  assert.equal(extractCode("Your code is 12345678, valid for 10 minutes."), "12345678");
  assert.equal(extractCode("Someone tried to register with your address."), null);
});

test("throttling says how long to wait, from details.retryAfterSecs", () => {
  const err = new CommandError({ code: "login_throttled", message: "throttled", details: { retryAfterSecs: 150 } });
  assert.equal(messageFor(err), "Too many attempts. Try again in 2 min 30 s.");
});

test("a wrong code says how many attempts are left", () => {
  const err = new CommandError({ code: "code_invalid", message: "x", details: { attemptsLeft: 1 } });
  assert.equal(messageFor(err), "That code is not right. 1 attempt left.");
  assert.deepEqual(presentError(err), { fields: { code: "That code is not right. 1 attempt left." }, alert: null });
});

test("unknown codes fall back to the backend's message; known ones are the catalogue's, quoting the operator detail", () => {
  assert.equal(messageFor(new CommandError({ code: "some_future_code", message: "Authentication failed: check the user name." })), "Authentication failed: check the user name.");
  assert.equal(messageFor(new CommandError({ code: "smtp_auth", message: "535 bad credentials" })),
    "The mail server did not accept the user name or password. 535 bad credentials");
});

test("field errors go next to their fields; everything else is form-level", () => {
  const err = new CommandError({ code: "invalid_input", message: "Fix it", fields: [
    { field: "email", code: "email_invalid", message: "Bad email." },
    { field: "username", code: "username_taken", message: "taken" },
  ] });
  assert.deepEqual(presentError(err), { fields: { email: "This is not a valid email address, such as ada@example.com.", username: "That username is taken. Try another." }, alert: null });
  assert.deepEqual(presentError(new CommandError({ code: "invalid_credentials", message: "m" })),
    { fields: {}, alert: "The email, username or password is not right." });
});

test("start-up goes Home with a restored session, else to sign-in with the notice", () => {
  const signedIn = { account: { firstName: "Ana" }, remembered: true, keyringNotice: null };
  assert.deepEqual(decideStart({ signedIn, notice: null }), { screen: "home", params: { signedIn } });
  assert.deepEqual(decideStart({ signedIn: null, notice: "Your session expired." }), { screen: "sign-in", params: { notice: "Your session expired." } });
  assert.equal(decideStart(null, new CommandError({ code: "internal", message: "db locked" })).params.alert, "Something went wrong. Details are in the log file.");
});

test("account forms: what is caught before sending", async () => {
  const { validateProfile, validateChangePassword, validateDeleteAccount } = await import("../latchkey/validate.js");
  assert.deepEqual(Object.keys(validateProfile({ firstName: " ", lastName: "K", username: "ana", phone: "" })).sort(), ["firstName", "phone"]);
  assert.deepEqual(Object.keys(validateChangePassword({ password: "", newPassword: "x", confirmPassword: "y" })).sort(), ["confirmPassword", "password"]);
  assert.deepEqual(validateChangePassword({ password: "a", newPassword: "b", confirmPassword: "b" }), {});
  assert.deepEqual(Object.keys(validateDeleteAccount({ password: "p", confirmUsername: "bob" }, "ana")), ["confirmUsername"]);
  assert.deepEqual(validateDeleteAccount({ password: "p", confirmUsername: " ANA " }, "ana"), {});
});
