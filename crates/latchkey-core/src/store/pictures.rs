//! Table `account_pictures`: one re-encoded profile picture per account (never the uploaded
//! bytes). Deleted with its account (`ON DELETE CASCADE`).

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::{Conn, Error};

/// A stored picture: the encoded image (its media type is `picture::MEDIA_TYPE`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PictureRow {
    pub image: Vec<u8>,
}

/// Sets (or replaces) `account`'s picture.
pub(crate) async fn put(
    conn: &mut Conn,
    account: AccountId,
    image: &[u8],
    media_type: &str,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO account_pictures (account_id, image, media_type, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id) DO UPDATE SET image = excluded.image, media_type = excluded.media_type,
             updated_at = excluded.updated_at",
    )
    .bind(account.0)
    .bind(image)
    .bind(media_type)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// `account`'s picture, if it has one.
pub(crate) async fn get(conn: &mut Conn, account: AccountId) -> Result<Option<PictureRow>, Error> {
    sqlx::query_as("SELECT image FROM account_pictures WHERE account_id = $1")
        .bind(account.0)
        .fetch_optional(conn)
        .await
}

/// Removes `account`'s picture; `true` if it had one.
pub(crate) async fn delete(conn: &mut Conn, account: AccountId) -> Result<bool, Error> {
    let done = sqlx::query("DELETE FROM account_pictures WHERE account_id = $1")
        .bind(account.0)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
