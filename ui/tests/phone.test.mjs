// Issue 11 screens against the harness's fake backend: sign in with a code, verify the phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startApp, waitFor } from "./support/dom.mjs";

async function withApp(options, body) {
  const ui = await startApp(options);
  try {
    await body(ui);
  } finally {
    ui.close();
  }
}

test("'Text me a code' asks for a code, then the code step signs in", () => withApp({}, async (ui) => {
  assert.equal(ui.$("#sign-in-email-code").textContent, "Email me a code");
  assert.equal(ui.$("#sign-in-sms-code").textContent, "Text me a code");
  ui.type("#sign-in-identifier", "ana");
  ui.$("#sign-in-email-code").click();
  await waitFor(() => ui.screen() === "sign-in-code");
  assert.deepEqual(ui.calls("request_sign_in_code")[0][1], { identifier: "ana", channel: "email" });
  ui.type("#sign-in-code", "12ab56");
  ui.submit("#sign-in-code-form");
  await waitFor(() => ui.$("#sign-in-code").getAttribute("aria-invalid") === "true");
  assert.equal(ui.calls("sign_in_with_code").length, 0, "a code with letters is not sent");
  const code = ui.fake.state.codes.get("ana|sign_in").code;
  ui.type("#sign-in-code", code);
  ui.submit("#sign-in-code-form");
  await waitFor(() => ui.screen() === "home");
}));

test("a number that is not a phone gets its error next to the identifier and nothing is asked", () => withApp({}, async (ui) => {
  ui.type("#sign-in-identifier", "+1 (12");
  ui.$("#sign-in-sms-code").click();
  await waitFor(() => ui.$("#sign-in-identifier").getAttribute("aria-invalid") === "true");
  assert.equal(ui.screen(), "sign-in");
  assert.match(ui.$("#sign-in-identifier-error").textContent, /phone/i);
}));

test("Verify phone texts a code and shows the phone as verified", () => withApp({ signedIn: true }, async (ui) => {
  await waitFor(() => ui.screen() === "home");
  ui.$("#home-verify-phone").click();
  await waitFor(() => ui.screen() === "verify-phone" && ui.$("#phone-badge").textContent === "Not verified");
  ui.$("#phone-send").click();
  await waitFor(() => ui.calls("request_phone_code").length === 1 && ui.$("#phone-delivery"));
  assert.equal(ui.$("#phone-delivery").textContent, "Sent");
  const text = ui.fake.state.sms.at(-1).text;
  const code = text.match(/\d{6}/)[0];
  ui.type("#phone-code", code);
  ui.submit("#phone-form");
  await waitFor(() => ui.$("#phone-badge").textContent === "Verified");
  assert.equal(ui.$("#phone-done").textContent, "Your phone number is verified.");
}));
