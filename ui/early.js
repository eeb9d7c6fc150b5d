// The questions the first screen waits for (the message catalogues, whether the account store is
// open, whether a session is remembered, the app's mode), answered before the page's ~20 other
// modules have loaded (issue 16: launch time). The app serves its HTML with what it knows at that
// moment in a JSON block (#latchkey-first-answers, see the plugin's first_answers.rs); whatever is
// not in it is asked at once, all together. A module of its own, with no imports, listed before
// main.js: it runs first. latchkey/api.js hands each answer out once (askedEarly), and asks again
// for one that failed: `restore_session` answers `store_unreachable` until the store is open.
const FIRST_QUESTIONS = ["locales", "store_status", "restore_session", "app_info"];

/** The answers the page arrived with, by command name ({} if none or unreadable). */
function answersInPage(doc) {
  const block = doc?.getElementById?.("latchkey-first-answers");
  if (!block) return {};
  try {
    const answers = JSON.parse(block.textContent);
    return answers && typeof answers === "object" ? answers : {};
  } catch {
    return {};
  } finally {
    block.remove(); // read once: nothing of it stays in the DOM
  }
}

const invoke = globalThis.window?.__TAURI__?.core?.invoke;
if (typeof invoke === "function") {
  const inPage = answersInPage(globalThis.document);
  // Which answers came with the page, for scripts/page-timeline.py and the E2E tests.
  globalThis.performance?.mark?.("latchkey:answers-in-page", { detail: Object.keys(inPage) });
  const asked = new Map(FIRST_QUESTIONS.map((command) => [
    command,
    Object.hasOwn(inPage, command) ? Promise.resolve(inPage[command]) : invoke(`plugin:latchkey|${command}`, {}),
  ]));
  // A failure is seen where the answer is taken; until then it is not "unhandled".
  for (const answer of asked.values()) answer.catch(() => {});
  globalThis.__latchkeyAsked = asked;
}
