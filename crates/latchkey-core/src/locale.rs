//! The language an account reads its screens and emails in, kept with the account (set at
//! registration, changed from the language menu). Emails to the account use it (see
//! [`crate::mail::outbox::enqueue`]).

use crate::accounts::{AccountId, Latchkey};
use crate::error::InternalError;
use crate::i18n::Locale;

impl Latchkey {
    /// The account's language, or `Ok(None)` if it never chose one (or its catalogue is gone).
    pub async fn account_locale(&self, account: AccountId) -> Result<Option<Locale>, InternalError> {
        let tag: Option<Option<String>> = sqlx::query_scalar("SELECT locale FROM accounts WHERE id = ?")
            .bind(account.0)
            .fetch_optional(self.database().pool())
            .await?;
        Ok(tag.flatten().and_then(|tag| Locale::parse(&tag)))
    }

    /// Remembers `locale` for the account; its next emails are written in it.
    pub async fn set_account_locale(&self, account: AccountId, locale: Locale) -> Result<(), InternalError> {
        sqlx::query("UPDATE accounts SET locale = ? WHERE id = ?")
            .bind(locale.as_str())
            .bind(account.0)
            .execute(self.database().pool())
            .await?;
        Ok(())
    }
}
