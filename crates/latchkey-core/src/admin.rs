//! Administration (issue 13): what the `latchkey` CLI and the admin screen do. Every
//! operation names its [`Actor`]: the CLI (whoever can open the data directory) or a signed-in
//! account, whose `admin` role is checked inside the operation's own transaction. Every change
//! is an audit event whose detail names the actor; nothing may leave no unlocked administrator.

use std::time::Duration;

use secrecy::SecretString;

use crate::accounts::{AccountView, Latchkey, NO_PHONE_PREFIX};
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::domain::{Email, FieldError, field};
use crate::error::{ErrorCode, InternalError};
use crate::ids::{AccountId, SessionToken};
use crate::invites::{InviteView, InvitedPerson};
use crate::register::{NewAccount, RegistrationForm};
use crate::roles::{ADMIN, ROLES_FIELD, Role};
use crate::sessions::SessionError;
use crate::store::{self, Conn};
use crate::throttle::{Throttle, ThrottleKey};
use crate::unit_of_work::UnitOfWork;

/// Who does an administrative action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The command line on this machine (has the data directory, so is trusted).
    Cli,
    /// A signed-in account; must have the `admin` role (checked on every call).
    Account(AccountId),
}

impl Actor {
    fn detail(self) -> serde_json::Value {
        match self {
            Actor::Cli => serde_json::json!("cli"),
            Actor::Account(id) => serde_json::json!(id.0),
        }
    }

    fn account(self) -> Option<AccountId> {
        match self {
            Actor::Cli => None,
            Actor::Account(id) => Some(id),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("only administrators can do this")]
    Forbidden,
    #[error("no such account or invite")]
    NotFound,
    #[error("this would leave no administrator")]
    LastAdmin,
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl AdminError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AdminError::InvalidInput(_) => ErrorCode::InvalidInput,
            AdminError::Forbidden => ErrorCode::Forbidden,
            AdminError::NotFound => ErrorCode::NotFound,
            AdminError::LastAdmin => ErrorCode::LastAdmin,
            AdminError::Session(e) => e.code(),
            AdminError::Internal(e) => e.code(),
        }
    }

    fn field(field: &'static str, code: ErrorCode, message: &str) -> AdminError {
        AdminError::InvalidInput(vec![FieldError::new(field, code, message)])
    }
}

impl From<sqlx::Error> for AdminError {
    fn from(e: sqlx::Error) -> AdminError {
        AdminError::Internal(e.into())
    }
}

/// An account as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AdminAccountView {
    pub account: AccountView,
    pub roles: Vec<String>,
    /// Set while the account is locked.
    pub locked: Option<LockView>,
    pub live_sessions: i64,
}

/// A lock in force.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LockView {
    pub locked_at: Timestamp,
    /// `None`: until unlocked.
    pub until: Option<Timestamp>,
    pub by: Option<AccountId>,
    pub reason: String,
}

/// One account in detail (CLI `users show`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AdminAccountDetail {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub summary: AdminAccountView,
    pub invited_by: Option<InvitedPerson>,
    pub joined: Vec<InvitedPerson>,
}

/// One audit event for administrators.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    pub account_id: Option<AccountId>,
    pub kind: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub detail: serde_json::Value,
}

/// Which audit events to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this account's events.
    pub account: Option<AccountId>,
    /// Only this kind (`login_failed`, …).
    pub kind: Option<String>,
    /// Only events with a larger id (for following).
    pub after_id: i64,
    /// At most this many (1–1000; default 100).
    pub limit: Option<u32>,
    /// Oldest first (for following) instead of newest first.
    pub ascending: bool,
}

/// What `latchkey admin create` is given.
pub struct NewAdmin {
    pub email: String,
    pub username: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub password: SecretString,
}

/// What `latchkey admin create` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminCreated {
    pub account: AccountView,
    /// False when an account with that address already existed (nothing was changed).
    pub created: bool,
    /// Whether that account is an administrator.
    pub is_admin: bool,
}

/// An administrator's new invite.
#[derive(Debug, Clone, Default)]
pub struct InviteRequest {
    pub roles: Vec<String>,
    /// Expires this long from now; `None`: never.
    pub valid_for: Option<Duration>,
    /// `None`: 1. Between 1 and 10 000.
    pub max_uses: Option<i64>,
    /// Only this address can redeem it.
    pub email: Option<String>,
}

const MAX_LOCK_REASON_CHARS: usize = 200;
const MAX_SEARCH_CHARS: usize = 100;
/// A locked account's owner is told at most this often.
const LOCK_NOTICE_INTERVAL: Duration = Duration::from_secs(3600);

impl Latchkey {
    /// The actor a session stands for, if its account is an administrator (and not locked).
    pub async fn admin_actor(&self, token: &SessionToken) -> Result<Actor, AdminError> {
        let session = self.validate_session(token).await?;
        let actor = Actor::Account(session.account.id);
        let mut conn = self.db.read().await?;
        self.check_actor(&mut conn, actor, self.now()).await?;
        Ok(actor)
    }

    async fn check_actor(&self, conn: &mut Conn, actor: Actor, now: Timestamp) -> Result<(), AdminError> {
        if let Actor::Account(id) = actor
            && (!store::roles::has(conn, id, ADMIN).await? || store::locks::active(conn, id, now).await?.is_some())
        {
            return Err(AdminError::Forbidden);
        }
        Ok(())
    }

    /// A write unit with the actor checked inside it.
    async fn admin_write(&self, actor: Actor, now: Timestamp) -> Result<UnitOfWork, AdminError> {
        let mut work = self.write().await?;
        self.check_actor(work.conn().await?, actor, now).await?;
        Ok(work)
    }

    async fn admin_read(&self, actor: Actor) -> Result<store::ReadConn, AdminError> {
        let mut conn = self.db.read().await?;
        self.check_actor(&mut conn, actor, self.now()).await?;
        Ok(conn)
    }

    /// The roles of an account (for the host app: see also [`Latchkey::session_roles`]).
    pub async fn account_roles(&self, account: AccountId) -> Result<Vec<String>, store::Error> {
        store::roles::of_account(&mut *self.db.read().await?, account).await
    }

    /// The roles of the account a session belongs to.
    pub async fn session_roles(&self, token: &SessionToken) -> Result<Vec<String>, SessionError> {
        let session = self.validate_session(token).await?;
        Ok(self.account_roles(session.account.id).await?)
    }

    /// Whether the account is locked at this moment.
    pub async fn is_locked(&self, account: AccountId) -> Result<bool, store::Error> {
        Ok(store::locks::active(&mut *self.db.read().await?, account, self.now())
            .await?
            .is_some())
    }

    /// The refusal of a locked account's sign-in (its lock found in force): the owner is told
    /// at most hourly by email, and the failure is recorded.
    pub(crate) async fn refuse_as_locked(
        &self,
        work: &mut UnitOfWork,
        account: &store::accounts::AccountRecord,
        now: Timestamp,
    ) -> Result<(), store::Error> {
        let not_since = Timestamp(now.millis().saturating_sub(LOCK_NOTICE_INTERVAL.as_millis() as i64));
        if store::locks::claim_notice(work.conn().await?, account.id(), not_since, now).await? {
            let template = crate::mail::Template::AccountLocked {
                first_name: &account.first_name,
                contact: &self.config.support_contact,
            };
            work.enqueue_mail(&self.key, &account.email, None, &template, now)
                .await?;
        }
        let detail = serde_json::json!({ "reason": "locked" });
        work.record(now, Some(account.id()), AuditKind::LoginFailed, detail)
            .await
    }

    async fn admin_view(&self, conn: &mut Conn, id: AccountId, now: Timestamp) -> Result<AdminAccountView, AdminError> {
        let record = store::accounts::find_by_id(conn, id)
            .await?
            .ok_or(AdminError::NotFound)?;
        let roles = store::roles::of_account(conn, id).await?;
        let locked = store::locks::active(conn, id, now)
            .await?
            .map(|(at, until, by, reason, _)| LockView {
                locked_at: Timestamp(at),
                until: until.map(Timestamp),
                by: by.map(AccountId),
                reason,
            });
        let live_sessions = store::admin::live_session_count(conn, id.0).await?;
        Ok(AdminAccountView {
            account: record.view(),
            roles,
            locked,
            live_sessions,
        })
    }

    /// Accounts whose email, username, phone or name contains `query` (case-insensitive;
    /// empty: all), newest first, at most `limit` (1–500).
    pub async fn admin_search(
        &self,
        actor: Actor,
        query: &str,
        limit: u32,
    ) -> Result<Vec<AdminAccountView>, AdminError> {
        let query = query.trim().to_lowercase();
        if query.chars().count() > MAX_SEARCH_CHARS {
            return Err(AdminError::field(
                "query",
                ErrorCode::TooLong,
                "At most 100 characters.",
            ));
        }
        let mut conn = self.admin_read(actor).await?;
        let ids = store::admin::search_account_ids(&mut conn, &query, i64::from(limit.clamp(1, 500))).await?;
        let now = self.now();
        let mut views = Vec::with_capacity(ids.len());
        for id in ids {
            views.push(self.admin_view(&mut conn, AccountId(id), now).await?);
        }
        Ok(views)
    }

    /// The account named by `key`: its id, email address or username (case-insensitive).
    pub async fn admin_find(&self, actor: Actor, key: &str) -> Result<AccountId, AdminError> {
        let key = key.trim().to_lowercase();
        let mut conn = self.admin_read(actor).await?;
        let by_email = Email::parse(&key).ok().map(|e| e.key().to_owned()).unwrap_or(key);
        store::admin::account_id_by_key(&mut conn, &by_email)
            .await?
            .map(AccountId)
            .ok_or(AdminError::NotFound)
    }

    /// One account in detail.
    pub async fn admin_show(&self, actor: Actor, account: AccountId) -> Result<AdminAccountDetail, AdminError> {
        let mut conn = self.admin_read(actor).await?;
        let summary = self.admin_view(&mut conn, account, self.now()).await?;
        let invited_by = store::invites::inviter_of(&mut conn, account)
            .await?
            .map(|r| InvitedPerson::from_row(r, true));
        let joined = match store::invites::personal_of(&mut conn, account).await? {
            Some(invite) => store::invites::redeemers(&mut conn, invite.id)
                .await?
                .into_iter()
                .map(|r| InvitedPerson::from_row(r, true))
                .collect(),
            None => Vec::new(),
        };
        Ok(AdminAccountDetail {
            summary,
            invited_by,
            joined,
        })
    }

    /// Refuses when taking `account` out of the unlocked administrators would leave none.
    async fn keep_an_admin(&self, conn: &mut Conn, account: AccountId, now: Timestamp) -> Result<(), AdminError> {
        let is_live_admin =
            store::roles::has(conn, account, ADMIN).await? && store::locks::active(conn, account, now).await?.is_none();
        if is_live_admin && store::roles::count_unlocked_with(conn, ADMIN, now).await? <= 1 {
            return Err(AdminError::LastAdmin);
        }
        Ok(())
    }

    /// Locks `account` (until `until`, or until unlocked): its sessions end, and signing in is
    /// answered like a wrong password.
    pub async fn admin_lock(
        &self,
        actor: Actor,
        account: AccountId,
        until: Option<Timestamp>,
        reason: &str,
    ) -> Result<AdminAccountView, AdminError> {
        let reason = reason.trim();
        if reason.chars().count() > MAX_LOCK_REASON_CHARS {
            return Err(AdminError::field(
                "reason",
                ErrorCode::TooLong,
                "At most 200 characters.",
            ));
        }
        let now = self.now();
        if until.is_some_and(|u| u <= now) {
            return Err(AdminError::field(
                "until",
                ErrorCode::InvalidInput,
                "Choose a time in the future.",
            ));
        }
        let mut work = self.admin_write(actor, now).await?;
        store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        self.keep_an_admin(work.conn().await?, account, now).await?;
        store::locks::lock(work.conn().await?, account, until, actor.account(), reason, now).await?;
        let ended = store::sessions::revoke_sessions(work.conn().await?, account, None, "locked", now).await?;
        let detail = serde_json::json!({ "actor": actor.detail(), "until": until, "reason": reason });
        work.record(now, Some(account), AuditKind::AccountLocked, detail)
            .await?;
        let detail = serde_json::json!({ "reason": "locked", "count": ended, "actor": actor.detail() });
        work.record(now, Some(account), AuditKind::SessionsRevoked, detail)
            .await?;
        let view = self.admin_view(work.conn().await?, account, now).await?;
        work.commit().await?;
        Ok(view)
    }

    pub async fn admin_unlock(&self, actor: Actor, account: AccountId) -> Result<AdminAccountView, AdminError> {
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        let was = store::locks::unlock(work.conn().await?, account).await?;
        let detail = serde_json::json!({ "actor": actor.detail(), "was_locked": was });
        work.record(now, Some(account), AuditKind::AccountUnlocked, detail)
            .await?;
        let view = self.admin_view(work.conn().await?, account, now).await?;
        work.commit().await?;
        Ok(view)
    }

    /// Replaces the account's roles (each must be in the config).
    pub async fn admin_set_roles(
        &self,
        actor: Actor,
        account: AccountId,
        roles: &[String],
    ) -> Result<AdminAccountView, AdminError> {
        let roles =
            Role::known_list(roles, &self.config, ROLES_FIELD).map_err(|e| AdminError::InvalidInput(vec![e]))?;
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        if !roles.contains(&Role::admin()) {
            self.keep_an_admin(work.conn().await?, account, now).await?;
        }
        let before = store::roles::of_account(work.conn().await?, account).await?;
        store::roles::clear(work.conn().await?, account).await?;
        for role in &roles {
            work.defer(store::roles::grant(account, role.as_str(), now));
        }
        let after: Vec<&str> = roles.iter().map(Role::as_str).collect();
        let detail = serde_json::json!({ "actor": actor.detail(), "before": before, "after": after });
        work.record(now, Some(account), AuditKind::RolesChanged, detail).await?;
        let view = self.admin_view(work.conn().await?, account, now).await?;
        work.commit().await?;
        Ok(view)
    }

    /// Ends every session of the account; how many.
    pub async fn admin_revoke_sessions(&self, actor: Actor, account: AccountId) -> Result<u64, AdminError> {
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        let ended = store::sessions::revoke_sessions(work.conn().await?, account, None, "admin", now).await?;
        let detail = serde_json::json!({ "reason": "admin", "count": ended, "actor": actor.detail() });
        work.record(now, Some(account), AuditKind::SessionsRevoked, detail)
            .await?;
        work.commit().await?;
        Ok(ended)
    }

    /// Forgets the account's failed sign-ins (its own budget and its email's and username's).
    pub async fn admin_clear_throttle(&self, actor: Actor, account: AccountId) -> Result<(), AdminError> {
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        let (email_key, username_key) = store::accounts::identifier_keys(work.conn().await?, account).await?;
        for key in [
            ThrottleKey::Account(account),
            ThrottleKey::Identifier(self.identifier_key(&email_key)),
            ThrottleKey::Identifier(self.identifier_key(&username_key)),
            ThrottleKey::InviteByAccount(account),
        ] {
            Throttle { key }.clear(&mut work);
        }
        let detail = serde_json::json!({ "actor": actor.detail() });
        work.record(now, Some(account), AuditKind::SignInDelayCleared, detail)
            .await?;
        work.commit().await?;
        Ok(())
    }

    /// Erases the account (as its owner's "delete account" does).
    pub async fn admin_delete(&self, actor: Actor, account: AccountId) -> Result<(), AdminError> {
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        let record = store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        self.keep_an_admin(work.conn().await?, account, now).await?;
        let (email_key, username_key) = store::accounts::identifier_keys(work.conn().await?, account).await?;
        store::audit::delete_for_account(work.conn().await?, account).await?;
        store::pending::delete_handles_sent_to(work.conn().await?, &record.email).await?;
        store::accounts::delete(work.conn().await?, account).await?;
        store::outbox::erase_addressed_to(work.conn().await?, &record.email).await?;
        for key in [
            ThrottleKey::Account(account),
            ThrottleKey::Identifier(self.identifier_key(&email_key)),
            ThrottleKey::Identifier(self.identifier_key(&username_key)),
        ] {
            Throttle { key }.clear(&mut work);
        }
        let detail = serde_json::json!({ "actor": actor.detail(), "by_admin": true });
        work.record(now, None, AuditKind::AccountDeleted, detail).await?;
        work.commit().await?;
        if let Err(e) = store::checkpoint(self.db.pool()).await {
            tracing::warn!(error = %e, "could not checkpoint the database after erasing an account");
        }
        Ok(())
    }

    /// Creates a verified administrator (the CLI's `admin create`). Idempotent: if a verified
    /// account has that address, nothing changes and `created` is false.
    pub async fn admin_create(&self, new: NewAdmin) -> Result<AdminCreated, AdminError> {
        let email = Email::parse(&new.email).map_err(|e| AdminError::InvalidInput(vec![e]))?;
        {
            let mut conn = self.db.read().await?;
            if let Some(existing) = store::accounts::find_by_email(&mut conn, &email).await? {
                let is_admin = store::roles::has(&mut conn, existing.id(), ADMIN).await?;
                return Ok(AdminCreated {
                    account: existing.view(),
                    created: false,
                    is_admin,
                });
            }
        }
        let has_phone = new.phone.as_deref().is_some_and(|p| !p.trim().is_empty());
        let form = RegistrationForm {
            first_name: new.first_name.unwrap_or_else(|| "Admin".to_owned()),
            last_name: new.last_name.unwrap_or_else(|| "Administrator".to_owned()),
            email: new.email.clone(),
            // Parsed only to check the rest; replaced by a placeholder below.
            phone: new
                .phone
                .clone()
                .filter(|_| has_phone)
                .unwrap_or_else(|| "+1 415 555 0100".to_owned()),
            username: new.username.clone(),
            password: new.password,
        };
        let parsed = NewAccount::parse(form, &self.config).map_err(AdminError::InvalidInput)?;
        let password_hash = self.hashing.hash(parsed.password.clone(), self.random.bytes()).await?;
        let phone = match has_phone {
            true => parsed.phone.as_str().to_owned(),
            false => format!("{NO_PHONE_PREFIX}{}", hex::encode(self.random.bytes::<8>())),
        };
        let now = self.now();
        let mut work = self.write().await?;
        if let Some(existing) = store::accounts::find_by_email(work.conn().await?, &parsed.email).await? {
            let is_admin = store::roles::has(work.conn().await?, existing.id(), ADMIN).await?;
            work.rollback().await?;
            return Ok(AdminCreated {
                account: existing.view(),
                created: false,
                is_admin,
            });
        }
        if store::accounts::username_taken(work.conn().await?, &parsed.username).await? {
            return Err(AdminError::field(
                field::USERNAME,
                ErrorCode::UsernameTaken,
                "This username is taken.",
            ));
        }
        if has_phone
            && store::accounts::find_by_phone(work.conn().await?, &parsed.phone)
                .await?
                .is_some()
        {
            return Err(AdminError::field(
                field::PHONE,
                ErrorCode::PhoneTaken,
                "This phone number has an account.",
            ));
        }
        let id = store::admin::insert_verified(
            work.conn().await?,
            &store::admin::NewVerifiedAccount {
                first_name: parsed.first_name.as_str(),
                last_name: parsed.last_name.as_str(),
                email: parsed.email.as_str(),
                email_key: parsed.email.key(),
                phone_e164: &phone,
                username: parsed.username.as_str(),
                username_key: parsed.username.key(),
                password_hash: &password_hash,
            },
            now,
        )
        .await?;
        let account = AccountId(id);
        work.defer(store::roles::grant(account, ADMIN, now));
        if !self.config.default_role.is_empty() {
            work.defer(store::roles::grant(account, &self.config.default_role, now));
        }
        let detail = serde_json::json!({ "actor": "cli" });
        work.record(now, Some(account), AuditKind::AdminCreated, detail).await?;
        let record = store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(AdminError::NotFound)?;
        work.commit().await?;
        Ok(AdminCreated {
            account: record.view(),
            created: true,
            is_admin: true,
        })
    }

    /// Creates an administrator's invite.
    pub async fn admin_create_invite(&self, actor: Actor, request: InviteRequest) -> Result<InviteView, AdminError> {
        let mut errors = Vec::new();
        let roles = Role::known_list(&request.roles, &self.config, ROLES_FIELD)
            .map_err(|e| errors.push(e))
            .ok();
        let max_uses = request.max_uses.unwrap_or(1);
        if !(1..=10_000).contains(&max_uses) {
            errors.push(FieldError::new(
                "maxUses",
                ErrorCode::CountOutOfRange,
                "Between 1 and 10000 uses.",
            ));
        }
        if request
            .valid_for
            .is_some_and(|d| d.is_zero() || d > Duration::from_secs(366 * 24 * 3600))
        {
            errors.push(FieldError::new(
                "validFor",
                ErrorCode::TravelOutOfRange,
                "Between 1 second and a year.",
            ));
        }
        let bound = match request.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => Email::parse(e).map_err(|e| errors.push(e)).ok(),
            None => None,
        };
        let Some(roles) = roles.filter(|_| errors.is_empty()) else {
            return Err(AdminError::InvalidInput(errors));
        };
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        let role_text = roles.iter().map(Role::as_str).collect::<Vec<_>>().join(",");
        let expires_at = request.valid_for.map(|d| now.plus(d));
        let (id, code) = loop {
            let code = crate::domain::InviteCode::generate(&self.random);
            let new = store::invites::NewInvite {
                code: code.as_str(),
                kind: "admin",
                owner_id: None,
                created_by: actor.account(),
                roles: &role_text,
                bound_email_key: bound.as_ref().map(Email::key),
                max_uses: Some(max_uses),
                expires_at,
            };
            if let Some(id) = store::invites::insert(work.conn().await?, &new, now).await? {
                break (id, code);
            }
        };
        let detail = serde_json::json!({
            "actor": actor.detail(), "invite": id, "roles": role_text, "max_uses": max_uses,
            "expires_at": expires_at, "bound": bound.is_some(),
        });
        work.record(now, actor.account(), AuditKind::InviteCreated, detail)
            .await?;
        let row = store::invites::find_by_code(work.conn().await?, code.as_str())
            .await?
            .ok_or(AdminError::NotFound)?;
        let view = self.invite_view(work.conn().await?, row, now).await?;
        work.commit().await?;
        Ok(view)
    }

    /// Administrators' invites, newest first, with their state and who redeemed them.
    pub async fn admin_list_invites(&self, actor: Actor) -> Result<Vec<InviteView>, AdminError> {
        let mut conn = self.admin_read(actor).await?;
        Ok(self.list_invite_views(&mut conn, self.now()).await?)
    }

    /// Revokes an administrator's invite (typed in any form).
    pub async fn admin_revoke_invite(&self, actor: Actor, code: &str) -> Result<(), AdminError> {
        let code = crate::domain::InviteCode::parse(code).map_err(|e| AdminError::InvalidInput(vec![e]))?;
        let now = self.now();
        let mut work = self.admin_write(actor, now).await?;
        if !store::invites::revoke(work.conn().await?, code.as_str(), now).await? {
            return Err(AdminError::NotFound);
        }
        let detail = serde_json::json!({ "actor": actor.detail(), "code": code.grouped() });
        work.record(now, actor.account(), AuditKind::InviteRevoked, detail)
            .await?;
        work.commit().await?;
        Ok(())
    }

    /// The audit log, filtered.
    pub async fn admin_audit(&self, actor: Actor, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AdminError> {
        if let Some(kind) = &filter.kind
            && (kind.len() > 64 || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        {
            return Err(AdminError::field("kind", ErrorCode::InvalidInput, "Not an event kind."));
        }
        let mut conn = self.admin_read(actor).await?;
        let rows = store::admin::audit_events(
            &mut conn,
            filter.after_id,
            filter.account.map(|a| a.0),
            filter.kind.as_deref(),
            i64::from(filter.limit.unwrap_or(100).clamp(1, 1000)),
            filter.ascending,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at, account_id, kind, detail)| AuditEntry {
                id,
                at: Timestamp(at),
                account_id: account_id.map(AccountId),
                kind,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
            .collect())
    }
}
