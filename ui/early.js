// The questions the first screen waits for (the message catalogues, whether the account store is
// open, whether a session is remembered, the app's mode), asked at once as soon as the HTML is
// parsed rather than once the page's ~20 other modules have loaded, and rather than the last
// two after the first two have answered (issue 16: launch time). A module of its own, with no
// imports, listed before main.js: it runs first. latchkey/api.js hands each answer out once
// (askedEarly), and asks again for one that failed: `restore_session` answers
// `store_unreachable` until the store is open.
const invoke = globalThis.window?.__TAURI__?.core?.invoke;
if (typeof invoke === "function") {
  const asked = new Map([
    ["locales", invoke("plugin:latchkey|locales", {})],
    ["store_status", invoke("plugin:latchkey|store_status", {})],
    ["restore_session", invoke("plugin:latchkey|restore_session", {})],
    ["app_info", invoke("plugin:latchkey|app_info", {})],
  ]);
  // A failure is seen where the answer is taken; until then it is not "unhandled".
  for (const answer of asked.values()) answer.catch(() => {});
  globalThis.__latchkeyAsked = asked;
}
