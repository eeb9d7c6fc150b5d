// One catalogue of error codes (latchkey_core::ErrorCode, generated into guest-js/bindings.d.ts):
// the UI owns a sentence for every code, in every language, so no refusal reaches a person
// as a bare code or as English in another language's screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const bindings = readFileSync(new URL("crates/tauri-plugin-latchkey/guest-js/bindings.d.ts", root), "utf8");
const union = bindings.match(/^export type ErrorCode = (.*);?$/m)?.[1] ?? "";
const codes = [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);

test("the generated ErrorCode union is there and lists the codes", () => {
  assert.ok(codes.length >= 40, `found ${codes.length} codes`);
  for (const known of ["invalid_credentials", "code_invalid", "mailbox_locked", "password_common"]) {
    assert.ok(codes.includes(known), known);
  }
});

const languages = readdirSync(new URL("locales/", root)).filter((n) => n.endsWith(".ftl"));
for (const file of languages) {
  test(`locales/${file} has a sentence for every error code`, () => {
    const source = readFileSync(new URL(`locales/${file}`, root), "utf8");
    const missing = codes.filter((code) => !new RegExp(`^error-${code} =`, "m").test(source));
    assert.deepEqual(missing, [], `no error-<code> message in ${file}`);
  });
}
