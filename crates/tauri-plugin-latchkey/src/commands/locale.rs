//! The languages: the catalogues the screens read, and the language remembered per account.

use latchkey_core::ErrorCode;
use latchkey_core::Locale;
use latchkey_core::i18n;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::session::{current_token, session_over};
use crate::error::CommandError;
use crate::state::AppState;

/// One language's Fluent catalogue (`locales/<tag>.ftl`), as embedded in the core.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Catalogue {
    tag: &'static str,
    /// The language's name in itself (its `language-name`), for the language menu: the page
    /// need not parse every catalogue to list them.
    name: String,
    source: &'static str,
}

/// Every catalogue (not the `en-XA` pseudo-locale, which the UI derives from English).
#[tauri::command]
pub async fn locales() -> Vec<Catalogue> {
    catalogues()
}

pub(crate) fn catalogues() -> Vec<Catalogue> {
    i18n::sources()
        .iter()
        .map(|(tag, source)| Catalogue {
            tag,
            name: Locale::parse(tag)
                .map(|locale| i18n::message(locale, "language-name", &[]))
                .unwrap_or_else(|| (*tag).to_owned()),
            source,
        })
        .collect()
}

/// The signed-in account's language, or null (nobody signed in, or it never chose one).
#[tauri::command]
pub async fn account_locale(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    let Ok(token) = current_token(&state).await else {
        return Ok(None);
    };
    let Ok(current) = state.latchkey()?.validate_session(&token).await else {
        return Ok(None);
    };
    let locale = state
        .latchkey()?
        .account_locale(current.account.id)
        .await
        .map_err(|e| CommandError::internal("reading the account's language", e))?;
    Ok(locale.map(|l| l.as_str().to_owned()))
}

/// Remembers `locale` for the signed-in account (its screens and emails); `not_signed_in` if
/// nobody is. An unknown tag is `invalid_input`.
#[tauri::command]
pub async fn set_account_locale<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    locale: String,
) -> Result<(), CommandError> {
    let Some(locale) = Locale::parse(&locale) else {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!("There is no catalogue for the language {locale:?}."),
        ));
    };
    let token = current_token(&state).await?;
    let current = match state.latchkey()?.validate_session(&token).await {
        Ok(current) => current,
        Err(e) => return Err(session_over(&app, &state, e).await),
    };
    state
        .latchkey()?
        .set_account_locale(current.account.id, locale)
        .await
        .map_err(|e| CommandError::internal("saving the account's language", e))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn every_catalogue_comes_with_its_language_named_in_itself() {
        let named: Vec<(&str, String)> = super::locales().await.into_iter().map(|c| (c.tag, c.name)).collect();
        assert_eq!(
            named,
            vec![
                ("en", "English".to_owned()),
                ("ru", "Русский".to_owned()),
                ("uz", "Oʻzbekcha".to_owned()),
            ]
        );
    }
}
