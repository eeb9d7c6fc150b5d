//! Table `account_roles`: which roles each account has (issue 13).

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::batch::Stmt;
use crate::store::{Conn, Error};

/// The account's role names, sorted.
pub(crate) async fn of_account(conn: &mut Conn, account: AccountId) -> Result<Vec<String>, Error> {
    sqlx::query_scalar("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
        .bind(account.0)
        .fetch_all(conn)
        .await
}

/// Whether the account has `role`.
pub(crate) async fn has(conn: &mut Conn, account: AccountId, role: &str) -> Result<bool, Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_roles WHERE account_id = $1 AND role = $2")
        .bind(account.0)
        .bind(role)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Gives the account `role` (no-op if it has it).
pub(crate) fn grant(account: AccountId, role: &str, now: Timestamp) -> Stmt {
    Stmt::new(
        "INSERT INTO account_roles (account_id, role, granted_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, role) DO NOTHING",
    )
    .int(account.0)
    .str(role)
    .int(now.millis())
}

/// Takes every role from the account.
pub(crate) async fn clear(conn: &mut Conn, account: AccountId) -> Result<(), Error> {
    sqlx::query("DELETE FROM account_roles WHERE account_id = $1")
        .bind(account.0)
        .execute(conn)
        .await
        .map(drop)
}

/// How many accounts have `role` and are not locked at `now` (the last-admin rule counts these).
pub(crate) async fn count_unlocked_with(conn: &mut Conn, role: &str, now: Timestamp) -> Result<i64, Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_roles r WHERE r.role = $1 AND NOT EXISTS (
             SELECT 1 FROM account_locks l WHERE l.account_id = r.account_id
             AND (l.locked_until IS NULL OR l.locked_until > $2))",
    )
    .bind(role)
    .bind(now.millis())
    .fetch_one(conn)
    .await
}
