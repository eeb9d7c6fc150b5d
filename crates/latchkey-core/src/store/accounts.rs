//! Table `accounts`: registered people (pending until their address is verified), their
//! password hash and their language.

use crate::clock::Timestamp;
use crate::domain::{Email, Identifier, Phone, Username};
use crate::ids::AccountId;
use crate::store::batch::Stmt;
use crate::store::{Backend, Conn, Error, Pool};

/// An account row as the flows use it.
#[derive(Clone, sqlx::FromRow)]
pub(crate) struct AccountRecord {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_e164: String,
    pub username: String,
    pub password_hash: String,
    pub email_verified_at: Option<i64>,
    pub created_at: i64,
}

impl std::fmt::Debug for AccountRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRecord")
            .field("id", &self.id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl AccountRecord {
    pub(crate) fn id(&self) -> AccountId {
        AccountId(self.id)
    }

    pub(crate) fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

macro_rules! select_account_where {
    ($condition:literal) => {
        concat!(
            "SELECT id, first_name, last_name, email, phone_e164, username, password_hash, ",
            "email_verified_at, created_at FROM accounts WHERE ",
            $condition
        )
    };
}

/// The verified account of `email`; `Ok(None)` if there is none. Pending registrations
/// (unverified accounts) hold their address in `pending_email_key` and are not found here:
/// several may share one address.
pub(crate) async fn find_by_email(conn: &mut Conn, email: &Email) -> Result<Option<AccountRecord>, Error> {
    sqlx::query_as(select_account_where!("email_key = $1"))
        .bind(email.key())
        .fetch_optional(conn)
        .await
}

/// The account an email (verified accounts only, as [`find_by_email`]) or a username (any
/// account) names, case-insensitively; `Ok(None)` if none.
pub(crate) async fn find_by_identifier(
    conn: &mut Conn,
    identifier: &Identifier,
) -> Result<Option<AccountRecord>, Error> {
    match identifier {
        Identifier::Email(email) => find_by_email(conn, email).await,
        Identifier::Username(username) => {
            sqlx::query_as(select_account_where!("username_key = $1"))
                .bind(username.key())
                .fetch_optional(conn)
                .await
        }
    }
}

/// The account with row id `id`, pending or verified; `Ok(None)` if it does not exist (any more).
pub(crate) async fn find_by_id(conn: &mut Conn, id: AccountId) -> Result<Option<AccountRecord>, Error> {
    sqlx::query_as(select_account_where!("id = $1"))
        .bind(id.0)
        .fetch_optional(conn)
        .await
}

/// The account (pending or verified) with this phone number; `Ok(None)` if none.
pub(crate) async fn find_by_phone(conn: &mut Conn, phone: &Phone) -> Result<Option<AccountRecord>, Error> {
    sqlx::query_as(select_account_where!("phone_e164 = $1"))
        .bind(phone.as_str())
        .fetch_optional(conn)
        .await
}

/// What a registration asks for that accounts already hold: its username (any account,
/// case-insensitively, as [`username_taken`]), its address (a verified account, as
/// [`find_by_email`]) and its phone (as [`find_by_phone`]); with them, in the same query (a
/// registration's one read on a fleet's server, on both of its paths alike), the id the new
/// account would get and the recent stand-in codes of the address (for the resend limits of
/// the taken-address answer).
pub(crate) struct Claims {
    pub username_taken: bool,
    pub email_owner: Option<AccountRecord>,
    pub phone_owner: Option<AccountRecord>,
    /// The language the address's owner chose, if any (a message to them is written in it).
    pub email_owner_locale: Option<String>,
    pub phone_owner_locale: Option<String>,
    /// The id to give the new account ([`insert_pending`]): valid inside the write
    /// transaction that read it (writers take turns, see [`crate::store::Database::write`]).
    pub next_account_id: AccountId,
    /// When the newest and the fifth newest stand-in code of the given key and purpose were
    /// issued, among those after the given time.
    pub decoys_newest: Option<i64>,
    pub decoys_fifth: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    next_id: i64,
    decoys_newest: Option<i64>,
    decoys_fifth: Option<i64>,
    id: Option<i64>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone_e164: Option<String>,
    username: Option<String>,
    password_hash: Option<String>,
    email_verified_at: Option<i64>,
    created_at: Option<i64>,
    locale: Option<String>,
    by_username: i64,
    by_email: i64,
    by_phone: i64,
}

impl ClaimRow {
    fn account(&self) -> Option<AccountRecord> {
        Some(AccountRecord {
            id: self.id?,
            first_name: self.first_name.clone()?,
            last_name: self.last_name.clone()?,
            email: self.email.clone()?,
            phone_e164: self.phone_e164.clone()?,
            username: self.username.clone()?,
            password_hash: self.password_hash.clone()?,
            email_verified_at: self.email_verified_at,
            created_at: self.created_at?,
        })
    }
}

/// [`claims`]' query, with the backend's spelling of the next account id. One row at least:
/// the numbers, joined to each account that holds something (none: account columns NULL).
macro_rules! claims_sql {
    ($next_id:literal) => {
        concat!(
            "SELECT n.next_id, n.decoys_newest, n.decoys_fifth,
                    a.id, a.first_name, a.last_name, a.email, a.phone_e164, a.username, a.password_hash,
                    a.email_verified_at, a.created_at, a.locale,
                    CASE WHEN a.username_key = $1 THEN 1 ELSE 0 END AS by_username,
                    CASE WHEN a.email_key = $2 THEN 1 ELSE 0 END AS by_email,
                    CASE WHEN a.phone_e164 = $3 THEN 1 ELSE 0 END AS by_phone
             FROM (SELECT ",
            $next_id,
            " AS next_id,
                    (SELECT MAX(created_at) FROM decoy_codes
                     WHERE identifier_key = $4 AND purpose = $5 AND created_at > $6) AS decoys_newest,
                    (SELECT created_at FROM decoy_codes
                     WHERE identifier_key = $4 AND purpose = $5 AND created_at > $6
                     ORDER BY created_at DESC LIMIT 1 OFFSET 4) AS decoys_fifth) n
             LEFT JOIN accounts a ON a.username_key = $1 OR a.email_key = $2 OR a.phone_e164 = $3"
        )
    };
}

/// See [`Claims`]; `decoys` is the stand-in codes' key and purpose, `after` the time from
/// which they count.
pub(crate) async fn claims(
    conn: &mut Conn,
    username: &Username,
    email: &Email,
    phone: &Phone,
    decoys: (&crate::ids::IdentifierKey, crate::codes::CodePurpose),
    after: i64,
) -> Result<Claims, Error> {
    let sql = match Backend::of_conn(conn) {
        // SQLite gives a new row the largest id + 1 (no AUTOINCREMENT on `accounts`).
        Backend::Sqlite => claims_sql!("(SELECT COALESCE(MAX(id), 0) + 1 FROM accounts)"),
        Backend::Postgres => claims_sql!("nextval(pg_get_serial_sequence('accounts', 'id'))"),
    };
    let rows: Vec<ClaimRow> = sqlx::query_as(sql)
        .bind(username.key())
        .bind(email.key())
        .bind(phone.as_str())
        .bind(decoys.0.as_str())
        .bind(decoys.1.as_str())
        .bind(after)
        .fetch_all(conn)
        .await?;
    let first = rows
        .first()
        .ok_or_else(|| Error::Protocol("the claims query returned no row".into()))?;
    let owner = |pick: fn(&ClaimRow) -> i64| rows.iter().find(|r| pick(r) != 0);
    let (email_owner, phone_owner) = (owner(|r| r.by_email), owner(|r| r.by_phone));
    Ok(Claims {
        username_taken: rows.iter().any(|r| r.by_username != 0),
        email_owner: email_owner.and_then(ClaimRow::account),
        phone_owner: phone_owner.and_then(ClaimRow::account),
        email_owner_locale: email_owner.and_then(|r| r.locale.clone()),
        phone_owner_locale: phone_owner.and_then(|r| r.locale.clone()),
        next_account_id: AccountId(first.next_id),
        decoys_newest: first.decoys_newest,
        decoys_fifth: first.decoys_fifth,
    })
}

/// Whether any account (pending or verified) has this username (case-insensitively).
pub(crate) async fn username_taken(conn: &mut Conn, username: &Username) -> Result<bool, Error> {
    let taken: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM accounts WHERE username_key = $1) THEN 1 ELSE 0 END",
    )
    .bind(username.key())
    .fetch_one(conn)
    .await?;
    Ok(taken != 0)
}

/// A new account to insert; it starts pending (unverified).
pub(crate) struct NewPendingAccount<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a Email,
    pub phone: &'a Phone,
    pub username: &'a Username,
    pub password_hash: &'a str,
    pub locale: &'a str,
}

/// Inserts a pending account with id `id` (from [`Claims::next_account_id`], in the same
/// write transaction): its address goes to `pending_email_key` (several pending registrations
/// may share it) and `email_key` gets a unique placeholder until [`mark_verified`]. Fails
/// (unique constraint) if the username or phone is taken. Returns the statement (to defer) and
/// the row as it will be.
pub(crate) fn insert_pending(id: AccountId, new: &NewPendingAccount<'_>, now: Timestamp) -> (Stmt, AccountRecord) {
    let stmt = Stmt::new(
        "INSERT INTO accounts (id, first_name, last_name, email, email_key, pending_email_key, phone_e164, username,
                               username_key, password_hash, created_at, updated_at, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .int(id.0)
    .str(new.first_name)
    .str(new.last_name)
    .str(new.email.as_str())
    .str(&pending_placeholder())
    .str(new.email.key())
    .str(new.phone.as_str())
    .str(new.username.as_str())
    .str(new.username.key())
    .str(new.password_hash)
    .int(now.millis())
    .int(now.millis())
    .str(new.locale);
    let record = AccountRecord {
        id: id.0,
        first_name: new.first_name.to_owned(),
        last_name: new.last_name.to_owned(),
        email: new.email.as_str().to_owned(),
        phone_e164: new.phone.as_str().to_owned(),
        username: new.username.as_str().to_owned(),
        password_hash: new.password_hash.to_owned(),
        email_verified_at: None,
        created_at: now.millis(),
    };
    (stmt, record)
}

/// A unique stand-in for a pending account's `email_key`: `pending:` and 32 random hex digits
/// (from the OS RNG, as SQLite's `randomblob` gave before the SQL was made portable).
fn pending_placeholder() -> String {
    format!(
        "pending:{}",
        hex::encode(crate::random::SecureRandom::os().bytes::<16>())
    )
}

/// Marks `account` verified: it takes its address's unique key, and every other pending
/// registration of that address is deleted (with its codes, sessions and handles).
pub(crate) async fn mark_verified(conn: &mut Conn, account: AccountId, now: Timestamp) -> Result<(), Error> {
    sqlx::query(
        "DELETE FROM accounts WHERE id != $1 AND pending_email_key IS NOT NULL
             AND pending_email_key = (SELECT pending_email_key FROM accounts WHERE id = $1)",
    )
    .bind(account.0)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE accounts SET email_key = COALESCE(pending_email_key, email_key), pending_email_key = NULL,
             email_verified_at = COALESCE(email_verified_at, $1), updated_at = $2 WHERE id = $3",
    )
    .bind(now.millis())
    .bind(now.millis())
    .bind(account.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether `account`'s stored password hash is still `hash` (false too if the account is gone).
pub(crate) async fn password_hash_is(conn: &mut Conn, account: AccountId, hash: &str) -> Result<bool, Error> {
    let same: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND password_hash = $2) THEN 1 ELSE 0 END",
    )
    .bind(account.0)
    .bind(hash)
    .fetch_one(conn)
    .await?;
    Ok(same != 0)
}

/// Replaces `account`'s password hash with `new_hash` only if it is still `expected`;
/// returns whether it was replaced.
pub(crate) async fn replace_password_hash(
    conn: &mut Conn,
    account: AccountId,
    expected: &str,
    new_hash: &str,
    now: Timestamp,
) -> Result<bool, Error> {
    let done =
        sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3 AND password_hash = $4")
            .bind(new_hash)
            .bind(now.millis())
            .bind(account.0)
            .bind(expected)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Sets `account`'s password hash whatever it was.
pub(crate) async fn set_password_hash(
    conn: &mut Conn,
    account: AccountId,
    new_hash: &str,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(new_hash)
        .bind(now.millis())
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// `(email_key, username_key)`: the case-folded identifiers `account` is found by. Fails
/// (`RowNotFound`) if the account does not exist.
pub(crate) async fn identifier_keys(conn: &mut Conn, account: AccountId) -> Result<(String, String), Error> {
    sqlx::query_as("SELECT email_key, username_key FROM accounts WHERE id = $1")
        .bind(account.0)
        .fetch_one(conn)
        .await
}

/// The first 64 characters of every stored password hash (enough for the argon2 cost).
pub(crate) async fn password_hash_prefixes(pool: &Pool) -> Result<Vec<String>, Error> {
    sqlx::query_scalar("SELECT substr(password_hash, 1, 64) FROM accounts")
        .fetch_all(pool)
        .await
}

/// How many accounts (pending or verified) there are.
pub(crate) async fn count(conn: &mut Conn) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(conn)
        .await
}

/// The language tag `account` chose: `Ok(None)` if the account does not exist, `Ok(Some(None))`
/// if it chose none.
pub(crate) async fn locale(conn: &mut Conn, account: AccountId) -> Result<Option<Option<String>>, Error> {
    sqlx::query_scalar("SELECT locale FROM accounts WHERE id = $1")
        .bind(account.0)
        .fetch_optional(conn)
        .await
}

/// Remembers `tag` as `account`'s language (nothing happens if the account does not exist).
pub(crate) async fn set_locale(conn: &mut Conn, account: AccountId, tag: &str) -> Result<(), Error> {
    sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
        .bind(tag)
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// The language tag of an account whose address is exactly `email` and that chose one;
/// `Ok(None)` if there is no such account.
pub(crate) async fn locale_of_address(conn: &mut Conn, email: &str) -> Result<Option<String>, Error> {
    sqlx::query_scalar("SELECT locale FROM accounts WHERE email = $1 AND locale IS NOT NULL")
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// The editable profile fields of an account, parsed.
pub(crate) struct ProfileUpdate<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub username: &'a Username,
    pub phone: &'a Phone,
}

/// Writes `account`'s names, username and phone. Fails (unique constraint) if the username or
/// phone belongs to another account.
pub(crate) async fn update_profile(
    conn: &mut Conn,
    account: AccountId,
    update: &ProfileUpdate<'_>,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE accounts SET first_name = $1, last_name = $2, username = $3, username_key = $4, phone_e164 = $5,
             updated_at = $6 WHERE id = $7",
    )
    .bind(update.first_name)
    .bind(update.last_name)
    .bind(update.username.as_str())
    .bind(update.username.key())
    .bind(update.phone.as_str())
    .bind(now.millis())
    .bind(account.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes `email` (already verified by a code) `account`'s address. Fails (unique constraint)
/// if another account holds it.
pub(crate) async fn update_email(
    conn: &mut Conn,
    account: AccountId,
    email: &Email,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query("UPDATE accounts SET email = $1, email_key = $2, updated_at = $3 WHERE id = $4")
        .bind(email.as_str())
        .bind(email.key())
        .bind(now.millis())
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes `account`; its sessions, codes and registration handles go with it (ON DELETE
/// CASCADE). Returns whether it existed.
pub(crate) async fn delete(conn: &mut Conn, account: AccountId) -> Result<bool, Error> {
    let done = sqlx::query("DELETE FROM accounts WHERE id = $1")
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
