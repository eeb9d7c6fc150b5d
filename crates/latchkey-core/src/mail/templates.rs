//! Message templates: every message has a plain-text and an HTML part, built from the
//! catalogue. The HTML is self-contained: inline styles only, no remote images, no links, no
//! tracking. Every interpolated value is HTML-escaped.

use std::time::Duration;

use crate::i18n::Locale;
use crate::mail::catalogue::{self, APP_NAME, count};
use crate::mail::outbox::MailPurpose;

/// What the account flows ask to send. Codes are passed as text, exactly as the person types them.
#[derive(Debug, Clone)]
pub enum Template<'a> {
    VerifyEmail {
        first_name: &'a str,
        code: &'a str,
        lifetime: Duration,
    },
    ResetPassword {
        first_name: &'a str,
        code: &'a str,
        lifetime: Duration,
    },
    PasswordChanged {
        first_name: &'a str,
    },
    /// The code of a change of email, sent to the new address.
    ChangeEmail {
        first_name: &'a str,
        code: &'a str,
        lifetime: Duration,
    },
    /// The notice to the old address once the change is done: names the new address's domain
    /// only.
    EmailChanged {
        first_name: &'a str,
        new_domain: &'a str,
    },
    RegistrationAttempt {
        first_name: &'a str,
    },
    /// Someone signed in with the right password to a locked account (issue 13).
    AccountLocked {
        first_name: &'a str,
        contact: &'a str,
    },
    Test,
    /// A code to sign in with instead of the password (issue 11).
    SignInCode {
        first_name: &'a str,
        code: &'a str,
        lifetime: Duration,
    },
    /// A code that confirms erasing the account (issue 12), for people who sign in by code.
    DeleteAccountCode {
        first_name: &'a str,
        code: &'a str,
        lifetime: Duration,
    },
}

/// A rendered message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// One paragraph of a message body.
enum Block {
    Para(String),
    Code(String),
    Muted(String),
}

impl Template<'_> {
    pub fn purpose(&self) -> MailPurpose {
        match self {
            Template::VerifyEmail { .. } => MailPurpose::VerifyEmail,
            Template::ResetPassword { .. } => MailPurpose::ResetPassword,
            Template::PasswordChanged { .. } => MailPurpose::PasswordChanged,
            Template::ChangeEmail { .. } => MailPurpose::ChangeEmail,
            Template::EmailChanged { .. } => MailPurpose::EmailChanged,
            Template::RegistrationAttempt { .. } => MailPurpose::RegistrationAttempt,
            Template::AccountLocked { .. } => MailPurpose::AccountLocked,
            Template::Test => MailPurpose::Test,
            Template::SignInCode { .. } => MailPurpose::SignIn,
            Template::DeleteAccountCode { .. } => MailPurpose::DeleteAccount,
        }
    }

    /// The message in `locale` (the recipient's language).
    pub fn render(&self, locale: Locale) -> Rendered {
        let fill = |id: &str, values: &[(&str, &str)]| catalogue::fill(locale, id, values);
        let mut blocks = Vec::new();
        let subject_id = match self {
            Template::VerifyEmail {
                first_name,
                code,
                lifetime,
            } => {
                blocks.push(greeting(locale, first_name));
                code_blocks(locale, &mut blocks, "verify_email.intro", code, *lifetime);
                blocks.push(Block::Para(fill("not_you_ignore", &[])));
                "verify_email.subject"
            }
            Template::ResetPassword {
                first_name,
                code,
                lifetime,
            } => {
                blocks.push(greeting(locale, first_name));
                code_blocks(locale, &mut blocks, "reset_password.intro", code, *lifetime);
                blocks.push(Block::Para(fill("not_you_ignore", &[])));
                "reset_password.subject"
            }
            Template::PasswordChanged { first_name } => {
                blocks.push(greeting(locale, first_name));
                blocks.push(Block::Para(fill("password_changed.intro", &[])));
                blocks.push(Block::Para(fill("not_you_contact", &[])));
                "password_changed.subject"
            }
            Template::ChangeEmail {
                first_name,
                code,
                lifetime,
            } => {
                blocks.push(greeting(locale, first_name));
                code_blocks(locale, &mut blocks, "change_email.intro", code, *lifetime);
                blocks.push(Block::Para(fill("not_you_ignore", &[])));
                "change_email.subject"
            }
            Template::EmailChanged { first_name, new_domain } => {
                blocks.push(greeting(locale, first_name));
                blocks.push(Block::Para(fill("email_changed.intro", &[("domain", new_domain)])));
                blocks.push(Block::Para(fill("not_you_contact", &[])));
                "email_changed.subject"
            }
            Template::RegistrationAttempt { first_name } => {
                blocks.push(greeting(locale, first_name));
                blocks.push(Block::Para(fill("registration_attempt.intro", &[])));
                blocks.push(Block::Para(fill("registration_attempt.forgot", &[])));
                blocks.push(Block::Para(fill("not_you_ignore", &[])));
                "registration_attempt.subject"
            }
            Template::SignInCode {
                first_name,
                code,
                lifetime,
            } => {
                blocks.push(greeting(locale, first_name));
                code_blocks(locale, &mut blocks, "sign_in.intro", code, *lifetime);
                blocks.push(Block::Para(fill("sign_in.not_you", &[])));
                "sign_in.subject"
            }
            Template::DeleteAccountCode {
                first_name,
                code,
                lifetime,
            } => {
                blocks.push(greeting(locale, first_name));
                code_blocks(locale, &mut blocks, "delete_account.intro", code, *lifetime);
                blocks.push(Block::Para(fill("delete_account.not_you", &[])));
                "delete_account.subject"
            }
            Template::AccountLocked { first_name, contact } => {
                blocks.push(greeting(locale, first_name));
                blocks.push(Block::Para(fill("account_locked.intro", &[])));
                if contact.is_empty() {
                    blocks.push(Block::Para(fill("account_locked.contact_admin", &[])));
                } else {
                    blocks.push(Block::Para(fill("account_locked.contact", &[("contact", contact)])));
                }
                "account_locked.subject"
            }
            Template::Test => {
                blocks.push(Block::Para(fill("greeting_anonymous", &[])));
                blocks.push(Block::Para(fill("test.intro", &[])));
                "test.subject"
            }
        };
        blocks.push(Block::Para(fill("signature", &[])));
        blocks.push(Block::Muted(fill("footer_automatic", &[])));
        let subject = fill(subject_id, &[]);
        let text = render_text(locale, &blocks);
        let html = render_html(locale, &subject, &blocks);
        Rendered { subject, text, html }
    }
}

fn greeting(locale: Locale, first_name: &str) -> Block {
    let fill = |id: &str, values: &[(&str, &str)]| catalogue::fill(locale, id, values);
    // One line, no control characters: the name is typed by whoever registered.
    let name: String = first_name.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim();
    if name.is_empty() {
        Block::Para(fill("greeting_anonymous", &[]))
    } else {
        Block::Para(fill("greeting", &[("first_name", name)]))
    }
}

fn code_blocks(locale: Locale, blocks: &mut Vec<Block>, intro_id: &str, code: &str, lifetime: Duration) {
    let fill = |id: &str, values: &[(&str, &str)]| catalogue::fill(locale, id, values);
    blocks.push(Block::Para(fill(intro_id, &[])));
    blocks.push(Block::Code(code.to_owned()));
    blocks.push(Block::Para(fill(
        "code_lifetime",
        &[("lifetime", &human_duration(locale, lifetime))],
    )));
    blocks.push(Block::Para(fill("code_copy_hint", &[])));
}

/// Splits a code into groups that are easy to read aloud and compare: 6 → 3+3, 8 → 4+4.
/// Codes that are short or already contain spaces are left alone.
pub fn code_groups(code: &str) -> Vec<&str> {
    let len = code.chars().count();
    if len < 6 || !code.is_ascii() || code.contains(char::is_whitespace) {
        return vec![code];
    }
    let size = if len.is_multiple_of(3) { 3 } else { 4 };
    code.as_bytes()
        .chunks(size)
        .map(|chunk| std::str::from_utf8(chunk).expect("ASCII splits on any byte"))
        .collect()
}

/// "15 minutes", "1 hour", "90 seconds" in `locale`, with its plural rules ("1 минуту", "2 минуты",
/// "5 минут").
pub fn human_duration(locale: Locale, d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 3600 && secs.is_multiple_of(3600) {
        count(locale, "duration.hours", secs / 3600)
    } else if secs >= 60 && secs.is_multiple_of(60) {
        count(locale, "duration.minutes", secs / 60)
    } else {
        count(locale, "duration.seconds", secs)
    }
}

fn render_text(locale: Locale, blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Para(p) | Block::Muted(p) => out.push_str(p),
            Block::Code(code) => {
                out.push_str(&catalogue::fill(locale, "code_label", &[]));
                out.push_str(":\n\n    ");
                out.push_str(&code_groups(code).join(" "));
            }
        }
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn render_html(locale: Locale, subject: &str, blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Para(p) => {
                body.push_str("<p style=\"margin:0 0 16px;font-size:16px;line-height:1.5;\">");
                body.push_str(&escape_html(p));
                body.push_str("</p>\n");
            }
            Block::Muted(p) => {
                body.push_str("<p style=\"margin:24px 0 0;font-size:12px;line-height:1.5;color:#71717a;\">");
                body.push_str(&escape_html(p));
                body.push_str("</p>\n");
            }
            Block::Code(code) => {
                // Groups are separate spans with a margin, not a space: copying the code
                // yields exactly what must be typed.
                body.push_str(&format!(
                    "<p style=\"margin:24px 0;text-align:center;\" aria-label=\"{}\">\
                     <span style=\"display:inline-block;padding:12px 20px;border-radius:8px;background:#f4f4f5;\
                     font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;\
                     font-size:32px;font-weight:700;letter-spacing:2px;color:#18181b;\">",
                    escape_html(&catalogue::fill(locale, "code_label", &[]))
                ));
                for (i, group) in code_groups(code).iter().enumerate() {
                    let gap = if i == 0 { "" } else { "margin-left:0.5em;" };
                    body.push_str(&format!("<span style=\"{gap}\">{}</span>", escape_html(group)));
                }
                body.push_str("</span></p>\n");
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:24px;background:#f4f4f5;color:#18181b;\
         font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\">\n\
         <div style=\"max-width:480px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px;\">\n\
         <p style=\"margin:0 0 24px;font-size:20px;font-weight:700;\">{app}</p>\n{body}</div>\n</body>\n</html>\n",
        lang = locale.as_str(),
        title = escape_html(subject),
        app = escape_html(APP_NAME),
    )
}

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &[
        "greeting",
        "greeting_anonymous",
        "signature",
        "footer_automatic",
        "not_you_ignore",
        "not_you_contact",
        "code_label",
        "code_lifetime",
        "code_copy_hint",
        "verify_email.subject",
        "verify_email.intro",
        "reset_password.subject",
        "reset_password.intro",
        "password_changed.subject",
        "password_changed.intro",
        "change_email.subject",
        "change_email.intro",
        "email_changed.subject",
        "email_changed.intro",
        "registration_attempt.subject",
        "registration_attempt.intro",
        "registration_attempt.forgot",
        "account_locked.subject",
        "account_locked.intro",
        "account_locked.contact",
        "account_locked.contact_admin",
        "test.subject",
        "test.intro",
        "sign_in.subject",
        "sign_in.intro",
        "sign_in.not_you",
        "duration.minutes",
        "duration.hours",
        "duration.seconds",
    ];

    fn all_templates() -> Vec<Template<'static>> {
        let lifetime = Duration::from_secs(15 * 60);
        vec![
            Template::VerifyEmail {
                first_name: "Ada",
                code: "123456",
                lifetime,
            },
            Template::ResetPassword {
                first_name: "Ada",
                code: "654321",
                lifetime,
            },
            Template::PasswordChanged { first_name: "Ada" },
            Template::ChangeEmail {
                first_name: "Ada",
                code: "123456",
                lifetime,
            },
            Template::EmailChanged {
                first_name: "Ada",
                new_domain: "example.org",
            },
            Template::RegistrationAttempt { first_name: "Ada" },
            Template::AccountLocked {
                first_name: "Ada",
                contact: "desk@example.org",
            },
            Template::AccountLocked {
                first_name: "Ada",
                contact: "",
            },
            Template::Test,
        ]
    }

    #[test]
    fn every_message_id_the_templates_use_is_in_the_catalogue() {
        for id in IDS {
            assert!(catalogue::has(id), "missing {id}");
        }
        for t in all_templates() {
            let r = t.render(Locale::english());
            for part in [&r.subject, &r.text, &r.html] {
                assert!(!part.contains("[missing text]"), "{part}");
                assert!(!part.contains('{'), "unfilled placeholder in {part}");
            }
        }
    }

    #[test]
    fn a_verification_email_shows_the_grouped_code_its_lifetime_and_the_not_you_line() {
        let r = Template::VerifyEmail {
            first_name: "Ada",
            code: "123456",
            lifetime: Duration::from_secs(900),
        }
        .render(Locale::english());
        assert_eq!(r.subject, "Your Latchkey verification code");
        assert!(r.text.contains("Hello Ada,"));
        assert!(r.text.contains("    123 456\n"), "{}", r.text);
        assert!(r.text.contains("15 minutes"));
        assert!(r.text.contains("If this wasn't you"));
        assert!(
            r.html
                .contains("<span style=\"\">123</span><span style=\"margin-left:0.5em;\">456</span>")
        );
        assert!(r.html.contains("monospace"));
        assert!(r.html.contains("15 minutes"));
    }

    #[test]
    fn interpolated_values_are_html_escaped() {
        let r = Template::VerifyEmail {
            first_name: "<script>alert('x')</script> & \"Bob\"",
            code: "<b>12",
            lifetime: Duration::from_secs(60),
        }
        .render(Locale::english());
        assert!(!r.html.contains("<script>"));
        assert!(!r.html.contains("<b>"));
        assert!(
            r.html
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Bob&quot;")
        );
        assert!(r.html.contains("&lt;b&gt;12"));
        assert!(
            r.text.contains("<script>alert('x')</script>"),
            "the text part stays literal"
        );
    }

    #[test]
    fn html_has_no_remote_content() {
        for t in all_templates() {
            let html = t.render(Locale::english()).html;
            for needle in ["http://", "https://", "<img", "src=", "url(", "<link", "<script"] {
                assert!(!html.contains(needle), "{needle} in {html}");
            }
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Locale::english(), Duration::from_secs(60)), "1 minute");
        assert_eq!(
            human_duration(Locale::english(), Duration::from_secs(600)),
            "10 minutes"
        );
        assert_eq!(human_duration(Locale::english(), Duration::from_secs(3600)), "1 hour");
        assert_eq!(human_duration(Locale::english(), Duration::from_secs(7200)), "2 hours");
        assert_eq!(human_duration(Locale::english(), Duration::from_secs(90)), "90 seconds");
    }

    #[test]
    fn codes_are_grouped_for_reading() {
        assert_eq!(code_groups("123456"), ["123", "456"]);
        assert_eq!(code_groups("12345678"), ["1234", "5678"]);
        assert_eq!(code_groups("1234"), ["1234"]);
        assert_eq!(code_groups("123 456"), ["123 456"]);
    }

    #[test]
    fn a_name_with_line_breaks_stays_on_one_line() {
        let r = Template::PasswordChanged {
            first_name: "Ada\r\nBcc: x",
        }
        .render(Locale::english());
        assert!(r.text.starts_with("Hello AdaBcc: x,"));
    }

    #[test]
    fn a_russian_verification_email_says_its_lifetime_with_the_right_plural() {
        let ru = Locale::parse("ru").unwrap();
        let render = |secs| {
            Template::VerifyEmail {
                first_name: "Анна",
                code: "123456",
                lifetime: Duration::from_secs(secs),
            }
            .render(ru)
        };
        let r = render(600);
        assert_eq!(r.subject, "Ваш код подтверждения Latchkey");
        assert!(r.text.starts_with("Здравствуйте, Анна!"), "{}", r.text);
        assert!(r.text.contains("Код действует 10 минут с момента"), "{}", r.text);
        assert!(r.html.contains("<html lang=\"ru\">"));
        assert!(r.html.contains("Код действует 10 минут"));
        assert!(render(60).text.contains("Код действует 1 минуту "));
        assert!(render(120).text.contains("Код действует 2 минуты "));
        assert!(render(300).text.contains("Код действует 5 минут "));
        assert!(render(1320).text.contains("Код действует 22 минуты "));
        assert!(render(7200).text.contains("Код действует 2 часа "));
    }

    #[test]
    fn every_template_renders_in_every_language_without_missing_text() {
        for locale in Locale::available() {
            for t in all_templates() {
                let r = t.render(locale);
                for part in [&r.subject, &r.text, &r.html] {
                    assert!(!part.contains("[missing text]"), "{locale}: {part}");
                }
            }
        }
    }
}
