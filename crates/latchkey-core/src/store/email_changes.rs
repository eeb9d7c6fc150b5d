//! Table `email_changes`: at most one pending change of address per account. The old address
//! stays the account's until the code sent to the new one is entered. Deleted with its account.

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::{Conn, Error};

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct EmailChangeRow {
    pub new_email: String,
    /// 1 when another account held the new address when the change was asked for: a stand-in
    /// code was issued instead of a real one.
    pub taken: i64,
}

/// Records (or replaces) `account`'s pending change to `new_email`.
pub(crate) async fn put(
    conn: &mut Conn,
    account: AccountId,
    new_email: &str,
    new_email_key: &str,
    taken: bool,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO email_changes (account_id, new_email, new_email_key, taken, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id) DO UPDATE SET new_email = excluded.new_email,
             new_email_key = excluded.new_email_key, taken = excluded.taken, created_at = excluded.created_at",
    )
    .bind(account.0)
    .bind(new_email)
    .bind(new_email_key)
    .bind(i64::from(taken))
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// `account`'s pending change, if any.
pub(crate) async fn get(conn: &mut Conn, account: AccountId) -> Result<Option<EmailChangeRow>, Error> {
    sqlx::query_as("SELECT new_email, taken FROM email_changes WHERE account_id = $1")
        .bind(account.0)
        .fetch_optional(conn)
        .await
}

/// Forgets `account`'s pending change.
pub(crate) async fn delete(conn: &mut Conn, account: AccountId) -> Result<(), Error> {
    sqlx::query("DELETE FROM email_changes WHERE account_id = $1")
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(())
}
