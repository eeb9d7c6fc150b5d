import { test } from "node:test";
import assert from "node:assert/strict";
import { t, setLanguage } from "../latchkey/i18n.js";

test("t fills named placeholders and leaves unknown ones visible", () => {
  assert.equal(t("status.version", { version: "1.2.3" }), "Latchkey 1.2.3");
  assert.equal(t("status.version"), "Latchkey {version}");
});

test("an unknown key shows as the key, so missing strings are easy to spot", () => {
  assert.equal(t("no.such.key"), "no.such.key");
});

test("setting a language without a catalogue is refused", () => {
  assert.throws(() => setLanguage("xx"), /no catalogue/);
});
