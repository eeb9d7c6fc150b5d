// The router and the little state the UI keeps: which screen is showing, who is signed in, and
// how mail is delivered. Screens are plain functions `render(ctx, params) -> Element`; the
// context gives them navigation and timers that die with the screen.
import { h, mount } from "./dom.js";
import { t } from "./i18n.js";
import { messageFor } from "./errors.js";

/** Screens reachable "on the side" (they remember where to go back to). */
const ASIDE = new Set(["mailbox", "settings"]);

/**
 * What to show first, given restore_session's answer (or its failure).
 * @param {{signedIn: import("./api.js").SignedIn|null, notice: string|null}|null} restored
 * @param {Error|null} error
 */
export function decideStart(restored, error = null) {
  if (error) return { screen: "sign-in", params: { alert: messageFor(error) } };
  if (restored?.signedIn) return { screen: "home", params: { signedIn: restored.signedIn } };
  return { screen: "sign-in", params: { notice: restored?.notice ?? null } };
}

/**
 * @param {{root: HTMLElement, appBar?: HTMLElement|null, backend: typeof import("./api.js"), screens: Record<string, (ctx: any, params: any) => HTMLElement>, now?: () => number}} options
 */
export function createApp({ root, appBar = null, backend, screens, now = () => Date.now() }) {
  const state = {
    screen: null,
    params: {},
    returnTo: null,
    mailMode: null,
    keyringNoticeShown: false,
    scope: null,
  };

  function newScope() {
    const timers = new Set();
    const scope = {
      alive: true,
      every(ms, fn) {
        const id = setInterval(() => scope.alive && fn(), ms);
        timers.add(() => clearInterval(id));
        return () => clearInterval(id);
      },
      after(ms, fn) {
        const id = setTimeout(() => scope.alive && fn(), ms);
        timers.add(() => clearTimeout(id));
        return () => clearTimeout(id);
      },
      dispose() {
        scope.alive = false;
        for (const stop of timers) stop();
        timers.clear();
      },
    };
    return scope;
  }

  function renderAppBar() {
    if (!appBar) return;
    const navButton = (id, name, label) =>
      h("button", {
        type: "button", id, class: "nav-button",
        "aria-current": state.screen === name ? "page" : null,
        onclick: () => openAside(name),
      }, label);
    mount(
      appBar,
      h("div", { class: "brand" },
        h("span", { class: "brand-mark", "aria-hidden": "true" }),
        h("span", { class: "brand-name" }, t("app.name"))),
      h("nav", { class: "app-nav", "aria-label": t("app.name") },
        state.mailMode === "dev_mailbox" ? navButton("nav-mailbox", "mailbox", t("nav.mailbox")) : null,
        navButton("nav-settings", "settings", t("nav.settings"))),
    );
  }

  function go(name, params = {}) {
    const render = screens[name];
    if (!render) throw new Error(`no screen called ${name}`);
    state.scope?.dispose();
    if (!ASIDE.has(name)) state.returnTo = null;
    state.screen = name;
    state.params = params;
    const scope = newScope();
    state.scope = scope;
    const el = render(contextFor(scope), params);
    mount(root, el);
    renderAppBar();
    // When each screen first appeared (page clock), for scripts/bench-launch.py.
    const shownAt = (globalThis.__latchkeyScreenShownAt ??= {});
    shownAt[name] ??= Date.now();
    const target = el.querySelector("[data-autofocus]") ?? el.querySelector("h1");
    if (target) {
      if (target.tagName === "H1") target.setAttribute("tabindex", "-1");
      target.focus();
    }
    return el;
  }

  /** Opens the mailbox or settings, remembering the screen to come back to. */
  function openAside(name, params = {}) {
    if (!ASIDE.has(state.screen)) state.returnTo = { screen: state.screen, params: state.params };
    go(name, params);
  }

  function back(extraParams = {}) {
    const target = state.returnTo ?? { screen: "sign-in", params: {} };
    state.returnTo = null;
    go(target.screen, { ...target.params, ...extraParams });
  }

  /** After sign-in, verification or restore: Home, with the keyring notice shown once. */
  function signedIn(signedIn) {
    go("home", { signedIn });
  }

  function contextFor(scope) {
    return {
      backend,
      now,
      go,
      back,
      openAside,
      signedIn,
      alive: () => scope.alive,
      every: scope.every,
      after: scope.after,
      get mailMode() { return state.mailMode; },
      get returnScreen() { return state.returnTo?.screen ?? null; },
      setMailMode(mode) { state.mailMode = mode; renderAppBar(); },
      /** Returns the keyring notice if it has not been shown yet, and marks it shown. */
      takeKeyringNotice(notice) {
        if (!notice || state.keyringNoticeShown) return null;
        state.keyringNoticeShown = true;
        return notice;
      },
    };
  }

  async function start() {
    const [restored, info] = await Promise.allSettled([backend.restoreSession(), backend.appInfo()]);
    if (info.status === "fulfilled") state.mailMode = info.value?.mail?.mode ?? null;
    const decision = restored.status === "fulfilled" ? decideStart(restored.value) : decideStart(null, restored.reason);
    go(decision.screen, decision.params);
    return info.status === "fulfilled" ? info.value : null;
  }

  return { start, go, back, openAside, state };
}
