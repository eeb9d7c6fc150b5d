// ui/index.html lists every module main.js imports, directly or not, as
// <link rel="modulepreload">, so the web view fetches them all at once instead of one level of
// the import graph after another (issue 16: launch time). This test keeps that list equal to the
// real graph: a module added, moved or no longer imported fails it. Modules loaded later through
// import() (the screens after the first, kiosk and QA tools) are not preloaded, and must exist.
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
  for (const needed of ["latchkey/app.js", "latchkey/api.js", "latchkey/i18n.js", "latchkey/screens/sign-in.js", "latchkey/screens/home.js"]) {
    assert.ok(graph.has(needed), `${needed} is not in the import graph`);
  }
  // The screens after the first one, and the kiosk and QA modes' tools, load later (import()).
  for (const later of ["latchkey/screens/register.js", "latchkey/screens/mailbox.js", "latchkey/screens/admin.js", "latchkey/kiosk.js", "latchkey/qa.js"]) {
    assert.ok(!graph.has(later), `${later} is imported up front; it should load later`);
  }
  assert.deepEqual([...listed].sort(), [...graph].sort());
  for (const path of listed) assert.ok(existsSync(new URL(path, ui)), `${path} does not exist`);
});

test("every module loaded later exists, and every screen module is reachable", async () => {
  const dynamic = (source) => [...source.matchAll(/\bimport\("(\.[^"]+)"\)/g)].map((m) => m[1]);
  const reachable = new Set(importGraph("main.js"));
  for (const [from, source] of [["main.js", readFileSync(new URL("main.js", ui), "utf8")],
    ["latchkey/screens/index.js", readFileSync(new URL("latchkey/screens/index.js", ui), "utf8")]]) {
    const specs = dynamic(source);
    assert.ok(specs.length > 0, `${from} loads nothing later`);
    for (const spec of specs) {
      const url = new URL(spec, new URL(from, ui));
      assert.ok(existsSync(url), `${from} loads ${spec}, which does not exist`);
      reachable.add(url.href.slice(ui.href.length));
      for (const path of importGraph(url.href.slice(ui.href.length))) reachable.add(path);
    }
  }
  const { readdirSync } = await import("node:fs");
  for (const name of readdirSync(new URL("latchkey/screens/", ui)).filter((n) => n.endsWith(".js"))) {
    assert.ok(reachable.has(`latchkey/screens/${name}`), `screens/${name} is neither imported nor loaded later`);
  }
});
