// Screen tests run the real UI modules in jsdom (a devDependency: `npm ci` at the repo root)
// against the dev harness's in-memory fake backend.
import { createFakeBackend } from "../../../tools/ui-harness/fake-backend.js";

let JSDOM;
try {
  ({ JSDOM } = await import("jsdom"));
} catch {
  throw new Error("The UI screen tests need jsdom: run `npm ci` at the repository root.");
}

const PAGE = `<!doctype html><html lang="en"><body>
<header id="app-bar"></header><main id="app" data-autostart="false"></main><footer id="status-bar"></footer>
</body></html>`;

/** A fresh jsdom window for `html` with the fake backend behind window.__TAURI__. */
export function openWindow(html, fakeOptions = {}) {
  const dom = new JSDOM(html, { pretendToBeVisual: true, url: "http://localhost/" });
  const { window } = dom;
  for (const name of ["window", "document", "Node", "HTMLElement", "Event", "KeyboardEvent", "navigator", "FileReader"]) {
    Object.defineProperty(globalThis, name, { value: name === "window" ? window : window[name], configurable: true, writable: true });
  }
  const fake = createFakeBackend(fakeOptions);
  window.__TAURI__ = { core: { invoke: fake.invoke }, event: { listen: fake.listen } };
  const doc = window.document;
  const $ = (sel) => doc.querySelector(sel);
  return {
    fake, doc, window, $,
    screen: () => $("[data-screen]")?.dataset.screen,
    type(sel, value) {
      const el = $(sel);
      el.value = value;
      el.dispatchEvent(new window.Event("input", { bubbles: true }));
    },
    submit: (sel) => $(sel).requestSubmit(),
    calls: (command) => fake.state.calls.filter(([c]) => c === command),
  };
}

/** A fresh window with the fake backend, and the Latchkey app booted. */
export async function startApp(fakeOptions = {}) {
  const ui = openWindow(PAGE, fakeOptions);
  const { boot } = await import("../../main.js");
  const app = await boot(ui.window.document);
  return {
    ...ui,
    app,
    close() {
      app.destroy();
      ui.window.close();
    },
  };
}

/** Polls `check` until it returns something truthy (or throws after `ms`). */
export async function waitFor(check, ms = 2000) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      const value = check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() - start > ms) throw last ?? new Error(`waitFor timed out: ${check}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The visible label text of an input, through <label for>. */
export function labelOf(doc, input) {
  return doc.querySelector(`label[for="${input.id}"]`)?.textContent ?? null;
}
