// The notes example's page glue (examples/notes/ui) against the fake plugin plus fake host
// commands: the notes show only while signed in, and each account sees only its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { openWindow, waitFor } from "./support/dom.mjs";

const page = readFileSync(new URL("../../examples/notes/ui/index.html", import.meta.url), "utf8")
  .replace(/<script[^>]*><\/script>/g, "").replace(/<link [^>]*>/g, "");

test("notes: sign in, add a note, sign out (gone from the page), sign in again (back); another account never sees it", async () => {
  const notes = [];
  let fake;
  const me = () => {
    if (!fake.state.current) throw { code: "not_signed_in", message: "Not signed in." };
    return fake.state.current.accountId;
  };
  const ui = openWindow(page, {
    hostCommands: {
      list_notes: () => notes.filter((n) => n.owner === me()).map(({ owner, ...n }) => n),
      add_note: ({ text }) => {
        const note = { owner: me(), id: notes.length + 1, text, createdAt: Date.now() };
        notes.push(note);
        return { id: note.id, text, createdAt: note.createdAt };
      },
    },
  });
  fake = ui.fake;
  fake.state.accounts.push({ id: 500, firstName: "Bo", lastName: "Berg", email: "bo@example.org", username: "bo", phone: "", emailVerified: true, createdAt: 0, password: "bo bo bo bo bo" });
  const signIn = async (identifier, password) => {
    await waitFor(() => ui.screen() === "sign-in" && !ui.$("#account").hidden);
    ui.type("#sign-in-identifier", identifier);
    ui.type("#sign-in-password", password);
    ui.submit("#sign-in-form");
    await waitFor(() => !ui.$("#notes").hidden && ui.calls("list_notes").length);
  };
  const shownNotes = () => [...ui.doc.querySelectorAll("#notes-list li.note")].map((li) => li.textContent);

  await import("../../examples/notes/ui/notes.js");
  await waitFor(() => ui.screen() === "sign-in");
  assert.ok(ui.$("#notes").hidden, "nobody signed in: no notes page");
  assert.equal(ui.$("#nav-settings"), null, "no mail settings in Notes");
  assert.ok(ui.$("#nav-mailbox"), "the dev mailbox is allowed");
  assert.equal(ui.$(".brand-name").textContent, "Notes");

  await signIn("ana", "correct horse battery");
  assert.equal(ui.$("#account").childElementCount, 0, "the screens stepped aside");
  assert.equal(ui.$("#notes-owner").textContent, "Ana Silva");
  ui.type("#note-text", "buy lantern oil");
  ui.$("#note-form").requestSubmit();
  await waitFor(() => shownNotes().length === 1);
  assert.deepEqual(shownNotes(), ["buy lantern oil"]);

  ui.$("#notes-sign-out").click();
  await waitFor(() => ui.screen() === "sign-in" && ui.$("#notes").hidden);
  assert.equal(ui.$("#sign-in-notice").textContent, "You are signed out.");
  assert.deepEqual(shownNotes(), [], "the notes left the page");
  assert.equal(ui.doc.body.textContent.includes("lantern oil"), false);

  await signIn("ana", "correct horse battery");
  await waitFor(() => shownNotes().length === 1);
  assert.deepEqual(shownNotes(), ["buy lantern oil"]);

  ui.$("#notes-sign-out").click();
  await signIn("bo", "bo bo bo bo bo");
  assert.equal(ui.$("#notes-owner").textContent, "Bo Berg");
  assert.deepEqual(shownNotes(), []);

  fake.emit("latchkey://signed-out", { reason: "session_ended" });
  assert.ok(ui.$("#notes").hidden, "a session ended elsewhere hides the notes at once");
  assert.match(ui.$("#sign-in-notice").textContent, /ended/);
  ui.window.close();
});
