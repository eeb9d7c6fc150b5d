// Client-side checks that save a round trip. The backend stays the authority: these only catch
// what is certainly wrong (empty, no "@", passwords that differ) and never replace its checks.
import { t } from "./i18n.js";

/**
 * A pasted or typed code with the separators people add removed: "123 456", "123-456",
 * " 123456\n" all become "123456". Other characters are kept so the backend can reject them.
 */
export function normalizeCode(raw) {
  return String(raw ?? "").replace(/[\s\-\u2010-\u2015\u2212._·]/g, "");
}

/** A loose shape check: something@something, no spaces. The backend does the real parsing. */
export function looksLikeEmail(value) {
  return /^[^\s@]+@[^\s@]+$/.test(String(value ?? "").trim());
}

const blank = (value) => String(value ?? "").trim() === "";

/**
 * @param {Record<string, string>} values
 * @param {Array<[string, string]>} required  pairs of [field, label key]; the catalogue's
 *   validation-required message has a sentence per field name
 * @returns {Record<string, string>} field -> message
 */
function requireFields(values, required) {
  const errors = {};
  for (const [field, labelKey] of required) {
    if (blank(values[field])) {
      errors[field] = field === "code" ? t("validation.requiredCode") : t("validation.required", { field });
    }
  }
  return errors;
}

/** @returns {Record<string, string>} */
export function validateSignIn(values) {
  const errors = requireFields(values, [["identifier", "signIn.identifier"]]);
  if (String(values.password ?? "") === "") Object.assign(errors, requireFields(values, [["password", "signIn.password"]]));
  return errors;
}

/**
 * Only what must never reach the backend is caught here: empty fields and a confirmation that
 * does not match. Formats (email, phone, username) and password rules are the backend's, which
 * reports every bad field at once, so the person sees all problems together.
 */
export function validateRegister(values) {
  const errors = requireFields(values, [
    ["firstName", "register.firstName"],
    ["lastName", "register.lastName"],
    ["email", "register.email"],
    ["username", "register.username"],
  ]);
  if (String(values.password ?? "") === "") errors.password = t("validation.required", { field: "password" });
  if (String(values.password ?? "") !== String(values.confirmPassword ?? "")) errors.confirmPassword = t("validation.mismatch");
  return errors;
}

export function validateVerify(values) {
  return blank(normalizeCode(values.code)) ? { code: t("validation.requiredCode") } : {};
}

export function validateForgot(values) {
  return requireFields(values, [["identifier", "forgot.identifier"]]);
}

export function validateReset(values) {
  const errors = validateVerify(values);
  if (String(values.newPassword ?? "") === "") errors.newPassword = t("validation.required", { field: "newPassword" });
  if (String(values.newPassword ?? "") !== String(values.confirmPassword ?? "")) errors.confirmPassword = t("validation.mismatch");
  return errors;
}

/** The registration form as the backend wants it: trimmed, and without confirmPassword. */
export function registrationPayload(values) {
  return {
    firstName: String(values.firstName ?? "").trim(),
    lastName: String(values.lastName ?? "").trim(),
    email: String(values.email ?? "").trim(),
    phone: String(values.phone ?? "").trim(),
    username: String(values.username ?? "").trim(),
    password: String(values.password ?? ""),
  };
}

/**
 * The one-time code in a message's text part: the first line that is only a 6–10 digit code
 * (possibly grouped with spaces or dashes), else the first 6–10 digit run anywhere.
 */
export function extractCode(text) {
  const lines = String(text ?? "").split(/\r?\n/);
  for (const line of lines) {
    const compact = normalizeCode(line);
    if (/^\d{6,10}$/.test(compact)) return compact;
  }
  const match = String(text ?? "").match(/(?<!\d)\d{6,10}(?!\d)/);
  return match ? match[0] : null;
}

/** Edit profile: empty fields only; formats, and a taken username or phone, are the backend's. */
export function validateProfile(values) {
  return requireFields(values, [
    ["firstName", "register.firstName"],
    ["lastName", "register.lastName"],
    ["username", "register.username"],
    ["phone", "register.phone"],
  ]);
}

/** Change password: the current one, a new one, and a confirmation that matches (never sent). */
export function validateChangePassword(values) {
  const errors = {};
  if (String(values.password ?? "") === "") errors.password = t("validation.required", { field: "password" });
  if (String(values.newPassword ?? "") === "") errors.newPassword = t("validation.required", { field: "newPassword" });
  if (String(values.newPassword ?? "") !== String(values.confirmPassword ?? "")) errors.confirmPassword = t("validation.mismatch");
  return errors;
}

/** Delete account: the password, and the username typed again (any case, as the backend checks). */
export function validateDeleteAccount(values, username, { byCode = false } = {}) {
  const errors = {};
  if (byCode) {
    if (normalizeCode(values.code) === "") errors.code = t("validation.requiredCode");
  } else if (String(values.password ?? "") === "") errors.password = t("validation.required", { field: "password" });
  if (String(values.confirmUsername ?? "").trim().toLowerCase() !== String(username ?? "").toLowerCase()) {
    errors.confirmUsername = t("account.usernameMismatch");
  }
  return errors;
}

/** Change email: the new address and the current password (the address's format is the backend's). */
export function validateChangeEmail(values) {
  return requireFields(values, [
    ["email", "changeEmail.newEmail"],
    ["password", "account.currentPassword"],
  ]);
}
