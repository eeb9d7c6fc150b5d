// Copies @fluent/bundle's ES module build (node_modules, pinned in package-lock.json) into the
// plugin's guest-js, which has no bundler: `node tools/vendor-fluent.mjs`. With `--check`, exits
// non-zero unless the vendored files are byte-for-byte the package-lock version's
// (ui/tests/vendor.test.mjs runs the check).
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const from = new URL("node_modules/@fluent/bundle/esm/", root);
const to = new URL("crates/tauri-plugin-latchkey/guest-js/vendor/fluent-bundle/", root);

export function lockedVersion() {
  const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8"));
  return lock.packages["node_modules/@fluent/bundle"].version;
}

/** Problems with the vendored copy, [] when it matches package-lock's version exactly. */
export function vendoringProblems() {
  const problems = [];
  const version = lockedVersion();
  const installed = JSON.parse(readFileSync(new URL("node_modules/@fluent/bundle/package.json", root), "utf8")).version;
  if (installed !== version) problems.push(`node_modules has @fluent/bundle ${installed}, package-lock ${version}: run npm ci`);
  const stamp = existsSync(new URL("VERSION", to)) ? readFileSync(new URL("VERSION", to), "utf8").trim() : "none";
  if (stamp !== version) problems.push(`vendored @fluent/bundle is ${stamp}, package-lock ${version}`);
  for (const name of readdirSync(from).filter((n) => n.endsWith(".js"))) {
    const vendored = new URL(name, to);
    if (!existsSync(vendored) || !readFileSync(vendored).equals(readFileSync(new URL(name, from)))) {
      problems.push(`${name} differs from node_modules/@fluent/bundle/esm/${name}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const problems = vendoringProblems();
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  }
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).filter((n) => n.endsWith(".js"))) {
    writeFileSync(new URL(name, to), readFileSync(new URL(name, from)));
  }
  writeFileSync(new URL("VERSION", to), `${lockedVersion()}\n`);
  writeFileSync(new URL("README.md", to), `# @fluent/bundle ${lockedVersion()} (vendored)\n\nThe ES module build of [@fluent/bundle](https://www.npmjs.com/package/@fluent/bundle) (Apache-2.0, Project Fluent), copied unchanged by \`node tools/vendor-fluent.mjs\` from the version pinned in package-lock.json; \`node tools/vendor-fluent.mjs --check\` (run by the UI tests) fails if they differ. Do not edit.\n`);
  console.log(`vendored @fluent/bundle ${lockedVersion()}`);
}
