#!/usr/bin/env node
// Builds the page the Latchkey app serves from ui/: main.js and every module it imports (the
// plugin's guest-js screens and the vendored Fluent) in one file, so the web view loads 3
// scripts instead of ~25 modules one by one (issue 16: ~20 ms of every launch). early.js stays
// its own small file (it must run before the bundle is parsed), the CSS and index.html are
// copied (its modulepreload list, for the unbundled page, is dropped).
//
//   node scripts/build-ui.mjs --out <dir>
//
// src-tauri/build.rs runs it on every build of the app (the output goes to target/ui-dist,
// the app's frontendDist); without esbuild (`npm ci` not run) build.rs copies ui/ as it is.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ui = join(root, "ui");
const at = process.argv.indexOf("--out");
if (at < 0 || !process.argv[at + 1]) {
  console.error("usage: node scripts/build-ui.mjs --out <dir>");
  process.exit(2);
}
const out = resolve(process.argv[at + 1]);
mkdirSync(join(out, "latchkey"), { recursive: true });

await build({
  entryPoints: [join(ui, "main.js")],
  outfile: join(out, "main.js"),
  bundle: true,
  format: "esm",
  // The screens other than sign-in and Home are imported dynamically; in one file they cost
  // nothing until run, and a launch measured fastest with no chunks to fetch.
  splitting: false,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "eof",
  logLevel: "warning",
});

copyFileSync(join(ui, "early.js"), join(out, "early.js"));
copyFileSync(join(ui, "styles.css"), join(out, "styles.css"));
copyFileSync(join(ui, "latchkey", "latchkey.css"), join(out, "latchkey", "latchkey.css"));
const html = readFileSync(join(ui, "index.html"), "utf8");
const bundled = html
  .replace(/\n\s*<!--[^]*?-->(?=\s*<link rel="modulepreload")/, "")
  .replace(/\n\s*<link rel="modulepreload"[^>]*>/g, "");
if (bundled.includes("modulepreload") || !bundled.includes('src="main.js"') || !bundled.includes('src="early.js"')) {
  console.error("build-ui: ui/index.html no longer looks as expected (scripts early.js and main.js, a modulepreload list)");
  process.exit(1);
}
writeFileSync(join(out, "index.html"), bundled);
