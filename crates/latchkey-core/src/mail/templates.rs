//! Message templates: every message has a plain-text and an HTML part.

use std::time::Duration;

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
    RegistrationAttempt {
        first_name: &'a str,
    },
    Test,
}

/// A rendered message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Template<'_> {
    pub fn purpose(&self) -> MailPurpose {
        match self {
            Template::VerifyEmail { .. } => MailPurpose::VerifyEmail,
            Template::ResetPassword { .. } => MailPurpose::ResetPassword,
            Template::PasswordChanged { .. } => MailPurpose::PasswordChanged,
            Template::RegistrationAttempt { .. } => MailPurpose::RegistrationAttempt,
            Template::Test => MailPurpose::Test,
        }
    }

    // Placeholder wording until the catalogue-driven templates land (mail issue).
    pub fn render(&self) -> Rendered {
        let (subject, text) = match self {
            Template::VerifyEmail {
                first_name,
                code,
                lifetime,
            } => (
                "Your Latchkey verification code".to_owned(),
                format!(
                    "Hello {first_name},\n\nYour code: {code}\nIt is valid for {} minutes.",
                    lifetime.as_secs() / 60
                ),
            ),
            Template::ResetPassword {
                first_name,
                code,
                lifetime,
            } => (
                "Your Latchkey password reset code".to_owned(),
                format!(
                    "Hello {first_name},\n\nYour code: {code}\nIt is valid for {} minutes.",
                    lifetime.as_secs() / 60
                ),
            ),
            Template::PasswordChanged { first_name } => (
                "Your Latchkey password was changed".to_owned(),
                format!("Hello {first_name},\n\nYour password was changed."),
            ),
            Template::RegistrationAttempt { first_name } => (
                "Someone tried to register with your address".to_owned(),
                format!(
                    "Hello {first_name},\n\nSomeone tried to create a Latchkey account with your address."
                ),
            ),
            Template::Test => (
                "Latchkey test email".to_owned(),
                "This is a test.".to_owned(),
            ),
        };
        let html = format!(
            "<pre>{}</pre>",
            text.replace('&', "&amp;").replace('<', "&lt;")
        );
        Rendered {
            subject,
            text,
            html,
        }
    }
}
