// The router and the little state the UI keeps: which screen is showing, who is signed in, and
// how mail is delivered. Screens are plain functions `render(ctx, params) -> Element`; the
// context gives them navigation and timers that die with the screen. Only the screens in
// `screens` exist: navigating to any other throws, and links to them are not shown.
// A screen may also be `{ load: () => Promise<render> }`: its module is fetched after the first
// screen shows (or when it is first needed), so the page starts with the few modules it needs.
import { h, mount } from "./dom.js";
import { t, installCatalogues, initialLanguage, setLanguage, language, languages, onLanguageChange, negotiate } from "./i18n.js";
import { messageFor } from "./errors.js";

/** How often the start-up asks again whether an unreachable account server answers. */
export const STORE_POLL_MS = 2000;
/** How often the store is asked about while its first opening runs (tens of milliseconds). */
export const STORE_OPENING_POLL_MS = 25;

/** Screens reachable "on the side" (they remember where to go back to). */
const ASIDE = new Set(["mailbox", "settings"]);

/** Why a session ended, as the plugin's latchkey://signed-out event says, when this window did it. */
const OWN_SIGN_OUTS = { signed_out: "signIn.signedOut", signed_out_everywhere: "signIn.signedOutEverywhere", account_deleted: "account.deleted" };

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

/** @typedef {(ctx: any, params: any) => HTMLElement} Render */
/** @typedef {Render | {load: () => Promise<Render>}} ScreenEntry */

/**
 * @param {{root: HTMLElement, appBar?: HTMLElement|null, backend: typeof import("./api.js"),
 *   screens: Record<string, ScreenEntry>, brand?: {name?: string, logoUrl?: string},
 *   onSignedIn?: ((signedIn: import("./api.js").SignedIn) => void)|null,
 *   onSignedOut?: ((info: {reason: string}) => void)|null, now?: () => number}} options
 */
export function createApp({ root, appBar = null, backend, screens, brand = {}, onSignedIn = null, onSignedOut = null, now: wallClock = () => Date.now() }) {
  const state = {
    screen: null,
    params: {},
    returnTo: null,
    mailMode: null,
    keyringNoticeShown: false,
    scope: null,
    /** @type {import("./api.js").AccountView|null} who the screens last saw signed in */
    account: null,
    destroyed: false,
    /** "normal", "kiosk" or "qa" (app_info). */
    mode: "normal",
    /** Kiosk settings (app_info.kiosk) while kiosk mode holds, else null. */
    kiosk: null,
    /** QA time travel: how far the app's clock runs ahead of this page's. */
    clockOffsetMs: 0,
    /** app_info.features: optional parts the plugin has off (their way in is not shown). */
    features: null,
    /** The signed-in account's picture (data: URL) for the app bar, once Home has loaded it. */
    picture: null,
  };
  /** The app's "now": the page's clock plus QA's time travel. */
  const now = () => wallClock() + state.clockOffsetMs;
  const brandName = () => brand.name ?? t("app.name");
  /** The host allowed the screen and the plugin has its feature on (app_info.features). */
  const FEATURE_OF = { mailbox: "devMailbox", "sms-inbox": "devMailbox", settings: "mailSettings" };
  const allows = (name) => Object.hasOwn(screens, name) && state.features?.[FEATURE_OF[name]] !== false;

  /** Screens whose module is loaded later: name -> the promise of their render function. */
  const loading = new Map();
  /** ...and once it is here: name -> render. */
  const loaded = new Map();
  /** Counts go() calls: a screen still loading is shown only if nothing was asked for since. */
  let navigation = 0;

  /** The screen's render function, or null while its module is still on its way. */
  function renderer(name) {
    const entry = screens[name];
    return typeof entry === "function" ? entry : loaded.get(name) ?? null;
  }

  /** Loads a screen's module (once); resolves with its render function. */
  function load(name) {
    const entry = screens[name];
    if (typeof entry === "function") return Promise.resolve(entry);
    if (!loading.has(name)) {
      loading.set(name, entry.load().then((render) => {
        loaded.set(name, render);
        return render;
      }, (err) => {
        loading.delete(name);
        throw err;
      }));
    }
    return loading.get(name);
  }

  /** Every screen's module, loaded; resolves once all are (started after the first screen). */
  let allLoaded = null;
  function loadAll() {
    allLoaded ??= Promise.all(Object.keys(screens).map((name) => load(name).catch((err) => {
      console.error(`the ${name} screen could not be loaded`, err);
    }))).then(() => undefined);
    return allLoaded;
  }

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
        brand.logoUrl
          ? h("img", { class: "brand-logo", src: brand.logoUrl, alt: "" })
          : h("span", { class: "brand-mark", "aria-hidden": "true" }),
        h("span", { class: "brand-name" }, brandName())),
      state.account && state.picture
        ? h("img", { class: "appbar-avatar", id: "appbar-picture", src: state.picture, alt: t("picture.alt", { firstName: state.account.firstName }) })
        : null,
      h("nav", { class: "app-nav", "aria-label": brandName() },
        allows("mailbox") && state.mailMode === "dev_mailbox" ? navButton("nav-mailbox", "mailbox", t("nav.mailbox")) : null,
        allows("settings") ? navButton("nav-settings", "settings", t("nav.settings")) : null),
    );
  }

  /** Shows a screen; returns its element, or null when its module is still loading (the screen
   * then shows once it is here, unless another was asked for meanwhile). */
  function go(name, params = {}) {
    if (state.destroyed) throw new Error("the Latchkey screens were destroyed");
    if (!Object.hasOwn(screens, name)) throw new Error(`no screen called ${name}`);
    const ticket = ++navigation;
    const render = renderer(name);
    if (!render) {
      load(name).then(() => {
        if (!state.destroyed && ticket === navigation) go(name, params);
      }, (err) => console.error(`the ${name} screen could not be loaded`, err));
      return null;
    }
    state.scope?.dispose();
    if (!ASIDE.has(name)) state.returnTo = null;
    state.screen = name;
    state.params = params;
    const scope = newScope();
    state.scope = scope;
    const el = render(contextFor(scope), params);
    root.setAttribute("lang", language());
    mount(root, languageMenu(), el);
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

  /** The language menu every screen shows (hosts get it too, since it is part of the screens). */
  function languageMenu() {
    const select = h("select", { id: "latchkey-language", onchange: () => chooseLanguage(select.value) },
      languages().map(({ tag, name }) => h("option", { value: tag, selected: tag === language() }, name)));
    return h("div", { class: "language-menu" }, h("label", { for: "latchkey-language" }, t("language.label")), select);
  }

  /** Switches language now (no restart) and remembers it for the device and the signed-in account. */
  function chooseLanguage(tag) {
    setLanguage(tag);
    if (state.account) backend.setAccountLocale(tag).catch(() => { /* the device remembers it anyway */ });
  }

  /** Shows the current screen again in the new language, keeping what was typed. */
  function relabel() {
    if (state.destroyed) return;
    renderAppBar();
    if (!state.screen) return;
    const typed = [...root.querySelectorAll("input[id]")].map((input) => [input.id, input.type === "checkbox" ? input.checked : input.value]);
    const focused = root.ownerDocument.activeElement?.id;
    go(state.screen, state.params);
    for (const [id, value] of typed) {
      const input = root.ownerDocument.getElementById(id);
      if (!input) continue;
      if (input.type === "checkbox") input.checked = value;
      else input.value = value;
    }
    if (focused) root.ownerDocument.getElementById(focused)?.focus();
  }
  const stopRelabel = onLanguageChange(relabel);

  /** After sign-in: the account's remembered language wins over the device's. */
  async function adoptAccountLanguage() {
    try {
      const tag = negotiate(await backend.accountLocale());
      if (tag && tag !== language() && state.account && !state.destroyed) setLanguage(tag);
      else if (!tag && state.account) await backend.setAccountLocale(language());
    } catch { /* keep the device's language */ }
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

  /** No screen at all (a host without Home shows its own pages once someone is signed in). */
  function clear() {
    state.scope?.dispose();
    state.scope = null;
    state.screen = null;
    state.params = {};
    state.returnTo = null;
    root.replaceChildren();
    renderAppBar();
  }

  /** After sign-in, verification or restore: Home (keyring notice shown once), or out of the
   * host's way when it has no Home; then the host is told. */
  /** @param {object} [extra] more Home params, e.g. `{ offerPhone: true }` right after email verification */
  function signedIn(signedIn, extra = {}) {
    state.account = signedIn.account;
    if (screens.home) go("home", { ...extra, signedIn });
    else clear();
    onSignedIn?.(signedIn);
    adoptAccountLanguage();
  }

  /** Tells the host once per session that it is over. */
  function forgetAccount(reason) {
    if (!state.account) return;
    state.account = null;
    state.picture = null;
    renderAppBar();
    onSignedOut?.({ reason });
  }

  /** The session is over (signed out, or found ended): sign-in with `params`, and the host told. */
  function signedOut(params = {}, reason = "session_ended") {
    go("sign-in", params);
    forgetAccount(reason);
  }

  /** Signs this window out (or every session of the account) and shows sign-in. */
  async function signOut({ everywhere = false } = {}) {
    const identifier = state.account?.username ?? null;
    await (everywhere ? backend.logOutEverywhere() : backend.logOut());
    const reason = everywhere ? "signed_out_everywhere" : "signed_out";
    // The plugin's event may have shown sign-in already; showing it again would wipe what the
    // person has started typing there.
    const shown = state.screen === "sign-in" && !state.account;
    if (!state.destroyed && !shown) signedOut({ noticeKey: OWN_SIGN_OUTS[reason], identifier }, reason);
  }

  /**
   * The plugin's latchkey://signed-out event. A sign-out this window asked for is shown by whoever
   * asked (Home's buttons, signOut()), which may answer after the event arrives; any other end
   * (a reset, "sign out everywhere" elsewhere, expiry) shows sign-in at once, and so does any end
   * while no screen is showing.
   */
  function sessionEnded(reason) {
    if (!state.account || state.destroyed) return;
    const ownNotice = OWN_SIGN_OUTS[reason];
    if (state.screen === null || !ownNotice) {
      go("sign-in", { noticeKey: ownNotice ?? "signIn.sessionEnded", identifier: state.account.username });
    }
    forgetAccount(reason);
  }

  function contextFor(scope) {
    return {
      backend,
      now,
      go,
      back,
      openAside,
      signedIn,
      signedOut,
      /** Whether the host allowed this screen (links to the others are not shown). */
      allows,
      alive: () => scope.alive,
      every: scope.every,
      after: scope.after,
      get mailMode() { return state.mailMode; },
      /** Kiosk settings while kiosk mode holds (no "Remember me", "Switch user"), else null. */
      get kiosk() { return state.kiosk; },
      get returnScreen() { return state.returnTo?.screen ?? null; },
      setMailMode(mode) { state.mailMode = mode; renderAppBar(); },
      /** The signed-in account's picture as last loaded (null: none), shown in the app bar. */
      get picture() { return state.picture; },
      setPicture(url) {
        if (state.picture === (url ?? null)) return;
        state.picture = url ?? null;
        renderAppBar();
      },
      /** Returns the keyring notice if it has not been shown yet, and marks it shown. */
      takeKeyringNotice(notice) {
        if (!notice || state.keyringNoticeShown) return null;
        state.keyringNoticeShown = true;
        return notice;
      },
    };
  }

  async function start() {
    // Asked together: the catalogues and whether the store is open (one round trip, not two).
    const firstStatus = askStoreStatus();
    try {
      installCatalogues(await backend.locales());
      setLanguage(initialLanguage(), { remember: false });
    } catch (err) {
      console.error("no message catalogues", err);
    }
    if (!(await waitForStore(await firstStatus)) || state.destroyed) return null;
    const [restored, info] = await Promise.allSettled([backend.restoreSession(), backend.appInfo()]);
    if (info.status === "fulfilled") adoptInfo(info.value);
    const decision = restored.status === "fulfilled" ? decideStart(restored.value) : decideStart(null, restored.reason);
    // The first screen's module, if it is one loaded later (Home): `ready` means it shows.
    if (screens[decision.screen]) await load(decision.screen).catch(() => {});
    if (state.destroyed) return null;
    if (decision.screen === "home") signedIn(decision.params.signedIn);
    else go(decision.screen, decision.params);
    // The other screens' modules, now that the first one is on screen (a moment later, so that it
    // paints first); `ready` waits for them, so a host's go() after it shows any screen at once.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await loadAll();
    return info.status === "fulfilled" ? info.value : null;
  }

  /** The store's status, or null for a plugin without the command (its store opened with it). */
  async function askStoreStatus() {
    if (typeof backend.storeStatus !== "function") return null;
    try {
      return await backend.storeStatus();
    } catch {
      return null;
    }
  }

  /**
   * Waits until the store is open; true once it is. The plugin opens it while the window starts,
   * so it usually is by the first question (`status`, what askStoreStatus answered). While it
   * is still opening the page waits without a word; a server store that is unreachable (a kiosk
   * booting before its server) is said on screen and waited for, asked again every
   * STORE_POLL_MS and announced by the plugin; a store that cannot be opened at all is said on
   * screen with its reason, and false is returned (nothing else can be done until a restart).
   */
  async function waitForStore(status) {
    if (status?.ready !== false) return true;
    let shown = null;
    const show = (next) => {
      const kind = next?.state === "failed" ? "failed" : next?.state === "opening" ? null : "down";
      if (kind === null) return;
      if (shown?.kind !== kind) shown = { kind, ...storeCard(kind) };
      shown.detail.textContent = next?.problem ?? "";
    };
    show(status);
    if (status.state === "failed") return false;
    const open = await new Promise((resolve) => {
      let timer = null;
      let done = false;
      const finish = (result) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        stopListening();
        resolve(result);
      };
      const stopListening = backend.onStoreReady?.(() => finish(true)) ?? (() => {});
      const poll = async () => {
        if (done) return;
        if (state.destroyed) return finish(false);
        let next = null;
        try {
          next = await backend.storeStatus();
          if (next?.ready) return finish(true);
          show(next);
          if (next?.state === "failed") return finish(false);
        } catch { /* asked again below */ }
        if (!done) timer = setTimeout(poll, next?.state === "opening" ? STORE_OPENING_POLL_MS : STORE_POLL_MS);
      };
      // Opening: asked again at once, now that the announcement is listened for.
      timer = setTimeout(poll, status.state === "opening" ? 0 : STORE_POLL_MS);
    });
    if (open) root.replaceChildren();
    return open;
  }

  /** The card of a store that is not open: `down` (waiting for the server) or `failed`. */
  function storeCard(kind) {
    const down = kind === "down";
    const detail = h("p", { class: "muted small", id: "store-down-detail" });
    root.replaceChildren(h("section", { class: "card narrow", "data-screen": down ? "store-down" : "store-failed", "aria-labelledby": "store-down-title" },
      h("h1", { id: "store-down-title" }, t(down ? "storeDown.title" : "storeFailed.title")),
      h("p", { class: `notice ${down ? "warning" : "error"}`, id: "store-down-message", role: down ? "status" : "alert", "aria-live": down ? "polite" : "assertive" },
        t(down ? "error.store_unreachable" : "error.store_failed")),
      h("p", {}, t(down ? "storeDown.explain" : "storeFailed.explain")),
      detail));
    return { detail };
  }

  /** Mode, kiosk settings and QA clock from app_info. */
  function adoptInfo(info) {
    state.mailMode = info?.mail?.mode ?? null;
    state.features = info?.features ?? null;
    state.mode = info?.mode ?? "normal";
    state.kiosk = state.mode === "kiosk" && !info?.kiosk?.exited ? (info?.kiosk ?? {}) : null;
    state.clockOffsetMs = Number(info?.qa?.clockOffsetMs) || 0;
  }

  /** QA time travel moved the app's clock: countdowns follow at once. */
  function setClockOffset(ms) {
    state.clockOffsetMs = Number(ms) || 0;
  }

  /** The operator left kiosk mode: the screens stop behaving as a kiosk's. */
  function leaveKiosk() {
    state.kiosk = null;
    if (state.screen) relabel();
  }

  /** Stops every timer and empties the element and the app bar; the app is unusable after. */
  function destroy() {
    clear();
    stopRelabel();
    state.destroyed = true;
    appBar?.replaceChildren();
  }

  return { start, go, back, openAside, signOut, sessionEnded, destroy, setClockOffset, leaveKiosk, now, state };
}
