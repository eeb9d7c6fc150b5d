//! The failure every use case shares: something that is not the caller's fault.

/// An unexpected failure (database, hashing task). Its message names the failing step but
/// never carries input or secrets; the UI shows a generic sentence for code `internal`.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl InternalError {
    pub fn code(&self) -> &'static str {
        "internal"
    }
}
