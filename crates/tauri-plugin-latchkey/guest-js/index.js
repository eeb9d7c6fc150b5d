// The latchkey plugin's web side: the typed commands and events (api.js), and the account screens,
// which a host mounts into an element of its own. No bundler needed: import this file as an ES
// module and link latchkey.css.
import * as api from "./api.js";
import { createApp } from "./app.js";
import { screens as allScreens } from "./screens/index.js";

export * from "./api.js";
export { language, languages, setLanguage, onLanguageChange } from "./i18n.js";

/** Every screen, by the name `go()` and the `screens` option use. */
export const SCREENS = Object.freeze(Object.keys(allScreens));

/** Screens that others lead to, so they cannot be left out while those are in. */
const NEEDS = { register: "verify", forgot: "reset" };

function chooseScreens(names) {
  const unknown = names.filter((name) => !Object.hasOwn(allScreens, name));
  if (unknown.length) throw new Error(`mountLatchkey: no screen called ${unknown.join(", ")}`);
  // Sign-in is where every flow starts and ends; an unverified account is sent from it to verify.
  for (const required of ["sign-in", "verify"]) {
    if (!names.includes(required)) throw new Error(`mountLatchkey: the "${required}" screen is required`);
  }
  for (const [name, needed] of Object.entries(NEEDS)) {
    if (names.includes(name) && !names.includes(needed)) throw new Error(`mountLatchkey: "${name}" needs "${needed}"`);
  }
  return Object.fromEntries(names.map((name) => [name, allScreens[name]]));
}

/**
 * Mounts the account screens into `element` and starts them: a remembered session is restored
 * (restore_session), else sign-in shows. The element (and `appBar`) get the class `latchkey`,
 * under which latchkey.css applies; theme them with the `--latchkey-*` custom properties.
 *
 * @param {HTMLElement} element where the screens render (its children are replaced)
 * @param {{
 *   screens?: string[],
 *   onSignedIn?: (signedIn: import("./api.js").SignedIn) => void,
 *   onSignedOut?: (info: {reason: string}) => void,
 *   appBar?: HTMLElement|null,
 *   brand?: {name?: string, logoUrl?: string},
 * }} [options]
 *   screens: the allowed screens (default: all of SCREENS). "sign-in" and "verify" are required,
 *     "register" needs "verify" and "forgot" needs "reset". Without "home", the element is emptied
 *     once someone is signed in, for the host to show its own pages. Links to left-out screens
 *     are not shown, and go() to them throws.
 *   onSignedIn: someone signed in through the screens, or their remembered session was restored.
 *   onSignedOut: the session ended (signed out here or elsewhere, reset, expired); called once per
 *     session. The screens then show sign-in.
 *   appBar: an element for the brand and the Mailbox / Mail settings buttons (when allowed).
 *   brand: the name (default "Latchkey") and logo (an image URL) shown in the app bar.
 * @returns {{
 *   ready: Promise<import("./api.js").AppInfo|null>,
 *   go: (screen: string, params?: object) => HTMLElement|null,
 *   openAside: (screen: "mailbox"|"settings", params?: object) => HTMLElement,
 *   back: (extraParams?: object) => void,
 *   signOut: (options?: {everywhere?: boolean}) => Promise<void>,
 *   destroy: () => void,
 *   readonly screen: string|null,
 *   readonly account: import("./api.js").AccountView|null,
 *   state: object,
 * }}
 *   ready: settles when the first screen is showing and every other screen's module has loaded
 *     (they load after the first one shows), with app_info's answer (null if it failed). From then
 *     on go() shows any screen at once; before, a screen still loading shows when it is here.
 *   signOut: ends the session (log_out, or log_out_everywhere) and shows sign-in; rejects with a
 *     CommandError if the plugin refuses.
 *   destroy: stops every timer and listener and empties the element and the app bar.
 */
export function mountLatchkey(element, options = {}) {
  const { screens = SCREENS, onSignedIn = null, onSignedOut = null, appBar = null, brand = {} } = options;
  const chosen = chooseScreens(screens);
  element.classList.add("latchkey");
  appBar?.classList.add("latchkey");
  const app = createApp({ root: element, appBar, backend: api, screens: chosen, brand, onSignedIn, onSignedOut });
  const stopListening = api.onSignedOut((payload) => app.sessionEnded(payload?.reason ?? "session_ended"));
  const ready = app.start();
  return {
    ready,
    go: app.go,
    openAside: app.openAside,
    back: app.back,
    signOut: app.signOut,
    /** QA mode: the app's clock moved (ms ahead of the page's); countdowns follow. */
    setClockOffset: app.setClockOffset,
    /** Kiosk mode: the operator left it for this run. */
    leaveKiosk: app.leaveKiosk,
    /** The app's "now" (the page's clock plus QA's time travel), epoch ms. */
    now: app.now,
    destroy() {
      stopListening();
      app.destroy();
      element.classList.remove("latchkey");
      appBar?.classList.remove("latchkey");
    },
    get screen() { return app.state.screen; },
    get account() { return app.state.account; },
    /** The router's state, for tests and the dev harness. */
    state: app.state,
  };
}
