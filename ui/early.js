// The start-up's first two questions to the plugin (the message catalogues, whether the account
// store is open), asked as soon as the HTML is parsed rather than once the page's ~20 other
// modules have loaded (issue 16: launch time). A module of its own, with no imports, listed
// before main.js: it runs first. latchkey/api.js hands each answer out once (askedEarly).
const invoke = globalThis.window?.__TAURI__?.core?.invoke;
if (typeof invoke === "function") {
  const asked = new Map([
    ["locales", invoke("plugin:latchkey|locales", {})],
    ["store_status", invoke("plugin:latchkey|store_status", {})],
  ]);
  // A failure is seen where the answer is taken; until then it is not "unhandled".
  for (const answer of asked.values()) answer.catch(() => {});
  globalThis.__latchkeyAsked = asked;
}
