// docs/EMBEDDING.md teaches how to add Latchkey to an app with snippets from examples/notes.
// Each snippet is marked `<!-- from: <path> -->`; this test fails as soon as one of them no
// longer stands, word for word, in that file, so the guide cannot drift from the tested example.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const doc = readFileSync(new URL("docs/EMBEDDING.md", root), "utf8");

/** [{path, code}] for every fenced block right after a `from:` marker. */
export function markedSnippets(markdown) {
  const found = [];
  const re = /<!-- from: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) found.push({ path: m[1], code: m[2] });
  return found;
}

test("every snippet of EMBEDDING.md is marked with its source", () => {
  const fences = (doc.match(/^```[a-z]+$/gm) ?? []).length;
  assert.equal(markedSnippets(doc).length, fences, "a code block without a `<!-- from: … -->` marker");
  assert.ok(fences >= 8, `expected the guide's snippets, found ${fences}`);
});

for (const { path, code } of markedSnippets(doc)) {
  test(`EMBEDDING.md snippet is still in ${path}: ${code.split("\n")[0].trim().slice(0, 60)}`, () => {
    assert.ok(path.startsWith("examples/notes/"), `${path}: snippets come from the tested example`);
    const source = readFileSync(new URL(path, root), "utf8");
    assert.ok(source.includes(code), `${path} no longer contains:\n${code}`);
  });
}

test("a changed snippet is caught", () => {
  const [first] = markedSnippets(doc);
  const source = readFileSync(new URL(first.path, root), "utf8");
  assert.ok(!source.includes(`${first.code}// drifted`));
});
