//! Sign in with a code instead of the password (issue 11), and the identifiers sign-in takes:
//! email, username, or phone number.
//!
//! Asking for a code answers like a password reset: the same answer, after the same steps,
//! whether or not the identifier has an account, and whether or not the channel may be used
//! (email only once verified, text only once the phone is verified). A request tracker (a
//! stand-in code of the identifier as typed) carries the answer, the cooldowns and the tries;
//! the real code is issued after answering, within the account's own limits. Typing the code
//! counts against the same throttle as passwords.

use std::time::Duration;

use crate::accounts::{Latchkey, SignedIn};
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::code_errors::ResendCodeError;
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeStatus};
use crate::domain::{CodeInput, FieldError, Identifier, Phone, field};
use crate::error::{ErrorCode, InternalError};
use crate::ids::AccountId;
use crate::store::{self, Conn, accounts::AccountRecord};
use crate::throttle::{Throttle, ThrottleKey};

/// How a sign-in code travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CodeChannel {
    Email,
    Sms,
}

impl CodeChannel {
    /// `email` or `sms`; anything else is refused with `ChannelUnknown` on field `channel`.
    pub fn parse(input: &str) -> Result<CodeChannel, FieldError> {
        match input {
            "email" => Ok(CodeChannel::Email),
            "sms" => Ok(CodeChannel::Sms),
            _ => Err(FieldError::new(
                "channel",
                ErrorCode::ChannelUnknown,
                "Choose email or text message.",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CodeChannel::Email => "email",
            CodeChannel::Sms => "sms",
        }
    }
}

/// What a person signs in with: email, username or phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInIdentifier {
    Known(Identifier),
    Phone { phone: Phone, typed: String, key: String },
}

impl SignInIdentifier {
    /// Unique among all identifiers (phones: `phone:+<digits>`).
    pub fn key(&self) -> &str {
        match self {
            SignInIdentifier::Known(identifier) => identifier.key(),
            SignInIdentifier::Phone { key, .. } => key,
        }
    }

    /// As typed (trimmed).
    pub fn as_str(&self) -> &str {
        match self {
            SignInIdentifier::Known(identifier) => identifier.as_str(),
            SignInIdentifier::Phone { typed, .. } => typed,
        }
    }
}

/// Whether `input` reads as a phone number: `+` first, or only digits and phone punctuation
/// with something a username cannot hold (a space or a parenthesis). Plain digits are a
/// username unless no account has that username (see [`Latchkey::find_sign_in_account`]).
fn looks_like_phone(input: &str) -> bool {
    let phone_chars = input
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'));
    phone_chars && (input.starts_with('+') || input.contains([' ', '(', ')']))
}

/// The answer to a sign-in code request; the same shape whatever the identifier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SignInCodeRequested {
    /// The identifier as typed.
    pub sent_to: String,
    pub channel: CodeChannel,
    pub code_status: CodeStatus,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInWithCodeError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("too many failed attempts; try again in {} s", retry_after.as_secs())]
    Throttled { retry_after: Duration },
    #[error("wrong code; {attempts_left} tries left")]
    CodeInvalid { attempts_left: u32 },
    #[error("the code has expired; ask for a new one")]
    CodeExpired,
    #[error("too many wrong tries; ask for a new code")]
    CodeExhausted,
    #[error("there is no code waiting; ask for a new one")]
    CodeNotFound,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl SignInWithCodeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SignInWithCodeError::InvalidInput(_) => ErrorCode::InvalidInput,
            SignInWithCodeError::Throttled { .. } => ErrorCode::LoginThrottled,
            SignInWithCodeError::CodeInvalid { .. } => ErrorCode::CodeInvalid,
            SignInWithCodeError::CodeExpired => ErrorCode::CodeExpired,
            SignInWithCodeError::CodeExhausted => ErrorCode::CodeExhausted,
            SignInWithCodeError::CodeNotFound => ErrorCode::CodeNotFound,
            SignInWithCodeError::Internal(e) => e.code(),
        }
    }
}

impl From<CodeRejection> for SignInWithCodeError {
    fn from(rejection: CodeRejection) -> SignInWithCodeError {
        match rejection {
            CodeRejection::NotFound => SignInWithCodeError::CodeNotFound,
            CodeRejection::Expired => SignInWithCodeError::CodeExpired,
            CodeRejection::Exhausted => SignInWithCodeError::CodeExhausted,
            CodeRejection::Invalid { attempts_left } => SignInWithCodeError::CodeInvalid { attempts_left },
        }
    }
}

impl From<sqlx::Error> for SignInWithCodeError {
    fn from(e: sqlx::Error) -> SignInWithCodeError {
        SignInWithCodeError::Internal(e.into())
    }
}

impl Latchkey {
    /// Parses an email, username or phone number (phones in this installation's default
    /// region when typed without `+`). Errors name field `identifier`.
    pub fn parse_sign_in_identifier(&self, input: &str) -> Result<SignInIdentifier, FieldError> {
        let trimmed = input.trim();
        if looks_like_phone(trimmed) {
            return match Phone::parse(trimmed, self.config.region()) {
                Ok(phone) => Ok(SignInIdentifier::Phone {
                    key: format!("phone:{}", phone.as_str()),
                    phone,
                    typed: trimmed.to_owned(),
                }),
                Err(mut e) => {
                    e.field = field::IDENTIFIER;
                    Err(e)
                }
            };
        }
        Identifier::parse(input).map(SignInIdentifier::Known)
    }

    /// The account `identifier` names, if any. A username of digits only that no account has
    /// is tried as a national phone number.
    pub(crate) async fn find_sign_in_account(
        &self,
        conn: &mut Conn,
        identifier: &SignInIdentifier,
    ) -> Result<Option<AccountRecord>, store::Error> {
        match identifier {
            SignInIdentifier::Phone { phone, .. } => store::accounts::find_by_phone(conn, phone).await,
            SignInIdentifier::Known(known) => {
                let found = store::accounts::find_by_identifier(conn, known).await?;
                if found.is_some() || !matches!(known, Identifier::Username(_)) {
                    return Ok(found);
                }
                let typed = known.as_str();
                if !typed.bytes().all(|b| b.is_ascii_digit()) {
                    return Ok(None);
                }
                match Phone::parse(typed, self.config.region()) {
                    Ok(phone) => store::accounts::find_by_phone(conn, &phone).await,
                    Err(_) => Ok(None),
                }
            }
        }
    }

    /// A sign-in code's status as seen through the identifier as typed (its request tracker).
    pub(crate) async fn sign_in_code_status(
        &self,
        conn: &mut Conn,
        identifier: &SignInIdentifier,
        now: Timestamp,
    ) -> Result<CodeStatus, store::Error> {
        let tracker = self.identifier_key(identifier.key());
        self.code_status_at(
            conn,
            CodeOwner::Decoy(&tracker),
            CodePurpose::SignIn,
            identifier.as_str(),
            now,
        )
        .await
    }

    /// "Email me a code" / "Text me a code": sends a sign-in code to the account `identifier`
    /// (email, username or phone) names, by `channel`, if the account's address (email) or
    /// phone (sms) is verified. The answer is the same, after the same steps, in every case.
    ///
    /// Errors: `InvalidInput` (fields `identifier`, `channel`), `ResendCooldown`.
    pub async fn request_sign_in_code(
        &self,
        identifier: &str,
        channel: &str,
    ) -> Result<SignInCodeRequested, ResendCodeError> {
        let mut errors = Vec::new();
        let identifier = self
            .parse_sign_in_identifier(identifier)
            .map_err(|e| errors.push(e))
            .ok();
        let channel = CodeChannel::parse(channel).map_err(|e| errors.push(e)).ok();
        let (Some(identifier), Some(channel)) = (identifier, channel) else {
            return Err(ResendCodeError::InvalidInput(errors));
        };
        let now = self.now();
        let mut work = self.write().await?;
        let account = self.find_sign_in_account(work.conn().await?, &identifier).await?;
        let tracker_key = self.identifier_key(identifier.key());
        let tracker = CodeOwner::Decoy(&tracker_key);
        if let Err(retry_after) = self
            .resend_allowed_at(work.conn().await?, tracker, CodePurpose::SignIn, now)
            .await?
        {
            let code_status = self.sign_in_code_status(work.conn().await?, &identifier, now).await?;
            return Err(ResendCodeError::ResendCooldown {
                retry_after,
                code_status,
            });
        }
        self.issue_decoy(&mut work, &tracker_key, CodePurpose::SignIn, None, now)
            .await?;
        let account_id = account.as_ref().map(AccountRecord::id);
        let detail = serde_json::json!({ "channel": channel.as_str() });
        work.record(now, account_id, AuditKind::SignInCodeRequested, detail)
            .await?;
        let code_status = self.sign_in_code_status(work.conn().await?, &identifier, now).await?;
        work.commit().await?;
        // After answering, alike for all: nothing happens for an unknown identifier or a
        // channel that is not verified.
        let guard = self.after_answer.clone().read_owned().await;
        let latchkey = self.clone();
        tokio::spawn(async move {
            if let Some(account) = account_id
                && let Err(e) = latchkey.issue_sign_in_code(account, channel, now).await
            {
                tracing::error!(error = %e, account = account.0, "could not issue a requested sign-in code");
            }
            drop(guard);
        });
        Ok(SignInCodeRequested {
            sent_to: identifier.as_str().to_owned(),
            channel,
            code_status,
        })
    }

    async fn issue_sign_in_code(
        &self,
        account: AccountId,
        channel: CodeChannel,
        now: Timestamp,
    ) -> Result<(), store::Error> {
        let mut work = self.write().await?;
        let Some(account) = store::accounts::find_by_id(work.conn().await?, account).await? else {
            return Ok(());
        };
        // A locked account gets no code to sign in with; its owner is told it is locked (at most
        // hourly), as a sign-in with its password would.
        if store::locks::active(work.conn().await?, account.id(), now)
            .await?
            .is_some()
        {
            self.refuse_as_locked(&mut work, &account, now).await?;
            return work.commit().await;
        }
        let owner = CodeOwner::Account(account.id());
        if self
            .resend_allowed_at(work.conn().await?, owner, CodePurpose::SignIn, now)
            .await?
            .is_err()
        {
            return Ok(());
        }
        match channel {
            CodeChannel::Email if account.is_verified() => {
                self.issue_code(&mut work, &account, CodePurpose::SignIn, now).await?;
            }
            CodeChannel::Sms if self.phone_verified(work.conn().await?, &account).await? => {
                let phone = account.phone_e164.clone();
                self.issue_sms_code(&mut work, &account, CodePurpose::SignIn, &phone, now)
                    .await?;
            }
            _ => return Ok(()),
        }
        work.commit().await
    }

    /// Signs in with a code asked for with [`Latchkey::request_sign_in_code`], starting a session
    /// labelled `device_label`. Every try counts against the login throttle of the identifier
    /// as typed and of the account, as a password would.
    ///
    /// Errors: `InvalidInput` (fields `identifier`, `code`), `Throttled`, then the code errors
    /// (the same for unknown identifiers).
    pub async fn sign_in_with_code(
        &self,
        identifier: &str,
        code: &str,
        device_label: &str,
    ) -> Result<SignedIn, SignInWithCodeError> {
        let mut errors = Vec::new();
        let identifier = self
            .parse_sign_in_identifier(identifier)
            .map_err(|e| errors.push(e))
            .ok();
        let code = CodeInput::parse(code, self.config.code_length)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(identifier), Some(code)) = (identifier, code) else {
            return Err(SignInWithCodeError::InvalidInput(errors));
        };
        let mut conn = self.db.read().await?;
        let account = self.find_sign_in_account(&mut conn, &identifier).await?;
        drop(conn);
        let typed_key = self.identifier_key(identifier.key());
        let throttle = Throttle {
            key: ThrottleKey::Identifier(typed_key.clone()),
        };
        let budget = Throttle {
            key: match &account {
                Some(account) => ThrottleKey::Account(account.id()),
                None => ThrottleKey::NoAccount(typed_key.clone()),
            },
        };
        let budget_blocked = match self.reserve_sign_in(&throttle, &budget).await? {
            Ok(reserved) => reserved.budget_blocked,
            Err(retry_after) => return Err(SignInWithCodeError::Throttled { retry_after }),
        };

        let now = self.now();
        let mut work = self.write().await?;
        let account = self.find_sign_in_account(work.conn().await?, &identifier).await?;
        let checked = self
            .check_tracked_code(
                work.conn().await?,
                &typed_key,
                account.as_ref().map(AccountRecord::id),
                CodePurpose::SignIn,
                &code,
                now,
            )
            .await?;
        let account = match (checked, account) {
            (Ok(()), Some(account)) => account,
            (outcome, account) => {
                let rejection = outcome.err().unwrap_or(CodeRejection::NotFound);
                if matches!(rejection, CodeRejection::Invalid { .. }) {
                    let detail = serde_json::json!({ "purpose": "sign_in" });
                    work.record(
                        now,
                        account.as_ref().map(AccountRecord::id),
                        AuditKind::CodeFailed,
                        detail,
                    )
                    .await?;
                }
                work.commit().await?;
                return Err(rejection.into());
            }
        };
        // A code sent before the account was locked opens nothing: answered like a code that is
        // no longer there (it is used up), the owner told as for a password.
        if store::locks::active(work.conn().await?, account.id(), now)
            .await?
            .is_some()
        {
            self.refuse_as_locked(&mut work, &account, now).await?;
            work.commit().await?;
            return Err(SignInWithCodeError::CodeNotFound);
        }
        if let Some(retry_after) = budget_blocked {
            // The code was right but the account's budget is spent: the code is used up.
            work.commit().await?;
            return Err(SignInWithCodeError::Throttled { retry_after });
        }
        Throttle::clear_both(&mut work, &throttle, &budget);
        let (session_id, token) = self.create_session(&mut work, account.id(), device_label, now).await?;
        let detail = serde_json::json!({ "via": "code" });
        work.record(now, Some(account.id()), AuditKind::LoginSucceeded, detail)
            .await?;
        work.commit().await?;
        Ok(SignedIn {
            account: account.view(),
            session_id,
            token,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_told_from_usernames() {
        assert!(looks_like_phone("+1 415 555 2671"));
        assert!(looks_like_phone("(415) 555-2671"));
        assert!(!looks_like_phone("4155552671"));
        assert!(!looks_like_phone("ada.l"));
        assert!(!looks_like_phone("ada@example.com"));
    }
}
