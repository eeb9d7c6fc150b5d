//! Latchkey's domain, free of any GUI: who the accounts are, how they prove it, and what
//! they are told by email. The Tauri shell (`src-tauri/`) only parses input, calls the use
//! cases here and maps their errors.

pub mod clock;
pub mod mail;
pub mod secret_key;
pub mod storage;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use secret_key::InstallKey;
pub use storage::{Database, StorageError};
