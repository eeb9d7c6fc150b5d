//! Tables `one_time_codes` (real codes, by account) and `decoy_codes` (stand-in codes and
//! reset-request trackers, by identifier key). Only a code's MAC is stored.

use crate::clock::Timestamp;
use crate::codes::{CodeOwner, CodePurpose};
use crate::ids::{AccountId, IdentifierKey};
use crate::store::batch::{IdRef, Stmt};
use crate::store::{Conn, Error};

/// The current (latest, not superseded) code of an owner and purpose. `sent_at` is when its
/// email left (real codes, and decoys that follow a message), or the simulated delivery time.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CodeRow {
    pub id: i64,
    pub code_mac: Option<Vec<u8>>,
    pub lifetime_ms: i64,
    pub failed_attempts: i64,
    pub consumed_at: Option<i64>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

/// The owner's latest code of `purpose` that no newer code superseded (consumed or not);
/// `Ok(None)` if there is none. Decoys have no MAC and are never consumed.
pub(crate) async fn current_code(
    conn: &mut Conn,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
) -> Result<Option<CodeRow>, Error> {
    match owner {
        CodeOwner::Account(account) => {
            sqlx::query_as(
                "SELECT c.id, c.code_mac, c.lifetime_ms, c.failed_attempts, c.consumed_at, o.sent_at, c.created_at
                 FROM one_time_codes c LEFT JOIN outbox o ON o.id = c.outbox_id
                 WHERE c.account_id = $1 AND c.purpose = $2 AND c.superseded_at IS NULL
                 ORDER BY c.id DESC LIMIT 1",
            )
            .bind(account.0)
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await
        }
        CodeOwner::Decoy(key) => {
            sqlx::query_as(
                "SELECT d.id, NULL AS code_mac, d.lifetime_ms, d.failed_attempts, NULL AS consumed_at,
                        CASE WHEN d.outbox_id IS NULL THEN d.sent_at ELSE o.sent_at END AS sent_at, d.created_at
                 FROM decoy_codes d LEFT JOIN outbox o ON o.id = d.outbox_id
                 WHERE d.identifier_key = $1 AND d.purpose = $2 AND d.superseded_at IS NULL
                 ORDER BY d.id DESC LIMIT 1",
            )
            .bind(key.as_str())
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await
        }
    }
}

/// When the owner's codes of `purpose` issued after `after` (millis) were issued, newest
/// first, at most the newest 5 (superseded and consumed ones count).
pub(crate) async fn recent_issue_times(
    conn: &mut Conn,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    after: i64,
) -> Result<Vec<i64>, Error> {
    match owner {
        CodeOwner::Account(account) => {
            sqlx::query_scalar(
                "SELECT created_at FROM one_time_codes WHERE account_id = $1 AND purpose = $2 AND created_at > $3
                 ORDER BY created_at DESC LIMIT 5",
            )
            .bind(account.0)
            .bind(purpose.as_str())
            .bind(after)
            .fetch_all(conn)
            .await
        }
        CodeOwner::Decoy(key) => {
            sqlx::query_scalar(
                "SELECT created_at FROM decoy_codes WHERE identifier_key = $1 AND purpose = $2 AND created_at > $3
                 ORDER BY created_at DESC LIMIT 5",
            )
            .bind(key.as_str())
            .bind(purpose.as_str())
            .bind(after)
            .fetch_all(conn)
            .await
        }
    }
}

/// Supersedes `account`'s live (unused, not superseded) codes of `purpose`.
pub(crate) fn supersede_codes(account: AccountId, purpose: CodePurpose, now: Timestamp) -> Stmt {
    Stmt::new(
        "UPDATE one_time_codes SET superseded_at = $1
         WHERE account_id = $2 AND purpose = $3 AND superseded_at IS NULL AND consumed_at IS NULL",
    )
    .int(now.millis())
    .int(account.0)
    .str(purpose.as_str())
}

/// Inserts a real code (its MAC) whose email is outbox message `outbox_id`.
pub(crate) fn insert_code(
    account: AccountId,
    purpose: CodePurpose,
    code_mac: &[u8],
    lifetime_ms: i64,
    outbox_id: impl Into<IdRef>,
    now: Timestamp,
) -> Stmt {
    Stmt::new(
        "INSERT INTO one_time_codes (account_id, purpose, code_mac, created_at, lifetime_ms, outbox_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .int(account.0)
    .str(purpose.as_str())
    .bytes(Some(code_mac))
    .int(now.millis())
    .int(lifetime_ms)
    .id(Some(outbox_id.into()))
}

/// Supersedes the current decoys of `key` and `purpose`.
pub(crate) fn supersede_decoys(key: &IdentifierKey, purpose: CodePurpose, now: Timestamp) -> Stmt {
    Stmt::new(
        "UPDATE decoy_codes SET superseded_at = $1 WHERE identifier_key = $2 AND purpose = $3 AND superseded_at IS NULL",
    )
    .int(now.millis())
    .str(key.as_str())
    .str(purpose.as_str())
}

/// Inserts a decoy: it follows outbox message `outbox_id` when there is one, else it "left"
/// at `sent_at`.
pub(crate) fn insert_decoy(
    key: &IdentifierKey,
    purpose: CodePurpose,
    lifetime_ms: i64,
    outbox_id: Option<IdRef>,
    sent_at: Option<Timestamp>,
    now: Timestamp,
) -> Stmt {
    Stmt::new(
        "INSERT INTO decoy_codes (identifier_key, purpose, created_at, lifetime_ms, outbox_id, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .str(key.as_str())
    .str(purpose.as_str())
    .int(now.millis())
    .int(lifetime_ms)
    .id(outbox_id)
    .int(sent_at.map(Timestamp::millis))
}

/// Marks real code `id` used.
pub(crate) async fn consume_code(conn: &mut Conn, id: i64, now: Timestamp) -> Result<(), Error> {
    sqlx::query("UPDATE one_time_codes SET consumed_at = $1 WHERE id = $2")
        .bind(now.millis())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts one wrong try on code `id` of the owner's table (real or decoy).
pub(crate) async fn count_failed_attempt(conn: &mut Conn, owner: CodeOwner<'_>, id: i64) -> Result<(), Error> {
    let table_update = match owner {
        CodeOwner::Account(_) => "UPDATE one_time_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1",
        CodeOwner::Decoy(_) => "UPDATE decoy_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1",
    };
    sqlx::query(table_update).bind(id).execute(conn).await?;
    Ok(())
}

/// Supersedes decoy `id` (a reset tracker whose real code was used).
pub(crate) async fn supersede_decoy(conn: &mut Conn, id: i64, now: Timestamp) -> Result<(), Error> {
    sqlx::query("UPDATE decoy_codes SET superseded_at = $1 WHERE id = $2")
        .bind(now.millis())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
