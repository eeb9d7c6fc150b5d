// scripts/build-ui.mjs: the page the app serves, bundled (src-tauri/build.rs runs it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const script = new URL("../../scripts/build-ui.mjs", import.meta.url).pathname;

test("the built page is three scripts' worth: early.js, one self-contained main.js, and the CSS", () => {
  const out = mkdtempSync(join(tmpdir(), "latchkey-ui-"));
  try {
    execFileSync(process.execPath, [script, "--out", out], { stdio: "pipe" });
    assert.deepEqual(readdirSync(out).sort(), ["early.js", "index.html", "latchkey", "main.js", "styles.css"]);
    assert.deepEqual(readdirSync(join(out, "latchkey")), ["latchkey.css"]);
    const html = readFileSync(join(out, "index.html"), "utf8");
    assert.doesNotMatch(html, /modulepreload/, "nothing left to preload");
    assert.match(html, /<script type="module" src="early.js"><\/script>\s*<script type="module" src="main.js">/, "early.js first");
    const main = readFileSync(join(out, "main.js"), "utf8");
    // Every module is in it: no import of another file, static or dynamic.
    assert.doesNotMatch(main, /\bimport\s*\(|\bfrom\s*["']\.|^import\s/m);
    // The screens loaded later and the mode tools are in it too (their entry points' names).
    for (const name of ["mountLatchkey", "mountQaTools", "idleSignOut", "operatorExit"]) {
      assert.ok(main.includes(name), name);
    }
    assert.equal(readFileSync(join(out, "early.js"), "utf8"), readFileSync(new URL("../early.js", import.meta.url), "utf8"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("build-ui refuses to run without an output directory", () => {
  assert.throws(() => execFileSync(process.execPath, [script], { stdio: "pipe" }), (err) => err.status === 2);
});
