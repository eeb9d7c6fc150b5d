// Issue 13: "Invites" (my personal code, who invited me, who joined with my code) for everyone,
// and "Administration" (accounts, invites, audit log) for accounts with the admin role. The
// backend decides who may do what (`forbidden` otherwise); these screens only show it.
import { h } from "../dom.js";
import { t, hasKey, keysWithPrefix } from "../i18n.js";
import { field, alertSlot, setAlert, errorPresenter, onSubmit, valuesOf, withBusy } from "../form.js";
import { messageFor } from "../errors.js";
import { formatDateTime } from "../format.js";
import { screenCard, linkButton } from "./common.js";

const back = (ctx, params) => linkButton("invites-back", t("common.back"), () => ctx.go("home", { signedIn: params.signedIn }));

/** Whether the session ended (the window returns to sign-in) rather than the action failing. */
function sessionEnded(ctx, err) {
  if (err?.code === "not_signed_in") {
    ctx.signedOut({ noticeKey: "signIn.sessionEnded" });
    return true;
  }
  return false;
}

const personLine = (p) => `${p.firstName} ${p.lastName} (@${p.username})`;
const roleName = (r) => (hasKey(`role.${r}`) ? t(`role.${r}`) : r);

/** Everyone's invites: my code to hand out, whose code I entered, who joined with mine. */
export function invites(ctx, params) {
  const alert = alertSlot("invites-alert");
  const myCode = h("p", { class: "invite-code", id: "invites-my-code", "aria-busy": "true" }, t("common.loading"));
  const invitedBy = h("p", { id: "invites-invited-by" });
  const joined = h("ul", { class: "item-list", id: "invites-joined" });
  const codeInput = h("input", { id: "invites-enter-code", name: "code", type: "text", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "16" });
  const submit = h("button", { type: "submit", class: "primary", id: "invites-enter-submit" }, t("invites.enterSubmit"));
  const enterAlert = alertSlot("invites-enter-alert");
  const enterForm = h("form", { id: "invites-enter-form", novalidate: true },
    field({ id: "invites-enter-code", label: t("invites.enterLabel"), input: codeInput, hint: t("register.inviteCodeHint") }),
    enterAlert, submit);
  const errors = errorPresenter(enterForm, { inviteCode: codeInput, code: codeInput }, enterAlert);

  const show = (mine) => {
    myCode.textContent = mine.code;
    myCode.removeAttribute("aria-busy");
    invitedBy.textContent = mine.invitedBy ? t("invites.invitedBy", { name: personLine(mine.invitedBy) }) : t("invites.invitedByNobody");
    enterForm.hidden = Boolean(mine.invitedBy);
    joined.replaceChildren(...(mine.joined.length
      ? mine.joined.map((p) => h("li", { "data-username": p.username },
        h("div", { class: "item-title" }, personLine(p)),
        h("div", { class: "item-meta" }, formatDateTime(p.at))))
      : [h("li", { class: "muted" }, t("invites.nobodyJoined"))]));
  };
  const load = async () => {
    try {
      const mine = await ctx.backend.myInvites();
      if (ctx.alive()) show(mine);
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
    }
  };
  onSubmit(enterForm, submit, t("common.saving"), async () => {
    errors.clear();
    const { code } = valuesOf({ code: codeInput });
    if (!String(code).trim()) return errors.show({ inviteCode: t("error.invite_code_format") });
    try {
      const mine = await ctx.backend.enterInviteCode(String(code).trim());
      if (!ctx.alive()) return;
      show(mine);
      setAlert(alert, t("invites.entered"), "success");
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) errors.showError(err);
    }
  });
  load();
  return screenCard({ screen: "invites", title: t("invites.title"), subtitle: t("invites.subtitle"), size: "medium" },
    alert,
    h("h2", {}, t("invites.myCode")), myCode,
    h("h2", {}, t("invites.joinedTitle")), joined,
    h("h2", {}, t("invites.invitedByTitle")), invitedBy, enterForm,
    h("p", { class: "card-footer" }, back(ctx, params)));
}

/** Administration: find accounts and act on them, invites, the audit log. */
export function admin(ctx, params) {
  const alert = alertSlot("admin-alert");

  /** The account the audit log is narrowed to, or null for all. */
  let auditAccount = null;

  // Accounts.
  const search = h("input", { id: "admin-search", name: "query", type: "search", autocomplete: "off", spellcheck: "false" });
  const searchButton = h("button", { type: "submit", class: "secondary", id: "admin-search-submit" }, t("admin.search"));
  const accounts = h("ul", { class: "item-list", id: "admin-accounts" });
  const searchForm = h("form", { id: "admin-search-form", novalidate: true, class: "inline-form" },
    field({ id: "admin-search", label: t("admin.searchLabel"), input: search }), searchButton);

  const act = (button, busy, action) => withBusy(button, busy, async () => {
    try {
      await action();
      if (ctx.alive()) await loadAccounts();
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
    }
  });
  const accountRow = (a) => {
    const id = a.account.id;
    const locked = Boolean(a.locked);
    const lock = h("button", { type: "button", class: locked ? "secondary small" : "danger-outline small", "data-action": locked ? "unlock" : "lock" },
      locked ? t("admin.unlock") : t("admin.lock"));
    // How long a lock holds: until an administrator unlocks, or a number of days.
    const lockFor = locked ? null : h("select", { class: "small", "aria-label": t("admin.lockForLabel"), "data-field": "lock-days" },
      h("option", { value: "" }, t("admin.lockUntilUnlocked")),
      ...[1, 7, 30].map((n) => h("option", { value: String(n) }, t("admin.lockDays", { n }))));
    lock.addEventListener("click", () => act(lock, t("common.saving"), async () => {
      if (locked) await ctx.backend.adminUnlockAccount(id);
      else await ctx.backend.adminLockAccount({ accountId: id, days: lockFor.value ? Number(lockFor.value) : null, reason: null });
      setAlert(alert, t(locked ? "admin.unlocked" : "admin.locked", { username: a.account.username }), "success");
    }));
    const end = h("button", { type: "button", class: "secondary small", "data-action": "end-sessions" }, t("admin.endSessions"));
    end.addEventListener("click", () => act(end, t("common.saving"), async () => {
      const n = await ctx.backend.adminEndSessions(id);
      setAlert(alert, t("admin.sessionsEnded", { n: Number(n) }), "success");
    }));
    const clear = h("button", { type: "button", class: "secondary small", "data-action": "clear-delay" }, t("admin.clearDelay"));
    clear.addEventListener("click", () => act(clear, t("common.saving"), async () => {
      await ctx.backend.adminClearSignInDelay(id);
      setAlert(alert, t("admin.delayCleared"), "success");
    }));
    const rolesInput = h("input", { type: "text", class: "small", "aria-label": t("admin.rolesLabel"), value: a.roles.join(", "), "data-field": "roles" });
    const saveRoles = h("button", { type: "button", class: "secondary small", "data-action": "set-roles" }, t("admin.saveRoles"));
    saveRoles.addEventListener("click", () => act(saveRoles, t("common.saving"), async () => {
      const roles = rolesInput.value.split(",").map((r) => r.trim()).filter(Boolean);
      await ctx.backend.adminSetRoles({ accountId: id, roles });
      setAlert(alert, t("admin.rolesSaved"), "success");
    }));
    const activity = h("button", { type: "button", class: "secondary small", "data-action": "activity" }, t("admin.showActivity"));
    activity.addEventListener("click", () => {
      auditAccount = { id, username: a.account.username };
      loadAudit();
      auditList.scrollIntoView?.({ block: "nearest" });
    });
    return h("li", { "data-account-id": String(id), "data-username": a.account.username, "data-locked": String(locked) },
      h("div", { class: "item-title" }, `${a.account.firstName} ${a.account.lastName} (@${a.account.username})`,
        locked ? h("span", { class: "badge warn" }, t("admin.lockedBadge")) : null),
      h("div", { class: "item-meta" }, [a.account.email, a.account.phone, a.roles.map(roleName).join(", "),
        t("admin.liveSessions", { n: Number(a.liveSessions) }),
        a.locked?.until ? t("admin.lockedUntil", { at: formatDateTime(a.locked.until) }) : null].filter(Boolean).join(" · ")),
      h("div", { class: "item-actions" }, lockFor, lock, end, clear, activity, rolesInput, saveRoles));
  };
  // Only the newest search's answer is shown (the first list may arrive after a search).
  let searchSeq = 0;
  async function loadAccounts() {
    const seq = ++searchSeq;
    try {
      const found = await ctx.backend.adminSearchAccounts(search.value);
      if (!ctx.alive() || seq !== searchSeq) return;
      accounts.replaceChildren(...(found.length ? found.map(accountRow) : [h("li", { class: "muted" }, t("admin.noAccounts"))]));
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
    }
  }
  onSubmit(searchForm, searchButton, t("admin.searching"), loadAccounts);

  // Invites.
  const inviteInputs = {
    roles: h("input", { id: "admin-invite-roles", name: "roles", type: "text", autocomplete: "off", spellcheck: "false" }),
    days: h("input", { id: "admin-invite-days", name: "days", type: "number", min: "1", max: "3650", value: "7" }),
    maxUses: h("input", { id: "admin-invite-max-uses", name: "maxUses", type: "number", min: "1", max: "10000", value: "1" }),
    email: h("input", { id: "admin-invite-email", name: "email", type: "email", autocomplete: "off", spellcheck: "false" }),
  };
  const inviteAlert = alertSlot("admin-invite-alert");
  const createInvite = h("button", { type: "submit", class: "primary", id: "admin-invite-submit" }, t("admin.createInvite"));
  const inviteForm = h("form", { id: "admin-invite-form", novalidate: true },
    h("div", { class: "grid-2" },
      field({ id: "admin-invite-roles", label: t("admin.inviteRoles"), input: inviteInputs.roles, hint: t("admin.inviteRolesHint") }),
      field({ id: "admin-invite-email", label: t("admin.inviteEmail"), input: inviteInputs.email }),
      field({ id: "admin-invite-days", label: t("admin.inviteDays"), input: inviteInputs.days }),
      field({ id: "admin-invite-max-uses", label: t("admin.inviteMaxUses"), input: inviteInputs.maxUses })),
    inviteAlert, createInvite);
  const inviteErrors = errorPresenter(inviteForm, inviteInputs, inviteAlert);
  const inviteList = h("ul", { class: "item-list", id: "admin-invites" });
  const number = (v) => (String(v ?? "").trim() === "" ? null : Number(v));
  onSubmit(inviteForm, createInvite, t("common.saving"), async () => {
    inviteErrors.clear();
    const v = valuesOf(inviteInputs);
    const invalid = {};
    const days = number(v.days);
    const maxUses = number(v.maxUses);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) invalid.days = t("admin.daysInvalid");
    if (maxUses !== null && !(Number.isInteger(maxUses) && maxUses >= 1 && maxUses <= 10000)) invalid.maxUses = t("admin.maxUsesInvalid");
    if (Object.keys(invalid).length) return inviteErrors.show(invalid);
    try {
      const invite = await ctx.backend.adminCreateInvite({
        roles: String(v.roles ?? "").split(",").map((r) => r.trim()).filter(Boolean),
        days, maxUses, email: String(v.email ?? "").trim() || null,
      });
      if (!ctx.alive()) return;
      setAlert(inviteAlert, t("admin.inviteCreated", { code: invite.code }), "success");
      await loadInvites();
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) inviteErrors.showError(err);
    }
  });
  const inviteRow = (i) => {
    const revoke = i.state === "pending" ? h("button", { type: "button", class: "danger-outline small", "data-action": "revoke" }, t("admin.revoke")) : null;
    revoke?.addEventListener("click", () => withBusy(revoke, t("common.saving"), async () => {
      try {
        await ctx.backend.adminRevokeInvite(i.code);
        if (ctx.alive()) await loadInvites();
      } catch (err) {
        if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
      }
    }));
    const copy = h("button", { type: "button", class: "secondary small", "data-action": "copy" }, t("admin.copy"));
    copy.addEventListener("click", () => navigator.clipboard?.writeText(i.code).catch(() => {}));
    return h("li", { "data-code": i.code, "data-state": i.state },
      h("div", { class: "item-title" }, h("span", { class: "invite-code" }, i.code), " ",
        h("span", { class: `badge ${i.state === "pending" ? "ok" : "warn"}` }, t(`admin.inviteState.${i.state}`))),
      h("div", { class: "item-meta" }, [
        i.roles.length ? i.roles.map(roleName).join(", ") : t("admin.noRoles"),
        t("admin.uses", { uses: Number(i.uses), max: i.maxUses == null ? "∞" : String(i.maxUses) }),
        i.expiresAt ? t("admin.expires", { at: formatDateTime(i.expiresAt) }) : null,
        i.boundEmail, i.redeemedBy.length ? t("admin.redeemedBy", { names: i.redeemedBy.map(personLine).join(", ") }) : null,
      ].filter(Boolean).join(" · ")),
      h("div", { class: "item-actions" }, copy, revoke));
  };
  async function loadInvites() {
    try {
      const list = await ctx.backend.adminListInvites();
      if (!ctx.alive()) return;
      inviteList.replaceChildren(...(list.length ? list.map(inviteRow) : [h("li", { class: "muted" }, t("admin.noInvites"))]));
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
    }
  }

  // Audit log.
  // Every kind the catalogue can name (the security events' `activity.*` sentences).
  const kinds = keysWithPrefix("activity.")
    .map((key) => ({ kind: key.slice("activity.".length), label: t(key) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const auditKind = h("select", { id: "admin-audit-kind", name: "kind" },
    h("option", { value: "" }, t("admin.allKinds")),
    ...kinds.map(({ kind, label }) => h("option", { value: kind }, label)));
  auditKind.addEventListener("change", () => loadAudit());
  const auditButton = h("button", { type: "submit", class: "secondary", id: "admin-audit-submit" }, t("admin.filter"));
  const auditForm = h("form", { id: "admin-audit-form", novalidate: true, class: "inline-form" },
    field({ id: "admin-audit-kind", label: t("admin.auditKind"), input: auditKind }), auditButton);
  const auditList = h("ul", { class: "item-list", id: "admin-audit" });
  // "Activity" on an account narrows the log to it until "All accounts".
  const auditScope = h("p", { class: "muted small", id: "admin-audit-scope", "aria-live": "polite" });
  let auditSeq = 0;
  async function loadAudit() {
    const seq = ++auditSeq;
    auditScope.replaceChildren();
    if (auditAccount) {
      const all = h("button", { type: "button", class: "link-button", id: "admin-audit-all" }, t("admin.allAccounts"));
      all.addEventListener("click", () => { auditAccount = null; loadAudit(); });
      auditScope.append(t("admin.auditOf", { username: auditAccount.username }), " ", all);
    }
    try {
      const rows = await ctx.backend.adminAudit({ accountId: auditAccount?.id ?? null, kind: auditKind.value.trim() || null });
      if (!ctx.alive() || seq !== auditSeq) return;
      auditList.replaceChildren(...(rows.length ? rows.map((e) => h("li", { "data-kind": e.kind },
        h("div", { class: "item-title" }, hasKey(`activity.${e.kind}`) ? t(`activity.${e.kind}`) : e.kind),
        h("div", { class: "item-meta" }, [formatDateTime(e.at), e.accountId != null ? `#${e.accountId}` : null,
          e.detail?.actor != null ? t("admin.by", { actor: String(e.detail.actor) }) : null].filter(Boolean).join(" · "))))
        : [h("li", { class: "muted" }, t("admin.noAudit"))]));
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
    }
  }
  onSubmit(auditForm, auditButton, t("admin.searching"), loadAudit);

  loadAccounts();
  loadInvites();
  loadAudit();
  return screenCard({ screen: "admin", title: t("admin.title"), subtitle: t("admin.subtitle"), size: "wide" },
    alert,
    h("section", { "aria-labelledby": "admin-accounts-title" }, h("h2", { id: "admin-accounts-title" }, t("admin.accounts")), searchForm, accounts),
    h("section", { "aria-labelledby": "admin-invites-title" }, h("h2", { id: "admin-invites-title" }, t("admin.invites")), inviteForm, inviteList),
    h("section", { "aria-labelledby": "admin-audit-title" }, h("h2", { id: "admin-audit-title" }, t("admin.audit")), auditForm, auditScope, auditList),
    h("p", { class: "card-footer" }, linkButton("admin-back", t("common.back"), () => ctx.go("home", { signedIn: params.signedIn }))));
}
