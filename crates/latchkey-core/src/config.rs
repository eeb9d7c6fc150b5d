//! Settings for the account core, in one typed struct.
//!
//! Sources, later ones winning: the defaults below, then a TOML file (usually `latchkey.toml`
//! in the config directory), then `LATCHKEY_*` environment variables, one per field, named
//! after it in upper case: `LATCHKEY_CODE_LIFETIME_SECS=300`,
//! `LATCHKEY_ENUMERATION_PROTECTION=false`, `LATCHKEY_ARGON2_MEMORY_KIB=…`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::domain::{MAX_PASSWORD_CHARS, PasswordPolicy, Region};

/// The config file's usual name inside the config directory.
pub const CONFIG_FILE: &str = "latchkey.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the config file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("the environment variable {name}={value:?} is not valid: expected {expected}")]
    Env {
        name: String,
        value: String,
        expected: &'static str,
    },
    #[error("invalid setting {setting}: {problem}")]
    Invalid { setting: &'static str, problem: String },
}

/// Every tunable of the account flows. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Digits in a one-time code, 6–10. Default 6.
    pub code_length: usize,
    /// How long a code stays valid once its email has left. Default 600 (10 minutes).
    pub code_lifetime_secs: u64,
    /// Least time between two codes for one account and purpose. Default 60. (At most 5 codes
    /// per hour still applies.) QA set-ups shorten it; it is never below 1 s.
    pub resend_cooldown_secs: u64,
    /// Minimum password length in characters, 1–256. Default 8.
    pub password_min_length: usize,
    /// A session unused this long ends. Default 30 days.
    pub session_idle_timeout_secs: u64,
    /// A session ends this long after sign-in however much it is used. Default 90 days.
    pub session_absolute_lifetime_secs: u64,
    /// When on (default), registering with an address that already has an account looks like
    /// success and the owner is told by email; when off, the form says the address is taken.
    pub enumeration_protection: bool,
    /// Region (ISO 3166 alpha-2) for phone numbers typed without `+`. Default `US`; empty for none.
    pub default_region: String,
    /// argon2id memory cost in KiB. Default 19456 (OWASP).
    pub argon2_memory_kib: u32,
    /// argon2id iterations. Default 2.
    pub argon2_iterations: u32,
    /// argon2id lanes. Default 1.
    pub argon2_parallelism: u32,
    /// Operator (dev) mode, off by default: the dev mailbox lists and opens every message with
    /// its recipient, and the status bar shows the number of accounts. Off, the dev mailbox
    /// shows a signed-in person their own mail only, and no count is shown (both tell who has
    /// an account). For development, QA and kiosk operators; `LATCHKEY_OPERATOR_MODE`.
    pub operator_mode: bool,
    /// The `[mail]` table: SMTP URL, From address, extra CA file. Environment variables and
    /// the settings screen override it (see `mail::MailSettings::resolve`).
    pub mail: crate::mail::MailConfig,
    /// The shared account store of a fleet: `postgres://user@host:5432/db?sslmode=verify-full`.
    /// Empty (the default): SQLite in the data directory. Never holds the password: that comes
    /// from `LATCHKEY_DATABASE_PASSWORD` or the OS keyring. `LATCHKEY_DATABASE_URL`.
    pub database_url: String,
    /// An extra CA certificate (PEM) to trust for the database server's TLS certificate, like
    /// mail's `ca_file`. `LATCHKEY_DATABASE_CA_FILE`.
    pub database_ca_file: Option<PathBuf>,
    /// The `[sms]` table: the HTTP SMS gateway (none: the dev SMS inbox) and the autofill
    /// domain. `LATCHKEY_SMS_*`; the secret only from `LATCHKEY_SMS_SECRET` or the keyring.
    pub sms: crate::sms::SmsConfig,
    /// Account roles (issue 13). Default: `member` (chosen at registration) and `admin`
    /// (never self-service). The seeds' example: `[[roles]] name = "student" self_service =
    /// true` and `[[roles]] name = "instructor" self_service = false` (by invite or admin only).
    /// `admin` is built in and always present.
    pub roles: Vec<RoleConfig>,
    /// The role a new account gets when it asks for none and its invite grants none. Default
    /// `member`; must be in `roles` and not `admin`; empty for none.
    pub default_role: String,
    /// `open` (default), `invite_only` (registering needs a valid invite code) or `closed`
    /// (only administrators create accounts). `LATCHKEY_REGISTRATION_MODE`.
    pub registration_mode: RegistrationMode,
    /// Whom a locked account's owner is told to contact (an address, a phone, a desk), in the
    /// "account locked" email. `LATCHKEY_SUPPORT_CONTACT`.
    pub support_contact: String,
}

/// One configurable role.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleConfig {
    /// 1–32 characters of a-z, 0-9, `_` and `-`.
    pub name: String,
    /// Whether a person may ask for it at registration (otherwise only by invite or admin).
    #[serde(default)]
    pub self_service: bool,
}

/// Who may register (issue 13).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationMode {
    #[default]
    Open,
    InviteOnly,
    Closed,
}

impl RegistrationMode {
    pub fn parse(s: &str) -> Option<RegistrationMode> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "open" => Some(RegistrationMode::Open),
            "invite_only" => Some(RegistrationMode::InviteOnly),
            "closed" => Some(RegistrationMode::Closed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationMode::Open => "open",
            RegistrationMode::InviteOnly => "invite_only",
            RegistrationMode::Closed => "closed",
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        let argon2 = argon2::Params::default();
        Config {
            code_length: 6,
            code_lifetime_secs: 10 * 60,
            resend_cooldown_secs: 60,
            password_min_length: 8,
            session_idle_timeout_secs: 30 * 24 * 3600,
            session_absolute_lifetime_secs: 90 * 24 * 3600,
            enumeration_protection: true,
            default_region: "US".to_owned(),
            argon2_memory_kib: argon2.m_cost(),
            argon2_iterations: argon2.t_cost(),
            argon2_parallelism: argon2.p_cost(),
            operator_mode: false,
            mail: crate::mail::MailConfig::default(),
            database_url: String::new(),
            database_ca_file: None,
            sms: crate::sms::SmsConfig::default(),
            roles: vec![
                RoleConfig {
                    name: "member".to_owned(),
                    self_service: true,
                },
                RoleConfig {
                    name: crate::roles::ADMIN.to_owned(),
                    self_service: false,
                },
            ],
            default_role: "member".to_owned(),
            registration_mode: RegistrationMode::Open,
            support_contact: String::new(),
        }
    }
}

impl Config {
    /// Defaults, then `config_file` if given and present (a missing file is not an error: the
    /// defaults apply), then the process's `LATCHKEY_*` variables. The result is validated.
    pub fn load(config_file: Option<&Path>) -> Result<Config, ConfigError> {
        let text = match config_file {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => Some((path, text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => {
                    return Err(ConfigError::Read {
                        path: path.to_owned(),
                        source,
                    });
                }
            },
            None => None,
        };
        Self::from_sources(text.as_ref().map(|(p, t)| (*p, t.as_str())), |name| {
            std::env::var(name).ok()
        })
    }

    /// Like [`Config::load`] with explicit sources, for tests: `file` is `(path, contents)`
    /// and `env` looks a variable up.
    pub fn from_sources(
        file: Option<(&Path, &str)>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config = match file {
            Some((path, text)) => toml::from_str(text).map_err(|source| ConfigError::Parse {
                path: path.to_owned(),
                source: Box::new(source),
            })?,
            None => Config::default(),
        };
        config.apply_env(env)?;
        config.validate()?;
        Ok(config)
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn number<T: std::str::FromStr>(
            env: &impl Fn(&str) -> Option<String>,
            name: &str,
            slot: &mut T,
        ) -> Result<(), ConfigError> {
            if let Some(value) = env(name) {
                *slot = value.trim().parse().map_err(|_| ConfigError::Env {
                    name: name.to_owned(),
                    value,
                    expected: "a whole number",
                })?;
            }
            Ok(())
        }
        number(&env, "LATCHKEY_CODE_LENGTH", &mut self.code_length)?;
        number(&env, "LATCHKEY_CODE_LIFETIME_SECS", &mut self.code_lifetime_secs)?;
        number(&env, "LATCHKEY_RESEND_COOLDOWN_SECS", &mut self.resend_cooldown_secs)?;
        number(&env, "LATCHKEY_PASSWORD_MIN_LENGTH", &mut self.password_min_length)?;
        number(
            &env,
            "LATCHKEY_SESSION_IDLE_TIMEOUT_SECS",
            &mut self.session_idle_timeout_secs,
        )?;
        number(
            &env,
            "LATCHKEY_SESSION_ABSOLUTE_LIFETIME_SECS",
            &mut self.session_absolute_lifetime_secs,
        )?;
        number(&env, "LATCHKEY_ARGON2_MEMORY_KIB", &mut self.argon2_memory_kib)?;
        number(&env, "LATCHKEY_ARGON2_ITERATIONS", &mut self.argon2_iterations)?;
        number(&env, "LATCHKEY_ARGON2_PARALLELISM", &mut self.argon2_parallelism)?;
        fn flag(env: &impl Fn(&str) -> Option<String>, name: &str, slot: &mut bool) -> Result<(), ConfigError> {
            if let Some(value) = env(name) {
                *slot = match value.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" | "yes" | "on" => true,
                    "0" | "false" | "no" | "off" => false,
                    _ => {
                        return Err(ConfigError::Env {
                            name: name.to_owned(),
                            value,
                            expected: "true or false",
                        });
                    }
                };
            }
            Ok(())
        }
        flag(
            &env,
            "LATCHKEY_ENUMERATION_PROTECTION",
            &mut self.enumeration_protection,
        )?;
        flag(&env, "LATCHKEY_OPERATOR_MODE", &mut self.operator_mode)?;
        if let Some(value) = env("LATCHKEY_DATABASE_URL") {
            self.database_url = value.trim().to_owned();
        }
        if let Some(value) = env("LATCHKEY_DATABASE_CA_FILE") {
            let value = value.trim();
            self.database_ca_file = (!value.is_empty()).then(|| PathBuf::from(value));
        }
        self.sms.apply_env(&env)?;
        if let Some(value) = env("LATCHKEY_REGISTRATION_MODE") {
            self.registration_mode = RegistrationMode::parse(&value).ok_or(ConfigError::Env {
                name: "LATCHKEY_REGISTRATION_MODE".to_owned(),
                value,
                expected: "open, invite_only or closed",
            })?;
        }
        if let Some(value) = env("LATCHKEY_SUPPORT_CONTACT") {
            self.support_contact = value.trim().to_owned();
        }
        if let Some(value) = env("LATCHKEY_DEFAULT_REGION") {
            self.default_region = value.trim().to_owned();
        }
        Ok(())
    }

    /// Checks ranges and relations between fields.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |setting, problem: &str| {
            Err(ConfigError::Invalid {
                setting,
                problem: problem.to_owned(),
            })
        };
        if !(6..=10).contains(&self.code_length) {
            return invalid(
                "code_length",
                "must be 6 to 10 digits (fewer, like the 4 of the seeds, is too easy to guess)",
            );
        }
        self.sms.validate()?;
        if self.resend_cooldown_secs == 0 || self.resend_cooldown_secs > 3600 {
            return invalid("resend_cooldown_secs", "must be between 1 and 3600");
        }
        if self.code_lifetime_secs == 0 {
            return invalid("code_lifetime_secs", "must be positive");
        }
        if !(1..=MAX_PASSWORD_CHARS).contains(&self.password_min_length) {
            return invalid("password_min_length", "must be 1 to 256");
        }
        if self.session_idle_timeout_secs == 0 || self.session_absolute_lifetime_secs == 0 {
            return invalid("session_idle_timeout_secs", "session lifetimes must be positive");
        }
        if self.session_idle_timeout_secs > self.session_absolute_lifetime_secs {
            return invalid(
                "session_idle_timeout_secs",
                "must not exceed session_absolute_lifetime_secs",
            );
        }
        if !self.default_region.is_empty() && Region::parse(&self.default_region).is_none() {
            return invalid(
                "default_region",
                "must be a two-letter region code such as US or FR, or empty",
            );
        }
        if let Err(e) = self.argon2_params() {
            return invalid("argon2_memory_kib", &e.to_string());
        }
        let mut seen = std::collections::HashSet::new();
        for role in &self.roles {
            if crate::roles::Role::parse(&role.name).is_none() {
                return invalid("roles", "role names are 1-32 characters of a-z, 0-9, _ and -");
            }
            if !seen.insert(role.name.as_str()) {
                return invalid("roles", "a role is listed twice");
            }
            if role.name == crate::roles::ADMIN && role.self_service {
                return invalid("roles", "admin cannot be self-service");
            }
        }
        if !seen.contains(crate::roles::ADMIN) {
            return invalid("roles", "the list must contain admin");
        }
        if !self.default_role.is_empty()
            && (!seen.contains(self.default_role.as_str()) || self.default_role == crate::roles::ADMIN)
        {
            return invalid("default_role", "must be one of roles (not admin), or empty");
        }
        if self.support_contact.chars().count() > 200 {
            return invalid("support_contact", "at most 200 characters");
        }
        Ok(())
    }

    pub fn code_lifetime(&self) -> Duration {
        Duration::from_secs(self.code_lifetime_secs)
    }

    pub fn resend_cooldown(&self) -> Duration {
        Duration::from_secs(self.resend_cooldown_secs)
    }

    pub fn session_idle_timeout(&self) -> Duration {
        Duration::from_secs(self.session_idle_timeout_secs)
    }

    pub fn session_absolute_lifetime(&self) -> Duration {
        Duration::from_secs(self.session_absolute_lifetime_secs)
    }

    pub fn password_policy(&self) -> PasswordPolicy {
        PasswordPolicy {
            min_chars: self.password_min_length,
        }
    }

    /// `None` when no default region is set.
    pub fn region(&self) -> Option<Region> {
        Region::parse(&self.default_region)
    }

    pub fn argon2_params(&self) -> Result<argon2::Params, argon2::Error> {
        argon2::Params::new(
            self.argon2_memory_kib,
            self.argon2_iterations,
            self.argon2_parallelism,
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn defaults_match_the_issue() {
        let c = Config::from_sources(None, no_env).unwrap();
        assert_eq!(
            (c.code_length, c.code_lifetime_secs, c.password_min_length),
            (6, 600, 8)
        );
        assert_eq!(
            (c.session_idle_timeout_secs, c.session_absolute_lifetime_secs),
            (2_592_000, 7_776_000)
        );
        assert!(c.enumeration_protection);
        assert_eq!(
            (c.argon2_memory_kib, c.argon2_iterations, c.argon2_parallelism),
            (19456, 2, 1)
        );
    }

    #[test]
    fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let file = "code_lifetime_secs = 300\npassword_min_length = 12\ndefault_region = \"FR\"\n";
        let env = |name: &str| match name {
            "LATCHKEY_PASSWORD_MIN_LENGTH" => Some("10".to_owned()),
            "LATCHKEY_ENUMERATION_PROTECTION" => Some("off".to_owned()),
            _ => None,
        };
        let c = Config::from_sources(Some((Path::new("x.toml"), file)), env).unwrap();
        assert_eq!(c.code_lifetime_secs, 300);
        assert_eq!(c.password_min_length, 10);
        assert!(!c.enumeration_protection);
        assert_eq!(c.region().unwrap().as_str(), "FR");
    }

    #[test]
    fn bad_values_are_reported_with_their_source() {
        let err = Config::from_sources(None, |n| (n == "LATCHKEY_CODE_LENGTH").then(|| "six".to_owned())).unwrap_err();
        assert!(matches!(err, ConfigError::Env { .. }), "{err}");
        let err = Config::from_sources(Some((Path::new("x.toml"), "code_length = 4")), no_env).unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::Invalid {
                    setting: "code_length",
                    ..
                }
            ),
            "{err}"
        );
        let err = Config::from_sources(Some((Path::new("x.toml"), "colour = 1")), no_env).unwrap_err();
        assert!(matches!(err, ConfigError::Parse { .. }), "{err}");
    }

    #[test]
    fn roles_and_registration_mode_come_from_the_file_and_the_environment() {
        let c = Config::from_sources(None, no_env).unwrap();
        assert_eq!(c.registration_mode, RegistrationMode::Open);
        assert_eq!(c.default_role, "member");
        let file = "default_role = \"student\"\nsupport_contact = \"desk@example.org\"\n\
            [[roles]]\nname = \"student\"\nself_service = true\n\
            [[roles]]\nname = \"instructor\"\n\
            [[roles]]\nname = \"admin\"\n";
        let env = |n: &str| (n == "LATCHKEY_REGISTRATION_MODE").then(|| "invite-only".to_owned());
        let c = Config::from_sources(Some((Path::new("x.toml"), file)), env).unwrap();
        assert_eq!(c.registration_mode, RegistrationMode::InviteOnly);
        assert_eq!(c.roles.len(), 3);
        assert!(!c.roles[1].self_service);
        let no_admin = "default_role = \"\"\n[[roles]]\nname = \"student\"\n";
        let err = Config::from_sources(Some((Path::new("x.toml"), no_admin)), no_env).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { setting: "roles", .. }), "{err}");
        let err = Config::from_sources(None, |n| {
            (n == "LATCHKEY_REGISTRATION_MODE").then(|| "maybe".to_owned())
        })
        .unwrap_err();
        assert!(matches!(err, ConfigError::Env { .. }), "{err}");
    }

    #[test]
    fn a_missing_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Config::load(Some(&dir.path().join(CONFIG_FILE))).is_ok());
    }
}
