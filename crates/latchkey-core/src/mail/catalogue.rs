//! Every sentence an email can contain, keyed by a stable message id, looked up in the Fluent
//! catalogues (`locales/<tag>.ftl`, messages `mail-*`) in the recipient's language. Values are
//! substituted (and, for HTML, escaped) by the templates, never by the catalogue.

use fluent_bundle::FluentValue;

use crate::i18n::{self, Locale};

/// The app name as it appears in emails (the catalogues' `-app` term).
pub const APP_NAME: &str = "Latchkey";

/// The catalogue's message for a template id: `verify_email.subject` → `mail-verify_email-subject`.
fn message_id(id: &str) -> String {
    format!("mail-{}", id.replace('.', "-"))
}

/// `id` in `locale` with string `values` for its variables. An unknown id comes back as
/// `[missing text]` (logged) instead of panicking while a code is being sent.
pub fn fill(locale: Locale, id: &str, values: &[(&str, &str)]) -> String {
    let args: Vec<(&str, FluentValue<'_>)> = values.iter().map(|(n, v)| (*n, FluentValue::from(*v))).collect();
    i18n::message(locale, &message_id(id), &args)
}

/// `id` in `locale` with the number `n` (`$n`), so the catalogue picks the plural form.
pub fn count(locale: Locale, id: &str, n: u64) -> String {
    i18n::message(locale, &message_id(id), &[("n", FluentValue::from(n))])
}

#[cfg(test)]
pub(crate) fn has(id: &str) -> bool {
    i18n::has(Locale::english(), &message_id(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_placeholders_and_the_app_name() {
        let en = Locale::english();
        assert_eq!(fill(en, "greeting", &[("first_name", "Ada")]), "Hello Ada,");
        assert_eq!(fill(en, "verify_email.subject", &[]), "Your Latchkey verification code");
        assert_eq!(
            fill(en, "greeting", &[("first_name", "{app} { $first_name }")]),
            "Hello {app} { $first_name },"
        );
    }
}
