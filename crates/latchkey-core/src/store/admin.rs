//! Administration queries (issue 13): account search and the audit log with filters.

use crate::store::{Conn, Error};

/// Account ids whose email, username, phone or name contains `needle` (lower case, matched
/// against lower-cased columns), newest first.
pub(crate) async fn search_account_ids(conn: &mut Conn, needle: &str, limit: i64) -> Result<Vec<i64>, Error> {
    let escaped: String = needle
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = format!("%{escaped}%");
    sqlx::query_scalar(
        "SELECT id FROM accounts WHERE email_key LIKE $1 ESCAPE '\\' OR COALESCE(pending_email_key, '') LIKE $1 ESCAPE '\\'
         OR username_key LIKE $1 ESCAPE '\\' OR phone_e164 LIKE $1 ESCAPE '\\'
         OR lower(first_name || ' ' || last_name) LIKE $1 ESCAPE '\\'
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(pattern)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// `(id, at, account_id, kind, detail)` of an audit row.
pub(crate) type AuditRow = (i64, i64, Option<i64>, String, String);

/// Audit events with id > `after_id`, optionally of one account and/or one kind; newest first
/// unless `ascending`.
pub(crate) async fn audit_events(
    conn: &mut Conn,
    after_id: i64,
    account: Option<i64>,
    kind: Option<&str>,
    limit: i64,
    ascending: bool,
) -> Result<Vec<AuditRow>, Error> {
    let query = if ascending {
        sqlx::query_as(
            "SELECT id, at, account_id, kind, detail FROM audit_events
             WHERE id > $1 AND ($2 IS NULL OR account_id = $2) AND ($3 IS NULL OR kind = $3) ORDER BY id ASC LIMIT $4",
        )
    } else {
        sqlx::query_as(
            "SELECT id, at, account_id, kind, detail FROM audit_events
             WHERE id > $1 AND ($2 IS NULL OR account_id = $2) AND ($3 IS NULL OR kind = $3) ORDER BY id DESC LIMIT $4",
        )
    };
    query
        .bind(after_id)
        .bind(account)
        .bind(kind)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// A verified account made by an administrator (`latchkey admin create`).
pub(crate) struct NewVerifiedAccount<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub phone_e164: &'a str,
    pub username: &'a str,
    pub username_key: &'a str,
    pub password_hash: &'a str,
}

/// Inserts a verified account; fails (unique constraint) if the address, username or phone is taken.
pub(crate) async fn insert_verified(
    conn: &mut Conn,
    new: &NewVerifiedAccount<'_>,
    now: crate::clock::Timestamp,
) -> Result<i64, Error> {
    sqlx::query_scalar(
        "INSERT INTO accounts (first_name, last_name, email, email_key, phone_e164, username, username_key,
             password_hash, email_verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) RETURNING id",
    )
    .bind(new.first_name)
    .bind(new.last_name)
    .bind(new.email)
    .bind(new.email_key)
    .bind(new.phone_e164)
    .bind(new.username)
    .bind(new.username_key)
    .bind(new.password_hash)
    .bind(now.millis())
    .fetch_one(conn)
    .await
}

/// The account whose email key, username key or id (decimal) is `key`.
pub(crate) async fn account_id_by_key(conn: &mut Conn, key: &str) -> Result<Option<i64>, Error> {
    let id: i64 = key.parse().unwrap_or(-1);
    sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1 OR email_key = $2 OR username_key = $2 LIMIT 1")
        .bind(id)
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// How many live sessions the account has.
pub(crate) async fn live_session_count(conn: &mut Conn, account: i64) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1 AND revoked_at IS NULL")
        .bind(account)
        .fetch_one(conn)
        .await
}
