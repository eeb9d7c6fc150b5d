// mountLatchkey as a host app uses it: its own page, its own element, a subset of the screens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openWindow, waitFor } from "./support/dom.mjs";
import { mountLatchkey, SCREENS } from "../latchkey/index.js";

const HOST_PAGE = `<!doctype html><html lang="en"><body>
<header id="host-bar"></header><p id="host-own">The host's own content</p><section id="slot"></section>
</body></html>`;

const WITHOUT_HOME = ["sign-in", "register", "verify", "forgot", "reset"];

/** Mounts into #slot of a host page; `body` gets the window helpers, the handle and the callbacks seen. */
async function withMount({ fake = {}, ...options }, body) {
  const ui = openWindow(HOST_PAGE, fake);
  const seen = { signedIn: [], signedOut: [] };
  const handle = mountLatchkey(ui.$("#slot"), {
    onSignedIn: (s) => seen.signedIn.push(s),
    onSignedOut: (info) => seen.signedOut.push(info),
    ...options,
  });
  try {
    await handle.ready;
    await body({ ...ui, handle, seen });
  } finally {
    handle.destroy();
    ui.window.close();
  }
}

async function signInAsAna(ui) {
  ui.type("#sign-in-identifier", "ana");
  ui.type("#sign-in-password", "correct horse battery");
  ui.submit("#sign-in-form");
  await waitFor(() => ui.calls("log_in").length === 1 && !ui.$("#sign-in-form"));
}

test("the screens mount into the host's element, leaving the rest of its page alone", () => withMount({}, async (ui) => {
  const slot = ui.$("#slot");
  assert.equal(slot.querySelector("[data-screen]").dataset.screen, "sign-in");
  assert.ok(slot.classList.contains("latchkey"), "the element gets the class latchkey.css is scoped under");
  assert.equal(ui.$("#host-own").textContent, "The host's own content");
  assert.equal(ui.doc.activeElement, ui.$("#sign-in-identifier"));
  assert.equal(ui.handle.screen, "sign-in");
  assert.deepEqual(SCREENS, ["sign-in", "register", "verify", "forgot", "reset", "home", "mailbox", "settings", "edit-profile", "change-password", "delete-account", "change-email", "picture", "sign-in-code", "verify-phone", "sms-inbox", "invites", "admin"]);
}));

test("ready answers app_info once the first screen shows", async () => {
  const ui = openWindow(HOST_PAGE);
  const handle = mountLatchkey(ui.$("#slot"));
  const info = await handle.ready;
  assert.equal(info.name, "Latchkey");
  assert.equal(ui.screen(), "sign-in");
  handle.destroy();
  ui.window.close();
});

test("a screen the host left out cannot be navigated to, and nothing links to it", () => withMount({ screens: ["sign-in", "verify"], appBar: null }, async (ui) => {
  for (const name of ["mailbox", "settings", "home", "register", "forgot", "reset", "nope"]) {
    assert.throws(() => ui.handle.go(name), /no screen called/, name);
  }
  assert.equal(ui.screen(), "sign-in", "the failed navigations changed nothing");
  assert.equal(ui.$("#open-mailbox"), null, "no dev-mailbox link without the mailbox screen");
  assert.equal(ui.$("#sign-in-create-account"), null);
  assert.equal(ui.$("#sign-in-forgot"), null);
  ui.handle.go("verify", { email: "ana@example.org" });
  assert.equal(ui.screen(), "verify");
}));

test("the app bar shows the host's brand and only the allowed side screens", async () => {
  const ui = openWindow(HOST_PAGE);
  const bar = ui.$("#host-bar");
  const handle = mountLatchkey(ui.$("#slot"), { screens: [...WITHOUT_HOME, "mailbox"], appBar: bar, brand: { name: "Notes", logoUrl: "notes.svg" } });
  await handle.ready;
  assert.ok(bar.classList.contains("latchkey"));
  assert.equal(bar.querySelector(".brand-name").textContent, "Notes");
  assert.equal(bar.querySelector("img.brand-logo").getAttribute("src"), "notes.svg");
  assert.ok(ui.$("#nav-mailbox"), "dev-mailbox mode and the mailbox allowed");
  assert.equal(ui.$("#nav-settings"), null, "settings left out");
  ui.$("#nav-mailbox").click();
  assert.equal(ui.screen(), "mailbox");
  handle.destroy();
  assert.equal(bar.childElementCount, 0);
  assert.ok(!bar.classList.contains("latchkey"));
  ui.window.close();
});

test("a mount without sign-in, with an unknown screen, or with register but no verify is refused", () => {
  const ui = openWindow(HOST_PAGE);
  const slot = ui.$("#slot");
  assert.throws(() => mountLatchkey(slot, { screens: ["verify", "home"] }), /"sign-in" screen is required/);
  assert.throws(() => mountLatchkey(slot, { screens: ["sign-in", "verify", "profile"] }), /no screen called profile/);
  assert.throws(() => mountLatchkey(slot, { screens: ["sign-in", "verify", "forgot"] }), /"forgot" needs "reset"/);
  assert.equal(ui.fake.state.calls.length, 0, "nothing started");
  ui.window.close();
});

test("destroy() empties the element, stops every timer and stops listening", async () => {
  const live = new Set();
  const { setInterval: realSet, clearInterval: realClear } = globalThis;
  globalThis.setInterval = (fn, ms) => { const id = realSet(fn, ms); live.add(id); return id; };
  globalThis.clearInterval = (id) => { live.delete(id); realClear(id); };
  const ui = openWindow(HOST_PAGE, { signedIn: true });
  let listening = 0;
  const listen = ui.window.__TAURI__.event.listen;
  ui.window.__TAURI__.event.listen = async (event, handler) => {
    listening += 1;
    const stop = await listen(event, handler);
    return () => { listening -= 1; stop(); };
  };
  try {
    const handle = mountLatchkey(ui.$("#slot"), { appBar: ui.$("#host-bar") });
    await handle.ready;
    assert.equal(ui.screen(), "home");
    handle.openAside("mailbox");
    handle.back();
    assert.ok(live.size > 0, "Home refreshes on a timer");
    await waitFor(() => listening === 1);
    handle.destroy();
    assert.equal(live.size, 0, "no timer outlives the screens");
    assert.equal(listening, 0);
    assert.equal(ui.$("#slot").childElementCount, 0);
    assert.equal(ui.$("#host-bar").childElementCount, 0);
    assert.ok(!ui.$("#slot").classList.contains("latchkey"));
    assert.throws(() => handle.go("sign-in"), /destroyed/);
    const before = ui.fake.state.calls.length;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(ui.fake.state.calls.length, before, "no late calls from the gone screens");
  } finally {
    globalThis.setInterval = realSet;
    globalThis.clearInterval = realClear;
    ui.window.close();
  }
});

test("without Home, the screens step aside on sign-in and the host is told who", () => withMount({ screens: WITHOUT_HOME }, async (ui) => {
  await signInAsAna(ui);
  assert.equal(ui.$("#slot").childElementCount, 0);
  assert.equal(ui.handle.screen, null);
  assert.equal(ui.seen.signedIn.length, 1);
  assert.equal(ui.seen.signedIn[0].account.username, "ana");
  assert.equal(ui.handle.account.username, "ana");
}));

test("signOut() signs out, shows sign-in with its notice and tells the host once (the event too arrives)", () => withMount({ screens: WITHOUT_HOME }, async (ui) => {
  await signInAsAna(ui);
  await ui.handle.signOut();
  assert.equal(ui.calls("log_out").length, 1);
  assert.deepEqual(ui.fake.state.events.at(-1), ["latchkey://signed-out", { reason: "signed_out" }]);
  assert.equal(ui.screen(), "sign-in");
  assert.equal(ui.$("#sign-in-notice").textContent, "You are signed out.");
  assert.equal(ui.$("#sign-in-identifier").value, "ana");
  assert.deepEqual(ui.seen.signedOut, [{ reason: "signed_out" }]);
  assert.equal(ui.handle.account, null);
}));

test("a restored session counts as signed in: Home, or for a host without it, the host's pages", async () => {
  await withMount({ fake: { signedIn: true } }, async (ui) => {
    assert.equal(ui.screen(), "home");
    assert.equal(ui.seen.signedIn[0].account.username, "ana");
  });
  await withMount({ fake: { signedIn: true }, screens: WITHOUT_HOME }, async (ui) => {
    assert.equal(ui.$("#slot").childElementCount, 0);
    assert.equal(ui.seen.signedIn.length, 1);
  });
});

test("a session ended elsewhere (the plugin's event) shows sign-in at once and tells the host", () => withMount({ fake: { signedIn: true } }, async (ui) => {
  assert.equal(ui.screen(), "home");
  ui.fake.emit("latchkey://signed-out", { reason: "session_ended" });
  assert.equal(ui.screen(), "sign-in");
  assert.match(ui.$("#sign-in-notice").textContent, /ended/);
  assert.deepEqual(ui.seen.signedOut, [{ reason: "session_ended" }]);
  ui.fake.emit("latchkey://signed-out", { reason: "session_ended" });
  assert.equal(ui.seen.signedOut.length, 1, "once per session");
}));

test("Home's own Sign out keeps its notice though the event arrives before the answer", () => withMount({ fake: { signedIn: true, latencyMs: 20 } }, async (ui) => {
  ui.$("#home-sign-out").click();
  await waitFor(() => ui.screen() === "sign-in");
  assert.equal(ui.$("#sign-in-notice").textContent, "You are signed out.");
  assert.deepEqual(ui.seen.signedOut, [{ reason: "signed_out" }]);
}));

test("a screen whose module is still loading shows when it arrives, unless another was asked for meanwhile", async () => {
  const { createApp } = await import("../latchkey/app.js");
  const { h } = await import("../latchkey/dom.js");
  const ui = openWindow(HOST_PAGE);
  const deferred = () => {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    return { promise, resolve };
  };
  const screen = (name) => (_ctx, params) => h("section", { "data-screen": name }, params.text ?? name);
  const registerModule = deferred();
  const homeModule = deferred();
  let registerLoads = 0;
  const app = createApp({
    root: ui.$("#slot"),
    backend: {},
    screens: {
      "sign-in": screen("sign-in"),
      register: { load: () => { registerLoads += 1; return registerModule.promise; } },
      home: { load: () => homeModule.promise },
    },
  });
  try {
    assert.ok(app.go("sign-in"));
    // Register's module is not here yet: sign-in stays, and register shows once it arrives.
    assert.equal(app.go("register", { text: "first ask" }), null);
    assert.equal(app.go("register", { text: "second ask" }), null);
    assert.equal(ui.screen(), "sign-in");
    registerModule.resolve(screen("register"));
    await waitFor(() => ui.screen() === "register");
    assert.equal(ui.$("[data-screen]").textContent, "second ask", "the latest ask wins");
    assert.equal(registerLoads, 1, "the module is fetched once");
    // Now it is loaded: shown at once.
    assert.ok(app.go("register", { text: "third" }));
    // Home is asked for, then sign-in before Home's module arrives: sign-in stays.
    assert.equal(app.go("home"), null);
    app.go("sign-in");
    homeModule.resolve(screen("home"));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(ui.screen(), "sign-in");
    assert.throws(() => app.go("admin"), /no screen called admin/);
  } finally {
    app.destroy();
    ui.window.close();
  }
});

test("ready waits for every screen's module, so a host's go() right after it shows at once", async () => {
  await withMount({}, async ({ handle, $ }) => {
    for (const name of ["register", "forgot", "mailbox", "settings"]) {
      assert.ok(handle.go(name), `${name} was not loaded by ready`);
      assert.equal($("[data-screen]").dataset.screen, name);
    }
  });
});
