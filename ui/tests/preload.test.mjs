// ui/index.html lists every module main.js imports, directly or not, as
// <link rel="modulepreload">, so the web view fetches them all at once instead of one level of
// the import graph after another (issue 16: launch time). This test keeps that list equal to the
// real graph: a module added, moved or no longer imported fails it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";

const ui = new URL("../", import.meta.url);

/** Relative specifiers of a module's static imports and re-exports (not `import()` in JSDoc). */
export function staticImports(source) {
  const found = [];
  const re = /^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"/gm;
  for (const m of source.matchAll(re)) found.push(m[1] ?? m[2]);
  return found;
}

/** Every module reachable from `entry` (paths relative to ui/), the entry excluded. */
function importGraph(entry) {
  const seen = new Set();
  const visit = (url) => {
    const path = url.href.slice(ui.href.length);
    if (seen.has(path)) return;
    seen.add(path);
    for (const spec of staticImports(readFileSync(url, "utf8"))) visit(new URL(spec, url));
  };
  visit(new URL(entry, ui));
  seen.delete(entry);
  return seen;
}

function preloaded(html) {
  return [...html.matchAll(/<link rel="modulepreload" href="([^"]+)" \/>/g)].map((m) => m[1]);
}

test("the import graph is read from static imports only", () => {
  const source = [
    'import { a } from "./a.js";',
    'import "./side-effect.js";',
    'export { b } from "../b.js";',
    '/** @typedef {import("./bindings").X} X */',
    'const later = () => import("./lazy.js");',
  ].join("\n");
  assert.deepEqual(staticImports(source), ["./a.js", "./side-effect.js", "../b.js"]);
});

test("index.html preloads exactly the modules main.js imports", () => {
  const html = readFileSync(new URL("index.html", ui), "utf8");
  const listed = preloaded(html);
  assert.equal(new Set(listed).size, listed.length, "a module is preloaded twice");
  const graph = importGraph("main.js");
  assert.ok(graph.size >= 30, `expected the whole UI, found ${graph.size} modules`);
  assert.deepEqual([...listed].sort(), [...graph].sort());
  for (const path of listed) assert.ok(existsSync(new URL(path, ui)), `${path} does not exist`);
});
