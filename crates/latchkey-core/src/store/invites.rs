//! Tables `invites` and `invite_redemptions` (issue 13).

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::{Conn, Error};

/// An invite row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct InviteRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub owner_id: Option<i64>,
    pub created_by: Option<i64>,
    pub roles: String,
    pub bound_email_key: Option<String>,
    pub max_uses: Option<i64>,
    pub uses: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub created_at: i64,
}

macro_rules! select_invites_where {
    ($condition:literal) => {
        concat!(
            "SELECT id, code, kind, owner_id, created_by, roles, bound_email_key, max_uses, uses, ",
            "expires_at, revoked_at, created_at FROM invites WHERE ",
            $condition
        )
    };
}

/// The invite with canonical code `code`.
pub(crate) async fn find_by_code(conn: &mut Conn, code: &str) -> Result<Option<InviteRow>, Error> {
    sqlx::query_as(select_invites_where!("code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await
}

/// The account's personal invite.
pub(crate) async fn personal_of(conn: &mut Conn, owner: AccountId) -> Result<Option<InviteRow>, Error> {
    sqlx::query_as(select_invites_where!("kind = 'personal' AND owner_id = $1"))
        .bind(owner.0)
        .fetch_optional(conn)
        .await
}

/// Administrators' invites, newest first.
pub(crate) async fn list_admin(conn: &mut Conn, limit: i64) -> Result<Vec<InviteRow>, Error> {
    sqlx::query_as(select_invites_where!(
        "kind = 'admin' ORDER BY created_at DESC, id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A new invite; `Ok(None)` if the code is taken (the caller draws another).
pub(crate) struct NewInvite<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub owner_id: Option<AccountId>,
    pub created_by: Option<AccountId>,
    pub roles: &'a str,
    pub bound_email_key: Option<&'a str>,
    pub max_uses: Option<i64>,
    pub expires_at: Option<Timestamp>,
}

pub(crate) async fn insert(conn: &mut Conn, new: &NewInvite<'_>, now: Timestamp) -> Result<Option<i64>, Error> {
    sqlx::query_scalar(
        "INSERT INTO invites (code, kind, owner_id, created_by, roles, bound_email_key, max_uses, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING RETURNING id",
    )
    .bind(new.code)
    .bind(new.kind)
    .bind(new.owner_id.map(|a| a.0))
    .bind(new.created_by.map(|a| a.0))
    .bind(new.roles)
    .bind(new.bound_email_key)
    .bind(new.max_uses)
    .bind(new.expires_at.map(|t| t.millis()))
    .bind(now.millis())
    .fetch_optional(conn)
    .await
}

/// Takes one use of invite `id` if it is still redeemable at `now` (not revoked, not expired,
/// uses left): one conditional UPDATE, so two redemptions of the last use never both succeed.
pub(crate) async fn take_use(conn: &mut Conn, id: i64, now: Timestamp) -> Result<bool, Error> {
    let done = sqlx::query(
        "UPDATE invites SET uses = uses + 1 WHERE id = $1 AND revoked_at IS NULL
         AND (expires_at IS NULL OR expires_at > $2) AND (max_uses IS NULL OR uses < max_uses)",
    )
    .bind(id)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that `account` redeemed invite `invite_id`; `Ok(false)` if it already had (or, for a
/// personal code, already had an inviter).
pub(crate) async fn insert_redemption(
    conn: &mut Conn,
    invite_id: i64,
    account: AccountId,
    personal: bool,
    now: Timestamp,
) -> Result<bool, Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO invite_redemptions (invite_id, account_id, personal, redeemed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(invite_id)
    .bind(account.0)
    .bind(i64::from(personal))
    .bind(now.millis())
    .fetch_optional(conn)
    .await?;
    Ok(id.is_some())
}

/// Revokes an administrator's invite by code; whether one was live.
pub(crate) async fn revoke(conn: &mut Conn, code: &str, now: Timestamp) -> Result<bool, Error> {
    let done =
        sqlx::query("UPDATE invites SET revoked_at = $1 WHERE code = $2 AND kind = 'admin' AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(code)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// `(account_id, first_name, last_name, username, email, phone_e164, redeemed_at)` of a redemption.
pub(crate) type RedeemerRow = (i64, String, String, String, String, String, i64);

/// Who redeemed invite `invite_id`, in order.
pub(crate) async fn redeemers(conn: &mut Conn, invite_id: i64) -> Result<Vec<RedeemerRow>, Error> {
    sqlx::query_as(
        "SELECT a.id, a.first_name, a.last_name, a.username, a.email, a.phone_e164, r.redeemed_at
         FROM invite_redemptions r JOIN accounts a ON a.id = r.account_id
         WHERE r.invite_id = $1 ORDER BY r.redeemed_at, r.id",
    )
    .bind(invite_id)
    .fetch_all(conn)
    .await
}

/// Whose personal code `account` entered: the inviter's row and when.
pub(crate) async fn inviter_of(conn: &mut Conn, account: AccountId) -> Result<Option<RedeemerRow>, Error> {
    sqlx::query_as(
        "SELECT a.id, a.first_name, a.last_name, a.username, a.email, a.phone_e164, r.redeemed_at
         FROM invite_redemptions r JOIN invites i ON i.id = r.invite_id JOIN accounts a ON a.id = i.owner_id
         WHERE r.account_id = $1 AND r.personal = 1",
    )
    .bind(account.0)
    .fetch_optional(conn)
    .await
}
