// DEV HARNESS ONLY — never loaded by ui/index.html.
// An in-memory stand-in for the latchkey plugin that follows docs/COMMANDS.md closely enough to
// click through every screen in a plain browser and to drive the screen tests in Node. Install it
// as `window.__TAURI__ = { core: { invoke }, event: { listen } }`.

const MINUTE = 60_000;

function fail(code, message, extra = {}) {
  return Object.assign({ code, message }, extra);
}

/**
 * @param {{now?: () => number, latencyMs?: number, mailMode?: "dev_mailbox"|"smtp",
 *   mode?: "normal"|"kiosk"|"qa", kiosk?: object,
 *   codes?: string[], seedAccount?: boolean, signedIn?: boolean, queued?: boolean,
 *   keyringNotice?: string|null, restoreNotice?: string|null,
 *   hostCommands?: Record<string, (args: any) => any>}} options
 *   hostCommands: the host app's own commands (invoked without the plugin prefix)
 */
// The fake's pending-registration handle: the address, hex-encoded (opaque to the UI).
const handleOf = (email) => Array.from(new TextEncoder().encode(String(email).toLowerCase()), (b) => b.toString(16).padStart(2, "0")).join("");
const emailOf = (handle) => new TextDecoder().decode(new Uint8Array(String(handle ?? "").match(/../g)?.map((h) => parseInt(h, 16)) ?? []));
/**
 * The catalogues, as the plugin's `locales` command answers: read from locales/ (Node tests), or
 * fetched next to the harness page (browser; the harness lists the languages it fetches).
 */
/** As the plugin answers `locales`: each catalogue with its language's name in itself. */
async function loadCatalogues(given) {
  if (given) return given;
  const named = ({ tag, source }) => ({ tag, name: /^language-name = (.+)$/m.exec(source)?.[1] ?? tag, source });
  return (await readCatalogues()).map(named);
}

async function readCatalogues() {
  const base = new URL("../../locales/", import.meta.url);
  if (base.protocol === "file:") {
    const fs = await import("node:fs/promises");
    const names = (await fs.readdir(base)).filter((n) => n.endsWith(".ftl")).sort();
    return Promise.all(names.map(async (n) => ({ tag: n.slice(0, -4), source: await fs.readFile(new URL(n, base), "utf8") })));
  }
  return Promise.all(["en", "ru", "uz"].map(async (tag) => ({ tag, source: await (await fetch(new URL(`${tag}.ftl`, base))).text() })));
}

export function createFakeBackend(options = {}) {
  const now = options.now ?? (() => Date.now());
  const codes = [...(options.codes ?? ["482913", "731560", "905127", "264038", "118274"])];
  const state = {
    accounts: [],
    codes: new Map(), // `${email}|${purpose}` -> {code, state, sentAt, expiresAt, resendAvailableAt, attemptsLeft}
    sessions: [],
    activity: [],
    mailbox: [],
    failures: new Map(),
    current: null,
    mail: { mode: options.mailMode ?? "dev_mailbox", smtpUrl: null, mailFrom: "Latchkey <no-reply@latchkey.local>", hasPassword: false, source: "defaults", keyringAvailable: true },
    calls: [], // [command without the plugin prefix, args]
    events: [], // [event, payload], in the order emitted
    kioskExited: false,
    qaOffsetMs: 0,
    qaFault: null,
  };
  const listeners = new Map(); // event -> Set of handlers

  /** Like the plugin: events go out before the command that caused them answers. */
  function emit(event, payload) {
    state.events.push([event, payload]);
    for (const handler of listeners.get(event) ?? []) handler({ event, id: 0, payload });
  }
  async function listen(event, handler) {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(handler);
    return () => listeners.get(event).delete(handler);
  }
  let nextId = 1;

  const view = (a) => ({ id: a.id, firstName: a.firstName, lastName: a.lastName, email: a.email, username: a.username, phone: a.phone, emailVerified: a.emailVerified, createdAt: a.createdAt });
  const find = (identifier) => {
    const key = String(identifier ?? "").trim().toLowerCase();
    return state.accounts.find((a) => a.email.toLowerCase() === key || a.username.toLowerCase() === key) ?? null;
  };
  const log = (account, kind, summary) => state.activity.push({ accountId: account.id, at: now(), kind, summary });

  function issueCode(account, purpose, sentTo) {
    const code = codes.length ? codes.shift() : String(100000 + Math.floor(Math.random() * 900000));
    const queued = Boolean(options.queued);
    const entry = {
      accountId: account?.id ?? null, purpose, sentTo, code,
      state: queued ? "queued" : "sent",
      sentAt: queued ? null : now(),
      expiresAt: queued ? null : now() + 10 * MINUTE,
      resendAvailableAt: now() + MINUTE,
      attemptsLeft: 5,
    };
    state.codes.set(`${sentTo.toLowerCase()}|${purpose}`, entry);
    if (account) {
      const subject = purpose === "verify_email" ? "Your Latchkey verification code" : "Reset your Latchkey password";
      state.mailbox.push({
        id: nextId++, to: account.email, subject, purpose, status: "delivered-locally", createdAt: now(), sentAt: now(), read: false,
        text: `Hello ${account.firstName},\n\nYour ${purpose === "verify_email" ? "verification" : "password reset"} code is:\n\n    ${code.slice(0, 3)} ${code.slice(3)}\n\nIt expires 10 minutes after this email was sent.\nIf this wasn't you, ignore this email.\n\n— Latchkey`,
        html: null,
      });
    }
    return entry;
  }
  const statusOf = (entry, sentTo, purpose) => entry
    ? { purpose: entry.purpose, sentTo: entry.sentTo, state: entry.state, sentAt: entry.sentAt, expiresAt: entry.expiresAt, resendAvailableAt: entry.resendAvailableAt, attemptsLeft: entry.attemptsLeft }
    : { purpose, sentTo, state: "none", sentAt: null, expiresAt: null, resendAvailableAt: now(), attemptsLeft: null };

  function signIn(account, remember) {
    const session = { id: nextId++, accountId: account.id, deviceLabel: "This computer (Linux)", createdAt: now(), lastSeenAt: now(), revoked: false };
    state.sessions.push(session);
    state.current = session;
    log(account, "login", "Signed in on this computer");
    emit("latchkey://signed-in", view(account));
    return { account: view(account), remembered: Boolean(remember), keyringNotice: options.keyringNotice ?? null };
  }
  const me = () => {
    if (!state.current || state.current.revoked) throw fail("not_signed_in", "Not signed in.");
    return state.accounts.find((a) => a.id === state.current.accountId);
  };

  function checkCode(entry, code) {
    if (!entry || entry.state === "none" || entry.used) throw fail("code_not_found", "No active code.", { field: "code" });
    if (entry.attemptsLeft <= 0) throw fail("code_exhausted", "Too many wrong codes.", { field: "code" });
    if (entry.expiresAt !== null && now() >= entry.expiresAt) throw fail("code_expired", "The code expired.", { field: "code" });
    if (entry.code !== String(code).replace(/[\s-]/g, "")) {
      entry.attemptsLeft -= 1;
      if (entry.attemptsLeft <= 0) throw fail("code_exhausted", "Too many wrong codes.", { field: "code" });
      throw fail("code_invalid", "Wrong code.", { field: "code", details: { attemptsLeft: entry.attemptsLeft } });
    }
    entry.used = true;
  }

  function strength(password, userInputs = []) {
    const lower = password.toLowerCase();
    let score = Math.min(4, Math.floor(password.length / 4));
    if (/^(password|12345678|qwerty)/i.test(password)) score = 0;
    if (userInputs.some((u) => u && u.length >= 3 && lower.includes(u.toLowerCase()))) score = Math.min(score, 1);
    const warning = score === 0 ? "This is a top-10 common password." : score === 1 && userInputs.some((u) => u && lower.includes(u.toLowerCase())) ? "Avoid your name or username in the password." : null;
    const suggestions = score < 3 ? ["Add another word or two. Uncommon words are better."] : [];
    return { score, acceptable: score >= 3, warning, suggestions };
  }

  if (options.seedAccount !== false) {
    const ana = { id: nextId++, firstName: "Ana", lastName: "Silva", email: "ana@example.org", username: "ana", phone: "+442079460958", emailVerified: true, createdAt: now() - 40 * 86_400_000, password: "correct horse battery" };
    state.accounts.push(ana);
    state.sessions.push({ id: nextId++, accountId: ana.id, deviceLabel: "Work laptop (Windows)", createdAt: now() - 9 * 86_400_000, lastSeenAt: now() - 3 * 3_600_000, revoked: false });
    state.activity.push({ accountId: ana.id, at: now() - 40 * 86_400_000, kind: "registered", summary: "Account created" });
    state.activity.push({ accountId: ana.id, at: now() - 40 * 86_400_000 + 120_000, kind: "email_verified", summary: "Email address verified" });
    state.activity.push({ accountId: ana.id, at: now() - 2 * 86_400_000, kind: "login_failed", summary: "Failed sign-in attempt (wrong password)" });
    if (options.signedIn) signIn(ana, true);
  }

  function registrationProblems(form) {
    const fields = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) fields.push({ field: "email", code: "email_invalid", message: "Enter a valid email address." });
    if (!/^\+?[\d\s-]{9,18}$/.test(form.phone)) fields.push({ field: "phone", code: "phone_invalid", message: "Enter a phone number in international format, like +44 20 7946 0958." });
    if (!/^[A-Za-z0-9._-]{3,32}$/.test(form.username)) fields.push({ field: "username", code: "username_invalid", message: "Use 3–32 letters, digits, dots, dashes or underscores." });
    else if (find(form.username)) fields.push({ field: "username", code: "username_taken", message: "That username is taken." });
    const s = strength(form.password, [form.firstName, form.lastName, form.email, form.username]);
    if (form.password.length < 8) fields.push({ field: "password", code: "password_too_short", message: "Use at least 8 characters." });
    else if (!s.acceptable) fields.push({ field: "password", code: "password_weak", message: `This password is too easy to guess. ${s.warning ?? s.suggestions[0] ?? ""}`.trim() });
    return fields;
  }

  /** QA tools answer `qa_mode_off` outside QA mode, as the plugin does. */
  const qa = (run) => {
    if (options.mode !== "qa") throw fail("qa_mode_off", "QA tools work only in QA mode.");
    return run();
  };

  const commands = {
    locales: () => loadCatalogues(options.catalogues),
    account_locale: () => (state.current ? me().locale ?? null : null),
    set_account_locale: ({ locale }) => {
      if (!state.current) throw fail("not_signed_in", "Your session has ended.");
      me().locale = locale;
      return null;
    },
    // `storeOpening: n`: the store's first opening is still running for the first n questions;
    // `storeDown: n`: then the account server answers only from the nth question after those;
    // `storeFailed: "why"`: the store cannot be opened at all.
    store_status: () => {
      state.storeAsked = (state.storeAsked ?? 0) + 1;
      if (options.storeFailed) return { ready: false, state: "failed", problem: options.storeFailed };
      const opening = options.storeOpening ?? 0;
      if (state.storeAsked <= opening) return { ready: false, state: "opening", problem: null };
      const ready = state.storeAsked > opening + (options.storeDown ?? 0);
      return ready
        ? { ready, state: "ready", problem: null }
        : { ready, state: "unreachable", problem: "The database server at postgres://kiosk@db.example:5432/latchkey is unreachable (Connection refused (os error 111)); check the host, the port and the network." };
    },
    app_info: () => ({
      name: "Latchkey", version: "0.1.0", dataDir: "/home/ana/.local/share/dev.latchkey.app",
      database: { path: "/home/ana/.local/share/dev.latchkey.app/latchkey.db", createdThisStart: false, schemaVersion: 3, journalMode: "wal", accountCount: state.accounts.length },
      mail: { mode: state.mail.mode },
      features: { devMailbox: options.mode !== "kiosk", mailSettings: options.mode !== "kiosk" },
      mode: options.mode ?? "normal",
      kiosk: options.mode === "kiosk" ? { idleSecs: 120, countdownSecs: 30, exitKeys: "Ctrl+Alt+Shift+Q", operatorName: "City Library", supportLine: null, exited: state.kioskExited, ...options.kiosk } : null,
      qa: options.mode === "qa" ? { clockOffsetMs: state.qaOffsetMs } : null,
    }),
    // Kiosk and QA modes (issue 15): the operator password is "operator pass"; QA tools refuse outside QA mode.
    kiosk_exit: ({ password }) => {
      if (options.mode !== "kiosk") throw fail("not_kiosk", "Latchkey is not in kiosk mode.");
      if (password !== "operator pass") throw fail("invalid_input", "That is not the operator password.", { field: "operatorPassword", fields: [{ field: "operatorPassword", code: "operator_password_wrong", message: "That is not the operator password." }] });
      state.kioskExited = true;
      return null;
    },
    qa_status: () => qa(() => ({ clockOffsetMs: state.qaOffsetMs, now: now() + state.qaOffsetMs, mailFault: state.qaFault })),
    qa_time_travel: ({ secs }) => qa(() => {
      if (!(secs >= 1 && secs <= 366 * 86400)) throw fail("invalid_input", "Out of range.", { field: "travel", fields: [{ field: "travel", code: "travel_out_of_range", message: "Out of range." }] });
      state.qaOffsetMs += secs * 1000;
      return commands.qa_status();
    }),
    qa_time_reset: () => qa(() => { state.qaOffsetMs = 0; return commands.qa_status(); }),
    qa_mail_fault: ({ fault }) => qa(() => { state.qaFault = fault; return commands.qa_status(); }),
    qa_latest_code: ({ to }) => qa(() => {
      const entry = [...state.mailbox].reverse().find((m) => m.to.toLowerCase() === String(to).toLowerCase());
      if (!entry) throw fail("invalid_input", `Nothing was sent to ${to}.`, { field: "to", fields: [{ field: "to", code: "no_message", message: `Nothing was sent to ${to}.` }] });
      return { to: entry.to, code: /(\d{3}) ?(\d{3})/.exec(entry.text)?.slice(1).join("") ?? null, subject: entry.subject, status: "delivered_locally", lastError: null, createdAt: entry.createdAt };
    }),
    restore_session: () => options.signedIn && state.current
      ? { signedIn: { account: view(me()), remembered: true, keyringNotice: options.keyringNotice ?? null }, notice: null }
      : { signedIn: null, notice: options.restoreNotice ?? null },
    check_registration: ({ form }) => registrationProblems(form),
    // Issue 13: roles, invites and administration (options.registrationMode, options.roles).
    registration_options: () => ({ mode: options.registrationMode ?? "open", roles: options.selfServiceRoles ?? [{ name: "member", selfService: true }], defaultRole: "member" }),
    my_roles: () => { me(); return options.roles ?? ["member"]; },
    my_invites: () => { const a = me(); return { code: a.inviteCode ?? "7KQ2-9XMD", invitedBy: a.invitedBy ?? null, joined: a.joined ?? [] }; },
    enter_invite_code: ({ code }) => {
      const a = me();
      const inviter = state.accounts.find((x) => x !== a && (x.inviteCode ?? "").replace("-", "") === String(code).toUpperCase().replace("-", ""));
      if (!inviter) throw fail("invalid_input", "This invite code is not valid.", { field: "inviteCode", fields: [{ field: "inviteCode", code: "invite_invalid", message: "This invite code is not valid." }] });
      a.invitedBy = { accountId: inviter.id, firstName: inviter.firstName, lastName: inviter.lastName, username: inviter.username, email: null, phone: null, at: now() };
      return commands.my_invites();
    },
    admin_search_accounts: ({ query }) => {
      me();
      if (!(options.roles ?? []).includes("admin")) throw fail("forbidden", "Only administrators can do this.");
      const q = String(query).toLowerCase();
      return state.accounts.filter((a) => !q || [a.email, a.username, a.phone, a.firstName, a.lastName].some((v) => String(v ?? "").toLowerCase().includes(q)))
        .map((a) => ({ account: view(a), roles: a.roles ?? ["member"], locked: a.locked ?? null, liveSessions: 0 }));
    },
    admin_lock_account: ({ accountId, days = null }) => { const a = state.accounts.find((x) => x.id === accountId); a.locked = { lockedAt: now(), until: days ? now() + days * 86400000 : null, by: null, reason: "" }; return { account: view(a), roles: a.roles ?? ["member"], locked: a.locked, liveSessions: 0 }; },
    admin_unlock_account: ({ accountId }) => { const a = state.accounts.find((x) => x.id === accountId); a.locked = null; return { account: view(a), roles: a.roles ?? ["member"], locked: null, liveSessions: 0 }; },
    admin_list_invites: () => state.invites ?? [],
    admin_create_invite: ({ invite }) => {
      const made = { code: `ABCD-${String(1000 + (state.invites ?? []).length)}`, roles: invite.roles, state: "pending", uses: 0, maxUses: invite.maxUses, expiresAt: invite.days ? now() + invite.days * 86400000 : null, boundEmail: invite.email, createdBy: me().id, createdAt: now(), redeemedBy: [] };
      state.invites = [...(state.invites ?? []), made];
      return made;
    },
    admin_revoke_invite: ({ code }) => { for (const i of state.invites ?? []) if (i.code === code) i.state = "revoked"; return null; },
    admin_audit: ({ accountId = null, kind = null } = {}) => state.activity
      .filter((e) => (accountId == null || e.accountId === accountId) && (!kind || e.kind === kind))
      .map((e, i) => ({ id: i + 1, at: e.at, accountId: e.accountId, kind: e.kind, detail: {} })).reverse(),
    register: ({ form }) => {
      if ((options.registrationMode ?? "open") === "invite_only" && !form.inviteCode) {
        throw fail("invalid_input", "Please fix the highlighted fields.", { field: "inviteCode", fields: [{ field: "inviteCode", code: "invite_required", message: "Enter your invite code." }] });
      }
      const fields = registrationProblems(form);
      if (fields.length) throw fail(fields.length === 1 && fields[0].code === "username_taken" ? "username_taken" : "invalid_input", "Please fix the highlighted fields.", { field: fields.length === 1 ? fields[0].field : undefined, fields });
      const account = { id: nextId++, ...form, emailVerified: false, createdAt: now() };
      state.accounts.push(account);
      log(account, "registered", "Account created");
      const entry = issueCode(account, "verify_email", form.email);
      return { email: form.email, handle: handleOf(form.email), codeStatus: statusOf(entry) };
    },
    verify_email: ({ handle, code, remember }) => {
      const email = emailOf(handle);
      const entry = state.codes.get(`${email.toLowerCase()}|verify_email`);
      checkCode(entry, code);
      const account = find(email);
      account.emailVerified = true;
      log(account, "email_verified", "Email address verified");
      return signIn(account, remember);
    },
    resend_code: ({ purpose, handle, identifier }) => {
      const email = purpose === "verify_email" ? emailOf(handle) : identifier;
      const key = `${email.toLowerCase()}|${purpose}`;
      const old = state.codes.get(key);
      if (old && now() < old.resendAvailableAt) throw fail("resend_cooldown", "Wait before asking again.", { details: { retryAfterSecs: Math.ceil((old.resendAvailableAt - now()) / 1000) } });
      return statusOf(issueCode(find(email), purpose, email));
    },
    code_status: ({ purpose, handle, identifier }) => ((email) => statusOf(state.codes.get(`${email.toLowerCase()}|${purpose}`), email, purpose))(purpose === "verify_email" ? emailOf(handle) : identifier),
    log_in: ({ identifier, password, remember }) => {
      const account = find(identifier);
      const key = String(identifier).toLowerCase();
      const failures = state.failures.get(key) ?? 0;
      if (failures >= 5) throw fail("login_throttled", "Too many attempts.", { details: { retryAfterSecs: 150 } });
      if (!account || account.password !== password) {
        state.failures.set(key, failures + 1);
        if (account) log(account, "login_failed", "Failed sign-in attempt (wrong password)");
        throw fail("invalid_credentials", "Wrong email, username or password.");
      }
      state.failures.delete(key);
      if (!account.emailVerified) {
        const entry = issueCode(account, "verify_email", account.email);
        throw fail("email_not_verified", "Verify your email first.", { details: { email: account.email, handle: handleOf(account.email), codeStatus: statusOf(entry) } });
      }
      return signIn(account, remember);
    },
    current_account: () => view(me()),
    log_out: () => {
      const was = state.current;
      if (was) was.revoked = true;
      state.current = null;
      if (was) emit("latchkey://signed-out", { reason: "signed_out" });
    },
    log_out_everywhere: () => {
      const a = me();
      for (const s of state.sessions) if (s.accountId === a.id) s.revoked = true;
      state.current = null;
      emit("latchkey://signed-out", { reason: "signed_out_everywhere" });
    },
    update_profile: ({ form }) => {
      const a = me();
      const fields = [];
      for (const name of ["firstName", "lastName", "username", "phone"]) {
        if (!String(form[name] ?? "").trim()) fields.push({ field: name, code: "required", message: "Required." });
      }
      const other = state.accounts.find((x) => x !== a && x.username.toLowerCase() === String(form.username).toLowerCase());
      if (other) fields.push({ field: "username", code: "username_taken", message: "This username is taken; choose another." });
      if (fields.length) throw fail("invalid_input", "Some fields need attention.", { field: fields[0].field, fields });
      Object.assign(a, { firstName: form.firstName, lastName: form.lastName, username: form.username, phone: form.phone });
      log(a, "profile_updated", "Profile changed");
      return view(a);
    },
    change_password: ({ currentPassword, newPassword }) => {
      const a = me();
      if (a.password !== currentPassword) throw fail("invalid_credentials", "The current password is not right.", { field: "password" });
      a.password = newPassword;
      for (const s of state.sessions) if (s.accountId === a.id && s !== state.current) s.revoked = true;
      log(a, "password_changed", "Password changed");
      return null;
    },
    delete_account: ({ password, code, confirmUsername }) => {
      const a = me();
      if (String(confirmUsername).toLowerCase() !== a.username.toLowerCase()) {
        throw fail("invalid_input", "Type your username exactly to confirm.", { field: "confirmUsername", fields: [{ field: "confirmUsername", code: "username_mismatch", message: "Type your username exactly to confirm." }] });
      }
      if ((password == null) === (code == null)) throw fail("invalid_input", "Confirm with the password or with a code.", { field: "password" });
      if (code != null) checkCode(state.codes.get(`${a.email.toLowerCase()}|delete_account`), code);
      else if (a.password !== password) throw fail("invalid_credentials", "The current password is not right.", { field: "password" });
      state.accounts = state.accounts.filter((x) => x !== a);
      state.sessions = state.sessions.filter((x) => x.accountId !== a.id);
      state.activity = state.activity.filter((x) => x.accountId !== a.id);
      state.current = null;
      emit("latchkey://signed-out", { reason: "account_deleted" });
      return null;
    },
    request_delete_code: () => {
      const a = me();
      const key = `${a.email.toLowerCase()}|delete_account`;
      const old = state.codes.get(key);
      if (old && now() < old.resendAvailableAt) throw fail("resend_cooldown", "Wait before asking again.", { details: { retryAfterSecs: Math.ceil((old.resendAvailableAt - now()) / 1000), codeStatus: statusOf(old) } });
      return statusOf(issueCode(a, "delete_account", a.email));
    },
    delete_code_status: () => {
      const a = me();
      return statusOf(state.codes.get(`${a.email.toLowerCase()}|delete_account`), a.email, "delete_account");
    },
    export_account_data: ({ path }) => { me(); state.exported = path; return null; },
    request_email_change: ({ newEmail, password }) => {
      const a = me();
      const fields = [];
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(newEmail))) fields.push({ field: "email", code: "email_invalid", message: "Enter a valid email address." });
      else if (String(newEmail).toLowerCase() === a.email.toLowerCase()) fields.push({ field: "email", code: "email_unchanged", message: "This is already your email address." });
      if (fields.length) throw fail("invalid_input", "Some fields need attention.", { field: fields[0].field, fields });
      if (a.password !== password) throw fail("invalid_credentials", "The current password is not right.", { field: "password" });
      const key = `${String(newEmail).toLowerCase()}|change_email`;
      const old = state.codes.get(key);
      if (old && now() < old.resendAvailableAt) throw fail("resend_cooldown", "Wait before asking again.", { details: { retryAfterSecs: Math.ceil((old.resendAvailableAt - now()) / 1000), codeStatus: statusOf(old) } });
      const entry = issueCode(a, "change_email", newEmail);
      state.emailChange = { accountId: a.id, newEmail: String(newEmail), key };
      log(a, "email_change_requested", "A code was sent to confirm a new email address");
      return { newEmail: String(newEmail), codeStatus: statusOf(entry) };
    },
    email_change_status: () => {
      const a = me();
      const c = state.emailChange;
      if (!c || c.accountId !== a.id) return null;
      return { newEmail: c.newEmail, codeStatus: statusOf(state.codes.get(c.key)) };
    },
    confirm_email_change: ({ code }) => {
      const a = me();
      const c = state.emailChange;
      if (!c || c.accountId !== a.id) throw fail("code_not_found", "No code is waiting.");
      checkCode(state.codes.get(c.key), code);
      a.email = c.newEmail;
      state.emailChange = null;
      log(a, "email_changed", "Email address changed");
      return view(a);
    },
    cancel_email_change: () => { me(); state.emailChange = null; return null; },
    profile_picture: () => me().picture ?? null,
    set_profile_picture: (bytes) => {
      const a = me();
      if (!(bytes instanceof Uint8Array) || bytes.length < 8 || bytes[0] !== 0x89 || bytes[1] !== 0x50) {
        throw fail("invalid_input", "Some fields need attention.", { field: "picture", fields: [{ field: "picture", code: "image_invalid", message: "This file is not a PNG, JPEG or WebP picture, or it is damaged." }] });
      }
      a.picture = "data:image/png;base64,iVBORw0KGgo=";
      log(a, "picture_changed", "Profile picture changed");
      return a.picture;
    },
    remove_profile_picture: () => { const a = me(); a.picture = null; log(a, "picture_removed", "Profile picture removed"); return null; },
    list_sessions: () => { const a = me(); return state.sessions.filter((s) => s.accountId === a.id && !s.revoked).map((s) => ({ id: s.id, deviceLabel: s.deviceLabel, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, current: s === state.current })); },
    recent_activity: () => { const a = me(); return state.activity.filter((e) => e.accountId === a.id).map(({ at, kind, summary }) => ({ at, kind, summary })).reverse(); },
    request_password_reset: ({ identifier }) => {
      const key = `${String(identifier).toLowerCase()}|reset_password`;
      const old = state.codes.get(key);
      if (old && now() < old.resendAvailableAt) throw fail("resend_cooldown", "Wait before asking again.", { details: { retryAfterSecs: Math.ceil((old.resendAvailableAt - now()) / 1000) } });
      const entry = issueCode(find(identifier), "reset_password", identifier);
      return { sentTo: identifier, codeStatus: statusOf(entry) };
    },
    reset_password: ({ identifier, code, newPassword }) => {
      const entry = state.codes.get(`${String(identifier).toLowerCase()}|reset_password`);
      if (!strength(newPassword, [identifier]).acceptable) throw fail("invalid_input", "Weak password.", { field: "newPassword", fields: [{ field: "newPassword", code: "password_weak", message: "This password is too easy to guess." }] });
      checkCode(entry, code);
      const account = find(identifier);
      account.password = newPassword;
      for (const s of state.sessions) if (s.accountId === account.id) s.revoked = true;
      log(account, "password_reset", "Password reset with an emailed code");
      if (state.current?.accountId === account.id) {
        state.current = null;
        emit("latchkey://signed-out", { reason: "session_ended" });
      }
    },
    password_strength: ({ password, userInputs }) => strength(password, userInputs),
    // Issue 11: sign-in codes (the same answer for any identifier), phone verification, texts.
    request_sign_in_code: ({ identifier, channel }) => {
      if (!["email", "sms"].includes(channel)) throw fail("invalid_input", "Bad channel.", { fields: [{ field: "channel", code: "channel_unknown", message: "Choose email or text message." }] });
      if (/^[+(]/.test(identifier) && !/^\+?[0-9 ()-]{8,}$/.test(identifier)) throw fail("invalid_input", "Bad phone.", { fields: [{ field: "identifier", code: "phone_invalid", message: "This is not a valid phone number." }] });
      const key = `${String(identifier).toLowerCase()}|sign_in`;
      const old = state.codes.get(key);
      if (old && now() < old.resendAvailableAt) throw fail("resend_cooldown", "Wait before asking again.", { details: { retryAfterSecs: Math.ceil((old.resendAvailableAt - now()) / 1000) } });
      const account = find(identifier) ?? state.accounts.find((a) => a.phone && a.phone === String(identifier).replace(/[\s()-]/g, ""));
      const entry = issueCode(account, "sign_in", identifier);
      if (account && channel === "sms") state.sms = [...(state.sms ?? []), { id: nextId++, to: account.phone, purpose: "sign_in", status: "delivered_locally", createdAt: now(), sentAt: now(), read: false, text: `Latchkey: ${entry.code} is your sign-in code.` }];
      return { sentTo: identifier, channel, codeStatus: statusOf(entry) };
    },
    sign_in_with_code: ({ identifier, code, remember }) => {
      checkCode(state.codes.get(`${String(identifier).toLowerCase()}|sign_in`), code);
      const account = find(identifier) ?? state.accounts.find((a) => a.phone === String(identifier).replace(/[\s()-]/g, ""));
      if (!account) throw fail("code_not_found", "No active code.");
      return signIn(account, remember);
    },
    phone_status: () => { const a = me(); return { phone: a.phone, verified: Boolean(a.phoneVerified), verifiedAt: a.phoneVerified ? now() : null, codeStatus: statusOf(state.codes.get(`${a.phone}|verify_phone`), a.phone, "verify_phone"), delivery: a.phoneCodeSent ? { state: "delivered_locally", at: now() } : null }; },
    request_phone_code: () => {
      const a = me();
      if (a.phoneVerified) throw fail("phone_already_verified", "Verified already.");
      const entry = issueCode(a, "verify_phone", a.phone);
      a.phoneCodeSent = true;
      state.sms = [...(state.sms ?? []), { id: nextId++, to: a.phone, purpose: "verify_phone", status: "delivered_locally", createdAt: now(), sentAt: now(), read: false, text: `Latchkey: ${entry.code} is your code to confirm this phone number.` }];
      return commands.phone_status();
    },
    confirm_phone: ({ code }) => {
      const a = me();
      if (!/^[0-9\s-]+$/.test(code)) throw fail("invalid_input", "Bad code.", { fields: [{ field: "code", code: "code_format", message: "The code has 6 digits." }] });
      checkCode(state.codes.get(`${a.phone.toLowerCase()}|verify_phone`), code);
      a.phoneVerified = true;
      return commands.phone_status();
    },
    sms_inbox_list: () => { const a = state.current ? me() : null; return [...(state.sms ?? [])].filter((m) => !a || m.to === a.phone).reverse(); },
    mailbox_list: () => [...state.mailbox].reverse().map(({ text, html, ...summary }) => summary),
    mailbox_read: ({ id }) => {
      const m = state.mailbox.find((x) => String(x.id) === String(id));
      if (!m) throw fail("not_found", "No such message.");
      m.read = true;
      const { read, ...rest } = m;
      return rest;
    },
    mail_settings_get: () => ({ ...state.mail }),
    mail_settings_save: ({ smtpUrl, mailFrom, smtpPassword }) => {
      const fields = [];
      if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) fields.push({ field: "smtpUrl", code: "smtp_url_invalid", message: "Use smtp://host:port or smtps://host:port." });
      if (!mailFrom.includes("@")) fields.push({ field: "mailFrom", code: "email_invalid", message: "Enter a valid from address." });
      if (fields.length) throw fail("invalid_input", "Check the mail settings.", { fields });
      if (smtpPassword && !state.mail.keyringAvailable) throw fail("keyring_unavailable", "No keyring.");
      Object.assign(state.mail, { smtpUrl: smtpUrl || null, mailFrom, mode: smtpUrl ? "smtp" : "dev_mailbox", source: "settings file", hasPassword: state.mail.hasPassword || Boolean(smtpPassword) });
      return { ...state.mail };
    },
    mail_send_test: ({ to }) => state.mail.mode === "smtp"
      ? { ok: false, message: `Could not connect to ${state.mail.smtpUrl}: connection refused. Is the server running, and is the port right?` }
      : { ok: true, message: `Test email delivered to the dev mailbox for ${to}.` },
  };

  const PREFIX = "plugin:latchkey|";
  async function invoke(command, args = {}) {
    const plugin = command.startsWith(PREFIX);
    const name = plugin ? command.slice(PREFIX.length) : command;
    state.calls.push([name, args]);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (command === "plugin:dialog|save") return options.savePath === undefined ? "/tmp/latchkey-my-data.json" : options.savePath;
    const run = plugin ? commands[name] : options.hostCommands?.[name];
    if (!run) throw `command ${command} not found`;
    return run(args);
  }

  return { invoke, listen, emit, state };
}
