// String catalogue. English is the default; add a language by adding a table with the same keys.
const catalogues = {
  en: {
    "app.name": "Latchkey",
    "signIn.title": "Sign in",
    "signIn.subtitle": "Welcome back. Sign in to your local Latchkey account.",
    "signIn.identifier": "Email or username",
    "signIn.password": "Password",
    "signIn.remember": "Remember me",
    "signIn.submit": "Sign in",
    "signIn.createAccount": "Create account",
    "signIn.forgot": "Forgot password?",
    "status.version": "Latchkey {version}",
    "status.database": "Database: {path} (schema v{schema}, {journal}, {accounts} accounts)",
    "status.databaseNew": "new database created",
    "status.unavailable": "Backend unavailable: {message}",
  },
};

let current = "en";

export function setLanguage(lang) {
  if (!catalogues[lang]) throw new Error(`no catalogue for ${lang}`);
  current = lang;
}

/** Looks up `key`, filling `{name}` placeholders from `params`. Unknown keys show as the key. */
export function t(key, params = {}) {
  const template = catalogues[current][key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export const languages = () => Object.keys(catalogues);
