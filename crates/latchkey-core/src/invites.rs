//! Invite codes (issue 13): every verified account's personal code ("who joined with my code",
//! "Invited by"), administrators' invites (roles, expiry, use limit, bound address), and their
//! redemption, at registration ([`crate::register`]) or later ([`Latchkey::enter_invite_code`]).
//!
//! Redemption takes one use with a single conditional UPDATE inside the write transaction, so
//! an invite is redeemed exactly once per use even when two people race for its last use. Wrong
//! codes are counted by the sign-in throttle (per address registering, or per account).

use std::time::Duration;

use crate::accounts::Latchkey;
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::domain::{Email, FieldError, INVITE_CODE_FIELD, InviteCode};
use crate::error::{ErrorCode, InternalError};
use crate::ids::{AccountId, SessionToken};
use crate::roles::Role;
use crate::sessions::SessionError;
use crate::store::invites::{InviteRow, RedeemerRow};
use crate::store::{self, Conn};
use crate::throttle::{Throttle, ThrottleKey};
use crate::unit_of_work::UnitOfWork;

/// Someone as an invite list shows them. `email` and `phone` are filled for administrators only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InvitedPerson {
    pub account_id: AccountId,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub at: Timestamp,
}

impl InvitedPerson {
    pub(crate) fn from_row(row: RedeemerRow, contact: bool) -> InvitedPerson {
        let (id, first_name, last_name, username, email, phone, at) = row;
        InvitedPerson {
            account_id: AccountId(id),
            first_name,
            last_name,
            username,
            email: contact.then_some(email),
            phone: contact.then(|| crate::accounts::shown_phone(&phone).to_owned()),
            at: Timestamp(at),
        }
    }
}

/// What the account screen shows about invitations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MyInvites {
    /// My personal code, grouped (`7KQ2-9XMD`).
    pub code: String,
    /// Whose code I entered, if any.
    pub invited_by: Option<InvitedPerson>,
    /// Who joined with my code (names and when).
    pub joined: Vec<InvitedPerson>,
}

/// Where an invite stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum InviteState {
    Pending,
    UsedUp,
    Expired,
    Revoked,
}

/// An administrator's invite, as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InviteView {
    /// Grouped (`7KQ2-9XMD`).
    pub code: String,
    pub roles: Vec<String>,
    pub state: InviteState,
    pub uses: i64,
    pub max_uses: Option<i64>,
    pub expires_at: Option<Timestamp>,
    pub bound_email: Option<String>,
    pub created_by: Option<AccountId>,
    pub created_at: Timestamp,
    pub redeemed_by: Vec<InvitedPerson>,
}

impl InviteRow {
    pub(crate) fn state(&self, now: Timestamp) -> InviteState {
        if self.revoked_at.is_some() {
            InviteState::Revoked
        } else if self.max_uses.is_some_and(|max| self.uses >= max) {
            InviteState::UsedUp
        } else if self.expires_at.is_some_and(|at| at <= now.millis()) {
            InviteState::Expired
        } else {
            InviteState::Pending
        }
    }

    pub(crate) fn role_names(&self) -> Vec<String> {
        self.roles
            .split(',')
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Why an invite code was refused.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("too many wrong invite codes; try again in {} s", retry_after.as_secs())]
    Throttled { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl InviteError {
    pub fn code(&self) -> ErrorCode {
        match self {
            InviteError::Session(e) => e.code(),
            InviteError::InvalidInput(_) => ErrorCode::InvalidInput,
            InviteError::Throttled { .. } => ErrorCode::RateLimited,
            InviteError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for InviteError {
    fn from(e: sqlx::Error) -> InviteError {
        InviteError::Internal(e.into())
    }
}

pub(crate) fn invite_field_error(code: ErrorCode) -> FieldError {
    let message = match code {
        ErrorCode::InviteRequired => "Enter your invite code.",
        ErrorCode::AlreadyInvited => "You have already entered an invite code.",
        ErrorCode::OwnInviteCode => "This is your own invite code.",
        ErrorCode::RateLimited => "Too many wrong invite codes: wait a little and try again.",
        _ => "This invite code is not valid.",
    };
    FieldError::new(INVITE_CODE_FIELD, code, message)
}

/// What redeeming gave.
pub(crate) struct Redeemed {
    pub roles: Vec<String>,
}

/// How long `limit` pages of invites may be.
const MAX_LIST: i64 = 500;

impl Latchkey {
    /// The throttle for invite codes typed at registration with address `email`.
    pub(crate) fn invite_throttle_for_address(&self, email: &Email) -> Throttle {
        Throttle {
            key: ThrottleKey::InviteByAddress(self.identifier_key(email.key())),
        }
    }

    /// Redeems `code` for `account` inside `work`: one use taken (conditionally), the
    /// redemption recorded, the invite's roles granted. `Err(code)` (nothing written) when the
    /// invite is unknown, revoked, expired, used up, bound to another address, the account's own,
    /// or a second personal code.
    pub(crate) async fn redeem_in(
        &self,
        work: &mut UnitOfWork,
        account: AccountId,
        email_key: &str,
        code: &InviteCode,
        now: Timestamp,
    ) -> Result<Result<Redeemed, ErrorCode>, store::Error> {
        let Some(invite) = store::invites::find_by_code(work.conn().await?, code.as_str()).await? else {
            return Ok(Err(ErrorCode::InviteInvalid));
        };
        if invite
            .bound_email_key
            .as_deref()
            .is_some_and(|bound| bound != email_key)
        {
            return Ok(Err(ErrorCode::InviteInvalid));
        }
        let personal = invite.kind == "personal";
        if personal && invite.owner_id == Some(account.0) {
            return Ok(Err(ErrorCode::OwnInviteCode));
        }
        if personal && store::invites::inviter_of(work.conn().await?, account).await?.is_some() {
            return Ok(Err(ErrorCode::AlreadyInvited));
        }
        if !store::invites::take_use(work.conn().await?, invite.id, now).await? {
            return Ok(Err(ErrorCode::InviteInvalid));
        }
        if !store::invites::insert_redemption(work.conn().await?, invite.id, account, personal, now).await? {
            // Already redeemed this very invite: give the use back by failing the whole unit.
            return Ok(Err(ErrorCode::AlreadyInvited));
        }
        let roles = invite.role_names();
        for role in &roles {
            work.defer(store::roles::grant(account, role, now));
        }
        let detail = serde_json::json!({
            "invite": invite.id,
            "kind": invite.kind,
            "roles": roles,
            "inviter": invite.owner_id,
        });
        work.record(now, Some(account), AuditKind::InviteRedeemed, detail)
            .await?;
        Ok(Ok(Redeemed { roles }))
    }

    /// The account's personal invite code, made on first use (verified accounts only).
    pub(crate) async fn personal_code(&self, account: AccountId) -> Result<InviteCode, store::Error> {
        let mut conn = self.db.read().await?;
        if let Some(row) = store::invites::personal_of(&mut conn, account).await? {
            return Ok(InviteCode::from_stored(row.code));
        }
        drop(conn);
        let now = self.now();
        let mut work = self.write().await?;
        if let Some(row) = store::invites::personal_of(work.conn().await?, account).await? {
            work.rollback().await?;
            return Ok(InviteCode::from_stored(row.code));
        }
        loop {
            let code = InviteCode::generate(&self.random);
            let new = store::invites::NewInvite {
                code: code.as_str(),
                kind: "personal",
                owner_id: Some(account),
                created_by: None,
                roles: "",
                bound_email_key: None,
                max_uses: None,
                expires_at: None,
            };
            if store::invites::insert(work.conn().await?, &new, now).await?.is_some() {
                work.commit().await?;
                return Ok(code);
            }
        }
    }

    /// My invite code, who invited me and who joined with my code (names and when only).
    pub async fn my_invites(&self, token: &SessionToken) -> Result<MyInvites, SessionError> {
        let session = self.validate_session(token).await?;
        let account = session.account.id;
        let code = self.personal_code(account).await?;
        let mut conn = self.db.read().await?;
        let invited_by = store::invites::inviter_of(&mut conn, account)
            .await?
            .map(|row| InvitedPerson::from_row(row, false));
        let joined = match store::invites::personal_of(&mut conn, account).await? {
            Some(invite) => store::invites::redeemers(&mut conn, invite.id)
                .await?
                .into_iter()
                .map(|row| InvitedPerson::from_row(row, false))
                .collect(),
            None => Vec::new(),
        };
        Ok(MyInvites {
            code: code.grouped(),
            invited_by,
            joined,
        })
    }

    /// "Invited by": a signed-in account enters someone's personal code (or an administrator's
    /// invite, whose roles it then gets). Wrong codes are throttled per account.
    pub async fn enter_invite_code(&self, token: &SessionToken, code: &str) -> Result<MyInvites, InviteError> {
        let session = self.validate_session(token).await?;
        let code = InviteCode::parse(code).map_err(|e| InviteError::InvalidInput(vec![e]))?;
        let account = session.account.id;
        let throttle = Throttle {
            key: ThrottleKey::InviteByAccount(account),
        };
        if let Err(retry_after) = self.reserve_attempt(&throttle).await? {
            return Err(InviteError::Throttled { retry_after });
        }
        let now = self.now();
        let mut work = self.write().await?;
        self.live_session(work.conn().await?, token, now).await?;
        let (email_key, _) = store::accounts::identifier_keys(work.conn().await?, account).await?;
        match self.redeem_in(&mut work, account, &email_key, &code, now).await? {
            Ok(_) => {
                throttle.clear(&mut work);
                work.commit().await?;
            }
            Err(code) => {
                work.rollback().await?;
                return Err(InviteError::InvalidInput(vec![invite_field_error(code)]));
            }
        }
        Ok(self.my_invites(token).await?)
    }

    /// An invite row as listed to administrators.
    pub(crate) async fn invite_view(
        &self,
        conn: &mut Conn,
        row: InviteRow,
        now: Timestamp,
    ) -> Result<InviteView, store::Error> {
        let redeemed_by = store::invites::redeemers(conn, row.id)
            .await?
            .into_iter()
            .map(|r| InvitedPerson::from_row(r, true))
            .collect();
        Ok(InviteView {
            code: InviteCode::from_stored(row.code.clone()).grouped(),
            roles: row.role_names(),
            state: row.state(now),
            uses: row.uses,
            max_uses: row.max_uses,
            expires_at: row.expires_at.map(Timestamp),
            bound_email: row.bound_email_key.clone(),
            created_by: row.created_by.map(AccountId),
            created_at: Timestamp(row.created_at),
            redeemed_by,
        })
    }

    pub(crate) async fn list_invite_views(
        &self,
        conn: &mut Conn,
        now: Timestamp,
    ) -> Result<Vec<InviteView>, store::Error> {
        let rows = store::invites::list_admin(conn, MAX_LIST).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(self.invite_view(conn, row, now).await?);
        }
        Ok(views)
    }
}

/// The roles a registration asks for, checked: each known and self-service.
pub(crate) fn requested_roles(names: &[String], config: &crate::Config) -> Result<Vec<Role>, FieldError> {
    let roles = Role::known_list(names, config, crate::roles::ROLES_FIELD)?;
    if let Some(role) = roles.iter().find(|r| !r.self_service(config)) {
        return Err(FieldError::new(
            crate::roles::ROLES_FIELD,
            ErrorCode::RoleNotSelfService,
            format!("The role {role} cannot be chosen at registration."),
        ));
    }
    Ok(roles)
}
