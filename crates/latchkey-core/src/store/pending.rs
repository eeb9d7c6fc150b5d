//! Table `registration_handles`: the opaque handles that name one pending registration (or
//! stand in for a taken address) to the verify screen. Only a handle's SHA-256 is stored.

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::batch::Stmt;
use crate::store::{Conn, Error};

/// Records a handle (by its digest) for `account` (`None`: a stand-in for a taken address),
/// with the address it was issued to.
pub(crate) fn insert_handle(digest: &[u8; 32], account: Option<AccountId>, sent_to: &str, now: Timestamp) -> Stmt {
    Stmt::new("INSERT INTO registration_handles (handle_hash, account_id, sent_to, created_at) VALUES ($1, $2, $3, $4)")
        .bytes(Some(digest.as_slice()))
        .int(account.map(|a| a.0))
        .str(sent_to)
        .int(now.millis())
}

/// `(account, sent_to)` of the handle with this digest: `Ok(None)` if it was never issued (or
/// its account was deleted, which deletes its handles); `account` is `None` for a stand-in.
pub(crate) async fn find_handle(
    conn: &mut Conn,
    digest: &[u8; 32],
) -> Result<Option<(Option<AccountId>, String)>, Error> {
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT account_id, sent_to FROM registration_handles WHERE handle_hash = $1")
            .bind(digest.as_slice())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(account, sent_to)| (account.map(AccountId), sent_to)))
}

/// Deletes the registration handles whose code went to `address` (any case), the stand-ins
/// for already-registered addresses included.
pub(crate) async fn delete_handles_sent_to(conn: &mut Conn, address: &str) -> Result<(), Error> {
    sqlx::query("DELETE FROM registration_handles WHERE lower(sent_to) = lower($1)")
        .bind(address)
        .execute(conn)
        .await
        .map(drop)
}
