//! Latchkey's domain, free of any GUI: who the accounts are, how they prove it, and what
//! they are told by email. The Tauri shell (`src-tauri/`) only parses input, calls the use
//! cases here and maps their errors.
//!
//! Account flows, one file each: [`register`], [`verify_email`], [`log_in`], [`sessions`]
//! (validate, log out, change password), [`reset_password`]; all are methods of
//! [`accounts::Latchkey`].

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod change_email;
pub mod clock;
pub mod code_errors;
pub mod codes;
pub mod config;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod invites;
pub mod locale;
pub mod log_in;
pub mod mail;
mod pace;
mod password_hashing;
pub mod phone;
pub mod picture;
pub mod profile;
pub mod random;
pub mod register;
pub mod reset_password;
pub mod roles;
pub mod secret_key;
mod session_cache;
pub mod sessions;
pub mod sign_in_code;
pub mod sms;
pub mod store;
pub mod throttle;
mod unit_of_work;
/// The database handle's former home; [`store`] is its name now.
pub use store as storage;
pub mod verify_email;

pub use accounts::{AccountId, AccountView, Latchkey, LatchkeyParts, OpenError, StoreSecrets};
pub use admin::{Actor, AdminError};
pub use audit::{AuditEvent, AuditKind};
pub use change_email::{ChangeEmailError, ConfirmEmailChangeError, PendingEmailChange};
pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use codes::{CodePurpose, CodeState, CodeStatus};
pub use config::{Config, ConfigError, RegistrationMode, RoleConfig};
pub use domain::InviteCode;
pub use domain::{FieldError, Strength, password_strength};
pub use error::{ErrorCode, InternalError};
pub use i18n::Locale;
pub use log_in::LogInError;
pub use password_hashing::HASHING_SPAN;
pub use picture::{PictureError, ProfilePicture};
pub use profile::{AccountExport, DeleteAccountError, DeleteCodeError, PictureChangeError, ProfileError, ProfileForm};
pub use random::SecureRandom;
pub use register::{RegisterError, Registered, RegistrationExtras, RegistrationForm, RegistrationHandle};
pub use reset_password::{RequestResetError, ResetPasswordError, ResetRequested};
pub use roles::Role;
pub use secret_key::InstallKey;
pub use sessions::{ChangePasswordError, CurrentSession, SessionError, SessionId, SessionToken, SessionView, SignedIn};
pub use store::{Database, StorageError};
pub use verify_email::{ResendCodeError, VerifyEmailError};
