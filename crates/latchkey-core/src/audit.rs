//! Security events: written to `audit_events` inside the transaction that caused them, and
//! published on an in-process stream once that transaction has committed (an event is never
//! announced for something that was rolled back). Events never carry a secret.

use serde::Serialize;
use tokio::sync::broadcast;

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::{self, Conn};

/// How many events a slow subscriber may lag behind before it misses some.
pub const EVENT_BUFFER: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Registered,
    /// Someone registered with an address or phone that already has an account.
    RegistrationAttempted,
    CodeSent,
    CodeFailed,
    EmailVerified,
    LoginSucceeded,
    LoginFailed,
    LoggedOut,
    PasswordResetRequested,
    PasswordChanged,
    SessionsRevoked,
    ProfileUpdated,
    PictureChanged,
    PictureRemoved,
    /// A code was sent to a new address (detail: that address's domain).
    EmailChangeRequested,
    /// The account's address changed (detail: the old and new domains).
    EmailChanged,
    DataExported,
    /// Kept without an account: nothing says whose account it was.
    AccountDeleted,
    /// The phone number was confirmed with a code sent to it (issue 11).
    PhoneVerified,
    /// A sign-in code was asked for (detail: the channel).
    SignInCodeRequested,
    AccountLocked,
    AccountUnlocked,
    RolesChanged,
    InviteCreated,
    InviteRevoked,
    InviteRedeemed,
    SignInDelayCleared,
    AdminCreated,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Registered => "registered",
            AuditKind::RegistrationAttempted => "registration_attempted",
            AuditKind::CodeSent => "code_sent",
            AuditKind::CodeFailed => "code_failed",
            AuditKind::EmailVerified => "email_verified",
            AuditKind::LoginSucceeded => "login_succeeded",
            AuditKind::LoginFailed => "login_failed",
            AuditKind::LoggedOut => "logged_out",
            AuditKind::PasswordResetRequested => "password_reset_requested",
            AuditKind::PasswordChanged => "password_changed",
            AuditKind::SessionsRevoked => "sessions_revoked",
            AuditKind::ProfileUpdated => "profile_updated",
            AuditKind::PictureChanged => "picture_changed",
            AuditKind::PictureRemoved => "picture_removed",
            AuditKind::EmailChangeRequested => "email_change_requested",
            AuditKind::EmailChanged => "email_changed",
            AuditKind::DataExported => "data_exported",
            AuditKind::AccountDeleted => "account_deleted",
            AuditKind::PhoneVerified => "phone_verified",
            AuditKind::SignInCodeRequested => "sign_in_code_requested",
            AuditKind::AccountLocked => "account_locked",
            AuditKind::AccountUnlocked => "account_unlocked",
            AuditKind::RolesChanged => "roles_changed",
            AuditKind::InviteCreated => "invite_created",
            AuditKind::InviteRevoked => "invite_revoked",
            AuditKind::InviteRedeemed => "invite_redeemed",
            AuditKind::SignInDelayCleared => "sign_in_delay_cleared",
            AuditKind::AdminCreated => "admin_created",
        }
    }
}

impl AuditKind {
    /// A short sentence for the activity screen.
    pub fn summary(self) -> &'static str {
        match self {
            AuditKind::Registered => "Account created",
            AuditKind::RegistrationAttempted => "Someone tried to register with your email address or phone",
            AuditKind::CodeSent => "A code was emailed to you",
            AuditKind::CodeFailed => "A wrong code was entered",
            AuditKind::EmailVerified => "Email address verified",
            AuditKind::LoginSucceeded => "Signed in",
            AuditKind::LoginFailed => "Failed sign-in attempt",
            AuditKind::LoggedOut => "Signed out",
            AuditKind::PasswordResetRequested => "Password reset requested",
            AuditKind::PasswordChanged => "Password changed",
            AuditKind::SessionsRevoked => "Sessions ended",
            AuditKind::ProfileUpdated => "Profile changed",
            AuditKind::PictureChanged => "Profile picture changed",
            AuditKind::PictureRemoved => "Profile picture removed",
            AuditKind::EmailChangeRequested => "A code was sent to confirm a new email address",
            AuditKind::EmailChanged => "Email address changed",
            AuditKind::DataExported => "Your data was exported",
            AuditKind::AccountDeleted => "Account deleted",
            AuditKind::PhoneVerified => "Phone number verified",
            AuditKind::SignInCodeRequested => "A sign-in code was requested",
            AuditKind::AccountLocked => "Account locked by an administrator",
            AuditKind::AccountUnlocked => "Account unlocked",
            AuditKind::RolesChanged => "Roles changed",
            AuditKind::InviteCreated => "Invite created",
            AuditKind::InviteRevoked => "Invite revoked",
            AuditKind::InviteRedeemed => "Invite code entered",
            AuditKind::SignInDelayCleared => "Sign-in delay cleared by an administrator",
            AuditKind::AdminCreated => "Administrator account created",
        }
    }
}

/// One recorded event. `detail` is non-secret context (a purpose, a reason, a count).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    pub id: i64,
    pub at: Timestamp,
    pub account_id: Option<AccountId>,
    pub kind: AuditKind,
    pub detail: serde_json::Value,
}

/// Events recorded in a transaction, to publish after it commits.
#[derive(Debug, Default)]
#[must_use = "publish the events once the transaction has committed"]
pub(crate) struct PendingEvents(Vec<AuditEvent>);

impl PendingEvents {
    /// Remembers `event` (whose row the caller writes in its transaction); returns its index.
    pub(crate) fn push(&mut self, event: AuditEvent) -> usize {
        self.0.push(event);
        self.0.len() - 1
    }

    /// The row id of event `index`, once written.
    pub(crate) fn set_id(&mut self, index: usize, id: i64) {
        if let Some(event) = self.0.get_mut(index) {
            event.id = id;
        }
    }

    /// Sends the events to current subscribers. Having none is fine.
    pub(crate) fn publish(self, sender: &broadcast::Sender<AuditEvent>) {
        for event in self.0 {
            let _no_subscribers = sender.send(event);
        }
    }
}

/// An account's most recent events, newest first (for the activity screen).
pub(crate) async fn recent_for_account(
    conn: &mut Conn,
    account_id: AccountId,
    limit: i64,
) -> Result<Vec<AuditEvent>, store::Error> {
    let rows = store::audit::recent_for_account(conn, account_id, limit).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at, kind, detail)| {
            let kind = serde_json::from_value(serde_json::Value::String(kind)).ok()?;
            let detail = serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null);
            Some(AuditEvent {
                id,
                at: Timestamp(at),
                account_id: Some(account_id),
                kind,
                detail,
            })
        })
        .collect())
}
