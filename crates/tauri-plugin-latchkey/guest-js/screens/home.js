// Home: who is signed in, their sessions and recent security activity, and the two ways out.
import { h } from "../dom.js";
import { t, hasKey } from "../i18n.js";
import { alertSlot, setAlert, withBusy } from "../form.js";
import { messageFor } from "../errors.js";
import { formatDateTime, formatRelative } from "../format.js";
import { notice } from "./common.js";
import { avatar, exportMyData } from "./my-account.js";

const REFRESH_MS = 10_000;

/** @param {{signedIn: import("../api.js").SignedIn, noticeKey?: string}} params */
export function render(ctx, params) {
  const { account, remembered } = params.signedIn;
  const keyringNotice = ctx.takeKeyringNotice(params.signedIn.keyringNotice);
  const alert = alertSlot("home-alert");
  const sessionsList = h("ul", { class: "item-list", id: "home-sessions", "aria-busy": "true" }, h("li", { class: "muted" }, t("common.loading")));
  const activityList = h("ul", { class: "item-list", id: "home-activity", "aria-busy": "true" }, h("li", { class: "muted" }, t("common.loading")));

  const endedSession = (err) => {
    if (err.code === "not_signed_in") {
      ctx.signedOut({ noticeKey: "signIn.sessionEnded" });
      return true;
    }
    return false;
  };

  // On a kiosk the next person is waiting: "Switch user" signs out at once.
  const signOut = h("button", { type: "button", class: "secondary", id: "home-sign-out" }, ctx.kiosk ? t("kiosk.switchUser") : t("home.signOut"));
  const signOutEverywhere = h("button", { type: "button", class: "danger-outline", id: "home-sign-out-everywhere" }, t("home.signOutEverywhere"));
  signOut.addEventListener("click", () => withBusy(signOut, t("home.signOutBusy"), async () => {
    try {
      await ctx.backend.logOut();
      if (ctx.alive()) ctx.signedOut({ noticeKey: "signIn.signedOut", identifier: account.username }, "signed_out");
    } catch (err) {
      if (ctx.alive()) setAlert(alert, messageFor(err));
    }
  }));
  signOutEverywhere.addEventListener("click", () => withBusy(signOutEverywhere, t("home.signOutEverywhereBusy"), async () => {
    try {
      await ctx.backend.logOutEverywhere();
      if (ctx.alive()) ctx.signedOut({ noticeKey: "signIn.signedOutEverywhere", identifier: account.username }, "signed_out_everywhere");
    } catch (err) {
      if (ctx.alive() && !endedSession(err)) setAlert(alert, messageFor(err));
    }
  }));

  const go = (screen) => () => ctx.go(screen, { signedIn: params.signedIn });
  const exportButton = h("button", { type: "button", class: "secondary", id: "home-export" }, t("export.button"));
  exportButton.addEventListener("click", () => withBusy(exportButton, t("export.busy"), async () => {
    try {
      const path = await exportMyData(ctx);
      if (path && ctx.alive()) setAlert(alert, t("export.saved", { path }), "success");
    } catch (err) {
      if (ctx.alive() && !endedSession(err)) setAlert(alert, messageFor(err));
    }
  }));
  const accountActions = h("div", { class: "profile-actions", id: "home-account-actions" },
    ctx.allows("edit-profile") ? h("button", { type: "button", class: "secondary", id: "home-edit-profile", onclick: go("edit-profile") }, t("account.editProfile")) : null,
    ctx.allows("change-password") ? h("button", { type: "button", class: "secondary", id: "home-change-password", onclick: go("change-password") }, t("account.changePassword")) : null,
    ctx.allows("change-email") ? h("button", { type: "button", class: "secondary", id: "home-change-email", onclick: go("change-email") }, t("changeEmail.button")) : null,
    ctx.allows("picture") ? h("button", { type: "button", class: "secondary", id: "home-picture", onclick: go("picture") }, t("picture.button")) : null,
    exportButton,
    ctx.allows("verify-phone") ? h("button", { type: "button", class: "secondary", id: "home-verify-phone", onclick: go("verify-phone") }, t("phone.verify")) : null,
    ctx.allows("sms-inbox") ? h("button", { type: "button", class: "secondary", id: "home-sms-inbox", onclick: go("sms-inbox") }, t("smsinbox.open")) : null,
    ctx.allows("invites") ? h("button", { type: "button", class: "secondary", id: "home-invites", onclick: go("invites") }, t("invites.button")) : null,
    ctx.allows("delete-account") ? h("button", { type: "button", class: "danger-outline", id: "home-delete-account", onclick: go("delete-account") }, t("account.deleteAccount")) : null);
  // Administrators get a way to the admin screen once their roles are known (my_roles).
  if (ctx.allows("admin")) {
    ctx.backend.myRoles?.().then((roles) => {
      if (!ctx.alive() || !Array.isArray(roles) || !roles.includes("admin")) return;
      accountActions.prepend(h("button", { type: "button", class: "primary", id: "home-admin", onclick: go("admin") }, t("admin.button")));
    }, () => { /* the lists below report a session that ended */ });
  }

  const row = (id, label, value) => [h("dt", {}, label), h("dd", { id }, value)];
  const phoneVerifiedLabel = h("dt", { hidden: true }, t("home.phoneVerified"));
  const phoneVerified = h("dd", { id: "home-phone-verified", hidden: true });
  const verified = account.emailVerified;
  const profile = h("dl", { class: "profile", id: "home-profile" },
    row("home-email", t("home.email"), account.email),
    row("home-username", t("home.username"), account.username),
    row("home-phone", t("home.phone"), account.phone || "—"),
    h("dt", {}, t("home.verified")),
    h("dd", { id: "home-verified" },
      h("span", { class: `badge ${verified ? "ok" : "warn"}`, "data-verified": String(Boolean(verified)) },
        verified ? t("home.verifiedYes") : t("home.verifiedNo"))),
    // Whether the phone is verified arrives after the screen (phone_status); hidden until then.
    phoneVerifiedLabel,
    phoneVerified,
    account.createdAt ? row("home-created", t("home.memberSince"), formatDateTime(account.createdAt)) : null,
  );
  // Right after email verification, an offer to verify the phone as well (if it is not yet).
  const phoneOffer = h("div", { class: "notice info", role: "status", id: "home-phone-offer", hidden: true },
    h("p", {}, t("phone.offer")),
    h("div", { class: "profile-actions" },
      h("button", { type: "button", class: "primary small", id: "home-phone-offer-verify", onclick: () => ctx.go("verify-phone", { signedIn: params.signedIn, offer: true }) }, t("phone.verify")),
      h("button", { type: "button", class: "secondary small", id: "home-phone-offer-later", onclick: () => { phoneOffer.hidden = true; } }, t("phone.later"))));
  ctx.backend.phoneStatus?.().then((status) => {
    if (!ctx.alive() || !status) return;
    if (params.offerPhone && !status.verified && status.phone && ctx.allows("verify-phone")) phoneOffer.hidden = false;
    const ok = Boolean(status.verified);
    phoneVerified.replaceChildren(h("span", { class: `badge ${ok ? "ok" : "warn"}`, "data-verified": String(ok) },
      ok ? t("phone.verified") : t("phone.unverified")));
    phoneVerifiedLabel.hidden = false;
    phoneVerified.hidden = false;
  }, () => { /* the lists below report a session that ended */ });

  // A fleet's shared store (PostgreSQL) that cannot be reached: say so at the top and keep
  // refreshing; the banner goes once the server answers again (the backend reconnects by itself).
  let storeDown = false;
  const showStoreDown = (err) => {
    storeDown = true;
    setAlert(alert, messageFor(err));
  };

  async function loadSessions() {
    try {
      const sessions = await ctx.backend.listSessions();
      if (!ctx.alive()) return;
      if (storeDown) {
        storeDown = false;
        setAlert(alert, null);
      }
      const sorted = [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
      sessionsList.replaceChildren(...(sorted.length ? sorted.map((s) => h("li", {
        class: s.current ? "current" : null, "data-session-id": String(s.id), "aria-current": s.current ? "true" : null,
      },
        h("div", { class: "item-title" }, s.deviceLabel || t("common.unknown"),
          s.current ? h("span", { class: "badge accent" }, t("home.thisDevice")) : null),
        h("div", { class: "item-meta" }, t("home.sessionMeta", {
          created: formatDateTime(s.createdAt), lastSeen: formatRelative(s.lastSeenAt, ctx.now()),
        })))) : [h("li", { class: "muted" }, t("home.noSessions"))]));
    } catch (err) {
      if (ctx.alive() && err?.code === "store_unreachable") showStoreDown(err);
      if (ctx.alive() && !endedSession(err)) sessionsList.replaceChildren(h("li", { class: "error" }, messageFor(err)));
    } finally {
      sessionsList.removeAttribute("aria-busy");
    }
  }

  async function loadActivity() {
    try {
      const events = await ctx.backend.recentActivity();
      if (!ctx.alive()) return;
      const sorted = [...events].sort((a, b) => b.at - a.at);
      activityList.replaceChildren(...(sorted.length ? sorted.map((e) => h("li", { "data-kind": e.kind },
        h("div", { class: "item-title" }, hasKey(`activity.${e.kind}`) ? t(`activity.${e.kind}`) : e.summary),
        h("div", { class: "item-meta" }, h("time", { datetime: new Date(Number(e.at)).toISOString(), title: formatDateTime(e.at) }, formatRelative(e.at, ctx.now()))),
      )) : [h("li", { class: "muted" }, t("home.noActivity"))]));
    } catch (err) {
      if (ctx.alive() && !endedSession(err)) activityList.replaceChildren(h("li", { class: "error" }, messageFor(err)));
    } finally {
      activityList.removeAttribute("aria-busy");
    }
  }
  loadSessions();
  loadActivity();
  // Keep the lists fresh, and notice promptly when this session was ended elsewhere (a password
  // reset or "Sign out everywhere" on another machine): the backend then answers not_signed_in.
  ctx.every(REFRESH_MS, () => {
    loadSessions();
    loadActivity();
  });

  // The picture arrives after the screen: the initials stand in until then.
  const avatarSlot = h("div", { class: "avatar-slot", id: "home-avatar" }, avatar(account, ctx.picture ?? null));
  ctx.backend.profilePicture?.().then((url) => {
    if (!ctx.alive()) return;
    ctx.setPicture?.(url ?? null);
    avatarSlot.replaceChildren(avatar(account, url ?? null, url ? "home-picture-img" : null));
  }, () => { /* the initials stay; the lists below report a session that ended */ });
  return h("section", { class: "home", "data-screen": "home", "aria-labelledby": "home-title" },
    notice("home-keyring-notice", keyringNotice, "warning"),
    notice("home-notice", params.noticeKey ? t(params.noticeKey) : null, "success"),
    phoneOffer,
    alert,
    h("div", { class: "card wide profile-card" },
      h("div", { class: "profile-head" },
        avatarSlot,
        h("div", { class: "profile-names" },
          h("p", { class: "eyebrow" }, t("home.title")),
          h("h1", { id: "home-title" }, h("span", { id: "home-name" }, t("home.greeting", { firstName: account.firstName, lastName: account.lastName }))),
          h("p", { class: "muted small" }, remembered ? t("home.remembered") : t("home.notRemembered"))),
        h("div", { class: "profile-actions" }, signOut, signOutEverywhere)),
      profile,
      accountActions),
    h("div", { class: "home-columns" },
      h("section", { class: "card panel", "aria-labelledby": "home-sessions-title" },
        h("h2", { id: "home-sessions-title" }, t("home.sessions")), sessionsList),
      h("section", { class: "card panel", "aria-labelledby": "home-activity-title" },
        h("h2", { id: "home-activity-title" }, t("home.activity")), activityList)),
  );
}
