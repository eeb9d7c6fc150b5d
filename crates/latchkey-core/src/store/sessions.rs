//! Table `sessions`: one row per sign-in, found by the SHA-256 of its token.

use crate::clock::Timestamp;
use crate::ids::{AccountId, SessionId};
use crate::store::batch::Stmt;
use crate::store::{Conn, Error, Pool};

/// A session row as the flows check it.
#[derive(Clone, sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub account_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub revoked_at: Option<i64>,
    pub revoke_reason: Option<String>,
}

/// Inserts a live session for `account`, returning its id.
pub(crate) fn insert_session(account: AccountId, token_hash: &[u8; 32], device_label: &str, now: Timestamp) -> Stmt {
    Stmt::new(
        "INSERT INTO sessions (account_id, token_hash, device_label, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .int(account.0)
    .bytes(Some(token_hash.as_slice()))
    .str(device_label)
    .int(now.millis())
    .int(now.millis())
}

/// The session whose token hashes to `token_hash`, live or not; `Ok(None)` if none.
pub(crate) async fn find_by_token_hash(conn: &mut Conn, token_hash: &[u8; 32]) -> Result<Option<SessionRow>, Error> {
    sqlx::query_as(
        "SELECT id, account_id, created_at, last_seen_at, revoked_at, revoke_reason FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash.as_slice())
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct SessionAndAccountRow {
    #[sqlx(flatten)]
    account: crate::store::accounts::AccountRecord,
    session_id: i64,
    session_created_at: i64,
    last_seen_at: i64,
    revoked_at: Option<i64>,
    revoke_reason: Option<String>,
}

/// [`find_by_token_hash`] and the session's account in one query (a session check is the
/// operation a fleet's server answers most: one round trip instead of two).
pub(crate) async fn find_with_account(
    conn: &mut Conn,
    token_hash: &[u8; 32],
) -> Result<Option<(SessionRow, crate::store::accounts::AccountRecord)>, Error> {
    let row: Option<SessionAndAccountRow> = sqlx::query_as(
        "SELECT a.id, a.first_name, a.last_name, a.email, a.phone_e164, a.username, a.password_hash,
                a.email_verified_at, a.created_at,
                s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, s.revoked_at, s.revoke_reason
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
    )
    .bind(token_hash.as_slice())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| {
        let session = SessionRow {
            id: row.session_id,
            account_id: row.account.id,
            created_at: row.session_created_at,
            last_seen_at: row.last_seen_at,
            revoked_at: row.revoked_at,
            revoke_reason: row.revoke_reason,
        };
        (session, row.account)
    }))
}

/// Moves `session`'s `last_seen_at` forward to `now` (never backward).
pub(crate) async fn touch(conn: &mut Conn, session: SessionId, now: Timestamp) -> Result<(), Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $3")
        .bind(now.millis())
        .bind(session.0)
        .bind(now.millis())
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes the live session whose token hashes to `token_hash` with reason `logged_out`;
/// returns its account, or `Ok(None)` if there was no such live session.
pub(crate) async fn revoke_by_token_hash(
    conn: &mut Conn,
    token_hash: &[u8; 32],
    now: Timestamp,
) -> Result<Option<AccountId>, Error> {
    let ended: Option<i64> = sqlx::query_scalar(
        "UPDATE sessions SET revoked_at = $1, revoke_reason = 'logged_out'
         WHERE token_hash = $2 AND revoked_at IS NULL RETURNING account_id",
    )
    .bind(now.millis())
    .bind(token_hash.as_slice())
    .fetch_optional(conn)
    .await?;
    Ok(ended.map(AccountId))
}

/// Revokes the account's live sessions except `keep`; returns how many.
pub(crate) async fn revoke_sessions(
    conn: &mut Conn,
    account: AccountId,
    keep: Option<SessionId>,
    reason: &str,
    now: Timestamp,
) -> Result<u64, Error> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1, revoke_reason = $2
         WHERE account_id = $3 AND revoked_at IS NULL AND id IS DISTINCT FROM $4",
    )
    .bind(now.millis())
    .bind(reason)
    .bind(account.0)
    .bind(keep.map(|s| s.0))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// `(id, device_label, created_at, last_seen_at)` of the account's unrevoked sessions (expired
/// ones included), most recently used first.
pub(crate) async fn unrevoked_for_account(
    pool: &Pool,
    account: AccountId,
) -> Result<Vec<(i64, String, i64, i64)>, Error> {
    sqlx::query_as(
        "SELECT id, device_label, created_at, last_seen_at FROM sessions
         WHERE account_id = $1 AND revoked_at IS NULL ORDER BY last_seen_at DESC, id DESC",
    )
    .bind(account.0)
    .fetch_all(pool)
    .await
}
