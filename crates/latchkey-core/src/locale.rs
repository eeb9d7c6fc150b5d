//! The language an account reads its screens and emails in, kept with the account (set at
//! registration, changed from the language menu). Emails to the account use it (see
//! [`crate::mail::outbox::enqueue`]).

use crate::accounts::Latchkey;
use crate::error::InternalError;
use crate::i18n::Locale;
use crate::ids::AccountId;
use crate::store;

impl Latchkey {
    /// The account's language, or `Ok(None)` if it never chose one (or its catalogue is gone).
    pub async fn account_locale(&self, account: AccountId) -> Result<Option<Locale>, InternalError> {
        let tag = store::accounts::locale(&mut *self.db.read().await?, account).await?;
        Ok(tag.flatten().and_then(|tag| Locale::parse(&tag)))
    }

    /// Remembers `locale` for the account; its next emails are written in it.
    pub async fn set_account_locale(&self, account: AccountId, locale: Locale) -> Result<(), InternalError> {
        store::accounts::set_locale(&mut *self.db.read().await?, account, locale.as_str()).await?;
        Ok(())
    }
}
