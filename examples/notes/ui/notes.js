// Notes: a tiny app behind Latchkey. Nobody signed in: Latchkey's screens. Signed in: that
// person's notes, through this app's own commands list_notes and add_note.
import { mountLatchkey, currentAccount } from "./latchkey/index.js";

const $ = (id) => document.getElementById(id);
const invoke = (command, args) => window.__TAURI__.core.invoke(command, args);
const showError = (err) => { $("notes-error").textContent = err?.message ?? String(err); };
let owner = null; // the account whose notes are on the page

const latchkey = mountLatchkey($("account"), {
  screens: ["sign-in", "register", "verify", "forgot", "reset", "mailbox"],
  appBar: $("notes-bar"),
  brand: { name: "Notes" },
  onSignedIn: ({ account }) => showNotes(account),
  onSignedOut: () => showSignIn(),
});

function noteItem(note) {
  const li = document.createElement("li");
  li.className = "note";
  li.dataset.noteId = String(note.id);
  li.textContent = note.text;
  li.title = new Date(note.createdAt).toLocaleString();
  return li;
}

async function showNotes(account) {
  if (owner === account.id) return;
  owner = account.id;
  $("notes-owner").textContent = `${account.firstName} ${account.lastName}`;
  $("account").hidden = true;
  $("notes").hidden = false;
  try {
    const notes = await invoke("list_notes");
    if (owner === account.id) $("notes-list").replaceChildren(...notes.map(noteItem));
  } catch (err) {
    showError(err);
  }
}

/** Signed out: no trace of the notes stays in the page. */
function showSignIn() {
  owner = null;
  $("notes-list").replaceChildren();
  $("note-text").value = "";
  $("notes-owner").textContent = "";
  $("notes-error").textContent = "";
  $("notes").hidden = true;
  $("account").hidden = false;
  if (latchkey.screen === null) latchkey.go("sign-in");
}

$("note-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("note-text").value.trim();
  if (!text) return;
  try {
    const note = await invoke("add_note", { text });
    $("note-text").value = "";
    $("notes-list").append(noteItem(note));
  } catch (err) {
    showError(err);
  }
});
$("notes-sign-out").addEventListener("click", () => latchkey.signOut().catch(showError));

// Route guard: the notes show only while someone is signed in.
await latchkey.ready;
const account = await currentAccount().catch(() => null);
if (account) showNotes(account);
else showSignIn();
