//! Every sentence an email can contain, keyed by a stable message id, so the wording can be
//! translated without touching the templates. Placeholders are `{name}`; values are
//! substituted (and, for HTML, escaped) by the templates, never by the catalogue.

/// The app name as it appears in emails.
pub const APP_NAME: &str = "Latchkey";

/// English, the reference language. A translation is another table with the same ids.
const ENGLISH: &[(&str, &str)] = &[
    ("greeting", "Hello {first_name},"),
    ("greeting_anonymous", "Hello,"),
    ("signature", "— {app}"),
    (
        "footer_automatic",
        "This email was sent automatically by {app}. Replies are not read.",
    ),
    (
        "not_you_ignore",
        "If this wasn't you, you can safely ignore this email: nothing will change.",
    ),
    (
        "not_you_contact",
        "If this wasn't you, someone may know your password: contact the person who looks after your {app} installation.",
    ),
    ("code_label", "Your code"),
    (
        "code_lifetime",
        "The code is valid for {lifetime} from when this email was sent.",
    ),
    (
        "code_copy_hint",
        "Type it in {app} where you were asked for it. Never share it with anyone.",
    ),
    ("verify_email.subject", "Your {app} verification code"),
    (
        "verify_email.intro",
        "Use this code to confirm your email address for {app}:",
    ),
    ("reset_password.subject", "Your {app} password reset code"),
    (
        "reset_password.intro",
        "Someone asked to reset the password of your {app} account. Use this code to choose a new one:",
    ),
    ("password_changed.subject", "Your {app} password was changed"),
    (
        "password_changed.intro",
        "The password of your {app} account was just changed, and every other session was signed out.",
    ),
    (
        "registration_attempt.subject",
        "Someone tried to register with your address",
    ),
    (
        "registration_attempt.intro",
        "Someone tried to create a new {app} account with this email address, which already has an account. No new account was created.",
    ),
    (
        "registration_attempt.forgot",
        "If it was you and you forgot your password, use \"Forgot password\" on the sign-in screen.",
    ),
    ("test.subject", "{app} test email"),
    (
        "test.intro",
        "This is a test email from {app}. Your mail settings work.",
    ),
    ("duration.minute", "1 minute"),
    ("duration.minutes", "{n} minutes"),
    ("duration.hour", "1 hour"),
    ("duration.hours", "{n} hours"),
    ("duration.seconds", "{n} seconds"),
];

/// The English text of `id`. Unknown ids come back as the id itself, so a missing entry shows
/// up in the message instead of panicking while a code is being sent (a test checks that
/// every id the templates use exists).
pub fn text(id: &str) -> &'static str {
    lookup(ENGLISH, id).unwrap_or_else(|| {
        tracing::error!(id, "message id missing from the mail catalogue");
        "[missing text]"
    })
}

fn lookup(table: &'static [(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    table.iter().find(|(key, _)| *key == id).map(|(_, value)| *value)
}

/// `text(id)` with `{name}` placeholders replaced by the given values in one pass (a value is
/// never itself searched for placeholders). Not escaped: the caller escapes for HTML. `{app}`
/// is always available; an unknown placeholder is left as written.
pub fn fill(id: &str, values: &[(&str, &str)]) -> String {
    let template = text(id);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                let value = if name == "app" {
                    Some(APP_NAME)
                } else {
                    values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
                };
                match value {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
pub(crate) fn has(id: &str) -> bool {
    lookup(ENGLISH, id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = ENGLISH.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
    }

    #[test]
    fn fill_replaces_named_placeholders_and_the_app_name() {
        assert_eq!(fill("greeting", &[("first_name", "Ada")]), "Hello Ada,");
        assert_eq!(fill("verify_email.subject", &[]), "Your Latchkey verification code");
        assert_eq!(
            fill("greeting", &[("first_name", "{app} {first_name}")]),
            "Hello {app} {first_name},"
        );
    }
}
