//! Kiosk mode and QA mode: which one the app runs in, and the kiosk's settings.
//!
//! The mode comes from the operator, never from the UI: `mode = "kiosk"|"qa"|"normal"` in the
//! config file, `LATCHKEY_MODE` in the environment, or the host's [`crate::Builder::mode`]
//! (the Latchkey app's `--qa` flag). Precedence: environment > builder > file. Kiosk and QA
//! are refused together wherever each comes from: a kiosk must never carry QA's time travel,
//! fixtures and data reset, and a QA run must never look like a kiosk.
//!
//! The config file's `mode` and `[kiosk]` table are taken out here; the rest is the core's
//! [`Config`].

use std::path::Path;

use latchkey_core::config::Config;
use serde::{Deserialize, Serialize};

/// Environment variable choosing the mode.
pub const MODE_VAR: &str = "LATCHKEY_MODE";

/// Which of Latchkey's modes the app runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppMode {
    /// Everything as configured.
    Normal,
    /// A shared machine: full screen, no mail screens, no "Remember me", idle sign-out.
    Kiosk,
    /// A tester's build: time travel, latest code, fixtures, reset, mail faults.
    Qa,
}

impl AppMode {
    pub fn parse(value: &str) -> Option<AppMode> {
        match value.trim().to_ascii_lowercase().as_str() {
            "normal" | "" => Some(AppMode::Normal),
            "kiosk" => Some(AppMode::Kiosk),
            "qa" => Some(AppMode::Qa),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AppMode::Normal => "normal",
            AppMode::Kiosk => "kiosk",
            AppMode::Qa => "qa",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModeError {
    #[error(
        "kiosk mode ({kiosk_from}) and QA mode ({qa_from}) cannot be combined: QA's time travel, \
         fixtures and data reset must never run on a shared machine. Choose one."
    )]
    KioskAndQa { kiosk_from: String, qa_from: String },
    #[error("{source_name} says mode = {value:?}: expected \"normal\", \"kiosk\" or \"qa\"")]
    Unknown { source_name: String, value: String },
    #[error("invalid kiosk setting {setting}: {problem}")]
    Kiosk { setting: &'static str, problem: String },
    #[error("cannot read the config file {path}: {problem}")]
    File { path: String, problem: String },
    #[error(transparent)]
    Config(#[from] latchkey_core::config::ConfigError),
}

/// Where a mode was asked for, for [`resolve_mode`].
#[derive(Debug, Clone, Default)]
pub struct ModeSources {
    pub env: Option<String>,
    pub builder: Option<AppMode>,
    pub file: Option<String>,
}

/// The mode in force: environment > builder > file; `KioskAndQa` if any source says kiosk
/// and any other says QA.
pub fn resolve_mode(sources: &ModeSources) -> Result<AppMode, ModeError> {
    let mut said: Vec<(String, AppMode)> = Vec::new();
    if let Some(value) = &sources.env {
        let mode = AppMode::parse(value).ok_or_else(|| ModeError::Unknown {
            source_name: MODE_VAR.to_owned(),
            value: value.clone(),
        })?;
        said.push((format!("{MODE_VAR}={value}"), mode));
    }
    if let Some(mode) = sources.builder {
        let from = if mode == AppMode::Qa {
            "--qa"
        } else {
            "the app's builder"
        };
        said.push((from.to_owned(), mode));
    }
    if let Some(value) = &sources.file {
        let mode = AppMode::parse(value).ok_or_else(|| ModeError::Unknown {
            source_name: "the config file".to_owned(),
            value: value.clone(),
        })?;
        said.push((format!("mode = \"{value}\" in the config file"), mode));
    }
    let from = |wanted: AppMode| said.iter().find(|(_, m)| *m == wanted).map(|(s, _)| s.clone());
    if let (Some(kiosk_from), Some(qa_from)) = (from(AppMode::Kiosk), from(AppMode::Qa)) {
        return Err(ModeError::KioskAndQa { kiosk_from, qa_from });
    }
    Ok(said.first().map_or(AppMode::Normal, |(_, m)| *m))
}

/// The `[kiosk]` table (and `LATCHKEY_KIOSK_*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KioskSettings {
    /// Seconds without input before the sign-out countdown shows. Default 120; 5–86400.
    pub idle_secs: u64,
    /// Seconds the countdown runs before signing out. Default 30; 1–300.
    pub countdown_secs: u64,
    /// The operator's key combination, e.g. `Ctrl+Alt+Shift+Q` (at least one modifier).
    pub exit_keys: String,
    /// argon2 PHC string of the operator password (`latchkey kiosk hash-password`). Required.
    pub operator_password_hash: Option<String>,
    /// Shown on the start screen.
    pub operator_name: Option<String>,
    /// Shown on the start screen, e.g. "Help: ask at the front desk".
    pub support_line: Option<String>,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            idle_secs: 120,
            countdown_secs: 30,
            exit_keys: "Ctrl+Alt+Shift+Q".to_owned(),
            operator_password_hash: None,
            operator_name: None,
            support_line: None,
        }
    }
}

const MODIFIERS: [&str; 4] = ["ctrl", "alt", "shift", "meta"];

impl KioskSettings {
    fn apply_env(&mut self, env: &impl Fn(&str) -> Option<String>) -> Result<(), ModeError> {
        let number = |name: &'static str, slot: &mut u64| -> Result<(), ModeError> {
            if let Some(v) = env(name) {
                *slot = v.trim().parse().map_err(|_| ModeError::Kiosk {
                    setting: name,
                    problem: format!("{v:?} is not a whole number"),
                })?;
            }
            Ok(())
        };
        number("LATCHKEY_KIOSK_IDLE_SECS", &mut self.idle_secs)?;
        number("LATCHKEY_KIOSK_COUNTDOWN_SECS", &mut self.countdown_secs)?;
        if let Some(v) = env("LATCHKEY_KIOSK_EXIT_KEYS") {
            self.exit_keys = v;
        }
        for (name, slot) in [
            (
                "LATCHKEY_KIOSK_OPERATOR_PASSWORD_HASH",
                &mut self.operator_password_hash,
            ),
            ("LATCHKEY_KIOSK_OPERATOR_NAME", &mut self.operator_name),
            ("LATCHKEY_KIOSK_SUPPORT_LINE", &mut self.support_line),
        ] {
            if let Some(v) = env(name).filter(|v| !v.trim().is_empty()) {
                *slot = Some(v);
            }
        }
        Ok(())
    }

    /// Checked only when kiosk mode is on: a kiosk without an operator exit could only be
    /// left by killing the process.
    pub fn validate(&self) -> Result<(), ModeError> {
        let bad = |setting, problem: String| Err(ModeError::Kiosk { setting, problem });
        if !(5..=86_400).contains(&self.idle_secs) {
            return bad("idle_secs", format!("{} is not between 5 and 86400", self.idle_secs));
        }
        if !(1..=300).contains(&self.countdown_secs) {
            return bad(
                "countdown_secs",
                format!("{} is not between 1 and 300", self.countdown_secs),
            );
        }
        let parts: Vec<String> = self
            .exit_keys
            .split('+')
            .map(|p| p.trim().to_ascii_lowercase())
            .collect();
        let (key, modifiers) = parts.split_last().expect("split yields at least one part");
        if modifiers.is_empty()
            || key.is_empty()
            || MODIFIERS.contains(&key.as_str())
            || !modifiers.iter().all(|m| MODIFIERS.contains(&m.as_str()))
        {
            return bad(
                "exit_keys",
                format!(
                    "{:?} is not a key combination like \"Ctrl+Alt+Shift+Q\" (modifiers Ctrl, Alt, Shift, Meta, then one key)",
                    self.exit_keys
                ),
            );
        }
        match &self.operator_password_hash {
            None => bad(
                "operator_password_hash",
                "kiosk mode needs one (make it with `latchkey kiosk hash-password`), or the kiosk could not be left"
                    .to_owned(),
            ),
            Some(hash) => match argon2::PasswordHash::new(hash) {
                Ok(parsed) if parsed.algorithm.as_str().starts_with("argon2") => Ok(()),
                _ => bad(
                    "operator_password_hash",
                    "not an argon2 PHC string ($argon2id$v=19$m=…); make one with `latchkey kiosk hash-password`"
                        .to_owned(),
                ),
            },
        }
    }

    /// Whether `password` is the operator's. Slow on purpose (argon2): call off the UI thread.
    pub fn operator_password_matches(&self, password: &str) -> bool {
        use argon2::PasswordVerifier;
        let Some(hash) = &self.operator_password_hash else {
            return false;
        };
        let Ok(parsed) = argon2::PasswordHash::new(hash) else {
            return false;
        };
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    }
}

/// An argon2id PHC string for `password` (the operator's, for the `[kiosk]` table).
pub fn hash_operator_password(password: &str) -> Result<String, String> {
    use argon2::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Everything the config file and the environment say, modes included.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub mode: AppMode,
    pub kiosk: KioskSettings,
}

/// Reads `config_file` (missing: defaults) and the process environment.
pub fn load(config_file: Option<&Path>, builder: Option<AppMode>) -> Result<Settings, ModeError> {
    let text = match config_file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some((path, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(ModeError::File {
                    path: path.display().to_string(),
                    problem: e.to_string(),
                });
            }
        },
        None => None,
    };
    from_sources(text.as_ref().map(|(p, t)| (*p, t.as_str())), builder, |name| {
        std::env::var(name).ok()
    })
}

/// [`load`] with explicit sources, for tests.
pub fn from_sources(
    file: Option<(&Path, &str)>,
    builder: Option<AppMode>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Settings, ModeError> {
    let mut file_mode = None;
    let mut kiosk = KioskSettings::default();
    let rest = match file {
        Some((path, text)) => {
            let mut table: toml::Table = toml::from_str(text).map_err(|e| ModeError::File {
                path: path.display().to_string(),
                problem: e.to_string(),
            })?;
            if let Some(mode) = table.remove("mode") {
                file_mode = Some(mode.as_str().map(str::to_owned).ok_or_else(|| ModeError::Unknown {
                    source_name: "the config file".to_owned(),
                    value: mode.to_string(),
                })?);
            }
            if let Some(section) = table.remove("kiosk") {
                kiosk = section.try_into().map_err(|e: toml::de::Error| ModeError::Kiosk {
                    setting: "[kiosk]",
                    problem: e.to_string(),
                })?;
            }
            Some((path, toml::to_string(&table).expect("a parsed table serialises")))
        }
        None => None,
    };
    let config = Config::from_sources(rest.as_ref().map(|(p, t)| (*p, t.as_str())), &env)?;
    let mode = resolve_mode(&ModeSources {
        env: env(MODE_VAR).filter(|v| !v.trim().is_empty()),
        builder,
        file: file_mode,
    })?;
    kiosk.apply_env(&env)?;
    if mode == AppMode::Kiosk {
        kiosk.validate()?;
    }
    Ok(Settings { config, mode, kiosk })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn file(text: &str) -> (PathBuf, String) {
        (PathBuf::from("/etc/latchkey.toml"), text.to_owned())
    }

    fn hash() -> String {
        // Cheap parameters: the test is about parsing, not cost.
        use argon2::PasswordHasher;
        let params = argon2::Params::new(8, 1, 1, None).unwrap();
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(b"open sesame")
            .unwrap()
            .to_string()
    }

    #[test]
    fn kiosk_and_qa_are_refused_together_wherever_each_comes_from() {
        let (p, t) = file("mode = \"kiosk\"\n");
        let err = from_sources(Some((&p, &t)), Some(AppMode::Qa), no_env).unwrap_err();
        assert!(matches!(err, ModeError::KioskAndQa { .. }), "{err}");
        assert!(
            err.to_string().contains("--qa") && err.to_string().contains("config file"),
            "{err}"
        );

        let err = resolve_mode(&ModeSources {
            env: Some("qa".into()),
            builder: None,
            file: Some("kiosk".into()),
        })
        .unwrap_err();
        assert!(matches!(err, ModeError::KioskAndQa { .. }));

        let err = resolve_mode(&ModeSources {
            env: Some("kiosk".into()),
            builder: Some(AppMode::Qa),
            file: None,
        })
        .unwrap_err();
        assert!(err.to_string().contains("LATCHKEY_MODE=kiosk"), "{err}");
    }

    #[test]
    fn one_source_alone_chooses_and_the_environment_wins_otherwise() {
        let mode = |env: Option<&str>, builder, file: Option<&str>| {
            resolve_mode(&ModeSources {
                env: env.map(Into::into),
                builder,
                file: file.map(Into::into),
            })
            .unwrap()
        };
        assert_eq!(mode(None, None, None), AppMode::Normal);
        assert_eq!(mode(None, Some(AppMode::Qa), None), AppMode::Qa);
        assert_eq!(mode(None, None, Some("kiosk")), AppMode::Kiosk);
        assert_eq!(mode(Some("normal"), None, Some("qa")), AppMode::Normal);
        assert_eq!(mode(Some("QA"), Some(AppMode::Qa), None), AppMode::Qa);
    }

    #[test]
    fn an_unknown_mode_is_named_with_its_source() {
        let err = resolve_mode(&ModeSources {
            env: Some("kisok".into()),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "LATCHKEY_MODE says mode = \"kisok\": expected \"normal\", \"kiosk\" or \"qa\""
        );
    }

    #[test]
    fn the_kiosk_table_is_read_and_the_rest_goes_to_the_core() {
        let text = format!(
            "mode = \"kiosk\"\ncode_length = 8\n[kiosk]\nidle_secs = 5\ncountdown_secs = 3\noperator_name = \"City Library\"\noperator_password_hash = \"{}\"\n",
            hash()
        );
        let (p, _) = file("");
        let settings = from_sources(Some((&p, &text)), None, no_env).unwrap();
        assert_eq!(settings.mode, AppMode::Kiosk);
        assert_eq!(settings.config.code_length, 8);
        assert_eq!(settings.kiosk.idle_secs, 5);
        assert_eq!(settings.kiosk.operator_name.as_deref(), Some("City Library"));
        assert!(settings.kiosk.operator_password_matches("open sesame"));
        assert!(!settings.kiosk.operator_password_matches("open sesame "));
    }

    #[test]
    fn a_kiosk_needs_a_valid_operator_hash_and_exit_keys() {
        let (p, t) = file("mode = \"kiosk\"\n");
        let err = from_sources(Some((&p, &t)), None, no_env).unwrap_err();
        assert!(err.to_string().contains("operator_password_hash"), "{err}");

        let env = |name: &str| match name {
            "LATCHKEY_MODE" => Some("kiosk".to_owned()),
            "LATCHKEY_KIOSK_OPERATOR_PASSWORD_HASH" => Some("plaintext".to_owned()),
            _ => None,
        };
        let err = from_sources(None, None, env).unwrap_err();
        assert!(err.to_string().contains("PHC"), "{err}");

        let mut kiosk = KioskSettings {
            operator_password_hash: Some(hash()),
            ..Default::default()
        };
        assert!(kiosk.validate().is_ok());
        for bad in ["Q", "Ctrl+", "Ctrl+Shift", "Hyper+Q"] {
            kiosk.exit_keys = bad.to_owned();
            assert!(kiosk.validate().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn kiosk_settings_are_not_checked_outside_kiosk_mode() {
        let (p, t) = file("[kiosk]\nidle_secs = 1\n");
        let settings = from_sources(Some((&p, &t)), None, no_env).unwrap();
        assert_eq!(settings.mode, AppMode::Normal);
    }

    #[test]
    fn unknown_core_keys_are_still_refused() {
        let (p, t) = file("mode = \"qa\"\ncode_lenght = 8\n");
        assert!(from_sources(Some((&p, &t)), None, no_env).is_err());
    }
}
