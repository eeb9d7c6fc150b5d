//! Table `account_locks`: accounts an administrator locked (issue 13).

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::{Conn, Error};

/// `(locked_at, locked_until, locked_by, reason, notice_sent_at)` of a lock row.
pub(crate) type LockRow = (i64, Option<i64>, Option<i64>, String, Option<i64>);

/// The account's lock if it is in force at `now` (a lock whose `locked_until` passed is not).
pub(crate) async fn active(conn: &mut Conn, account: AccountId, now: Timestamp) -> Result<Option<LockRow>, Error> {
    sqlx::query_as(
        "SELECT locked_at, locked_until, locked_by, reason, notice_sent_at FROM account_locks
         WHERE account_id = $1 AND (locked_until IS NULL OR locked_until > $2)",
    )
    .bind(account.0)
    .bind(now.millis())
    .fetch_optional(conn)
    .await
}

/// For a sign-in's final transaction, in one query: whether `account`'s stored hash is still
/// `hash` (the one the password was checked against), and whether a lock is in force at `now`
/// (as [`active`]).
pub(crate) async fn hash_unchanged_and_locked(
    conn: &mut Conn,
    account: AccountId,
    hash: &str,
    now: Timestamp,
) -> Result<(bool, bool), Error> {
    let (unchanged, locked): (i64, i64) = sqlx::query_as(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND password_hash = $2) THEN 1 ELSE 0 END,
                CASE WHEN EXISTS (SELECT 1 FROM account_locks
                                  WHERE account_id = $1 AND (locked_until IS NULL OR locked_until > $3)) THEN 1 ELSE 0 END",
    )
    .bind(account.0)
    .bind(hash)
    .bind(now.millis())
    .fetch_one(conn)
    .await?;
    Ok((unchanged != 0, locked != 0))
}

/// Locks the account (replacing an earlier lock).
pub(crate) async fn lock(
    conn: &mut Conn,
    account: AccountId,
    until: Option<Timestamp>,
    by: Option<AccountId>,
    reason: &str,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO account_locks (account_id, locked_at, locked_until, locked_by, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id) DO UPDATE SET locked_at = excluded.locked_at,
             locked_until = excluded.locked_until, locked_by = excluded.locked_by, reason = excluded.reason",
    )
    .bind(account.0)
    .bind(now.millis())
    .bind(until.map(|t| t.millis()))
    .bind(by.map(|a| a.0))
    .bind(reason)
    .execute(conn)
    .await
    .map(drop)
}

/// Removes the account's lock; whether there was one.
pub(crate) async fn unlock(conn: &mut Conn, account: AccountId) -> Result<bool, Error> {
    let done = sqlx::query("DELETE FROM account_locks WHERE account_id = $1")
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Marks that the "account locked" email was sent at `now`, if none was sent since
/// `not_since`; whether this call claimed the notice (at most one an hour, even under races).
pub(crate) async fn claim_notice(
    conn: &mut Conn,
    account: AccountId,
    not_since: Timestamp,
    now: Timestamp,
) -> Result<bool, Error> {
    let done = sqlx::query(
        "UPDATE account_locks SET notice_sent_at = $1
         WHERE account_id = $2 AND (notice_sent_at IS NULL OR notice_sent_at <= $3)",
    )
    .bind(now.millis())
    .bind(account.0)
    .bind(not_since.millis())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
