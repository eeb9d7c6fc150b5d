//! The one place where errors become what the UI sees: a stable `code` the UI switches on, a
//! human `message`, and, for input errors, the `field` they concern.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl CommandError {
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(%err, "{context}");
        CommandError {
            code: "internal",
            message: format!("Something went wrong ({context}). Details are in the log file."),
            field: None,
        }
    }
}
