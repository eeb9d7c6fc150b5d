//! Which mail settings win: the environment, then the config file, then what the settings
//! screen saved, then the dev mailbox; and what happens when the winner cannot be used.

use secrecy::SecretString;

use super::{
    DEFAULT_MAIL_FROM, MailConfig, MailEnv, MailSettings, MailTransport, SavedMailSettings, SettingsSource,
    SmtpSettings, SmtpUrl, parse_mail_from,
};
use crate::mail::error::MailError;

impl MailSettings {
    /// Combines the sources by precedence: environment > config file > saved by the settings
    /// screen > default (dev mailbox). What an operator configured outside the app is never
    /// overridden from inside it (on a shared machine anyone can open the settings screen).
    /// `keyring_password` is what the shell read from the OS keyring; `LATCHKEY_SMTP_PASSWORD`
    /// wins over it. An invalid value is an error (with the field), not silently skipped: the
    /// operator should learn that the setting they made is not used.
    pub fn resolve(
        env: &MailEnv,
        saved: &SavedMailSettings,
        config: &MailConfig,
        keyring_password: Option<SecretString>,
    ) -> Result<MailSettings, MailError> {
        let (url, source) = if let Some(u) = &env.smtp_url {
            (Some(u.as_str()), SettingsSource::Environment)
        } else if let Some(u) = &config.smtp_url {
            (Some(u.as_str()), SettingsSource::ConfigFile)
        } else if let Some(u) = &saved.smtp_url {
            (Some(u.as_str()), SettingsSource::Saved)
        } else {
            (None, SettingsSource::Default)
        };
        let from = env
            .mail_from
            .as_deref()
            .or(config.mail_from.as_deref())
            .or(saved.mail_from.as_deref())
            .unwrap_or(DEFAULT_MAIL_FROM);
        let mut errors = Vec::new();
        let from = parse_mail_from(from)
            .map_err(|e| errors.extend(e.fields().iter().cloned()))
            .ok();
        let url = match url.filter(|u| !u.trim().is_empty()) {
            None => None,
            Some(u) => SmtpUrl::parse(u)
                .map_err(|e| errors.extend(e.fields().iter().cloned()))
                .ok(),
        };
        if !errors.is_empty() {
            return Err(MailError::InvalidInput(errors));
        }
        let from = from.expect("no errors means it parsed");
        let transport = match url {
            None => MailTransport::DevMailbox,
            Some(url) => MailTransport::Smtp(SmtpSettings {
                url,
                password: env.smtp_password.clone().or(keyring_password),
                ca_file: env.smtp_ca_file.clone().or_else(|| config.smtp_ca_file.clone()),
            }),
        };
        Ok(MailSettings {
            transport,
            from,
            source,
        })
    }

    /// [`MailSettings::resolve`], except that settings which cannot be used do not fall back
    /// to the dev mailbox (which would unlock the settings screen and make every code readable
    /// in the app): mail is held in the outbox ([`MailTransport::Held`]) and `source` names
    /// where the bad value came from, so a bad operator setting keeps the screen locked. The
    /// problem is logged as an error.
    pub fn resolve_or_hold(
        env: &MailEnv,
        saved: &SavedMailSettings,
        config: &MailConfig,
        keyring_password: Option<SecretString>,
    ) -> MailSettings {
        match MailSettings::resolve(env, saved, config, keyring_password) {
            Ok(settings) => settings,
            Err(e) => {
                let source = if env.smtp_url.is_some() || env.mail_from.is_some() {
                    SettingsSource::Environment
                } else if config.smtp_url.is_some() || config.mail_from.is_some() {
                    SettingsSource::ConfigFile
                } else {
                    SettingsSource::Saved
                };
                let place = match source {
                    SettingsSource::Environment => "Latchkey's environment (LATCHKEY_SMTP_URL / LATCHKEY_MAIL_FROM)",
                    SettingsSource::ConfigFile => "Latchkey's configuration file ([mail])",
                    _ => "the mail settings saved in the app",
                };
                let why: Vec<String> = e.fields().iter().map(|f| f.message.clone()).collect();
                let why = if why.is_empty() { e.to_string() } else { why.join(" ") };
                let problem = format!(
                    "The mail settings in {place} cannot be used, so mail is held in the outbox until they are fixed: {why}"
                );
                tracing::error!(source = ?source, %problem, "mail settings are invalid; holding mail");
                MailSettings {
                    transport: MailTransport::Held { problem },
                    from: parse_mail_from(DEFAULT_MAIL_FROM).expect("the default From address parses"),
                    source,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_env_then_config_then_saved_then_dev_mailbox() {
        let env = MailEnv {
            smtp_url: Some("smtp://env.example".into()),
            ..Default::default()
        };
        let saved = SavedMailSettings {
            smtp_url: Some("smtp://saved.example".into()),
            mail_from: None,
        };
        let config = MailConfig {
            smtp_url: Some("smtp://config.example".into()),
            ..Default::default()
        };
        let host = |s: &MailSettings| match &s.transport {
            MailTransport::Smtp(smtp) => smtp.url.host.clone(),
            MailTransport::DevMailbox | MailTransport::Held { .. } => "dev".into(),
        };
        let s = MailSettings::resolve(&env, &saved, &config, None).unwrap();
        assert_eq!(
            (host(&s), s.source),
            ("env.example".into(), SettingsSource::Environment)
        );
        let s = MailSettings::resolve(&MailEnv::default(), &saved, &config, None).unwrap();
        assert_eq!(
            (host(&s), s.source),
            ("config.example".into(), SettingsSource::ConfigFile)
        );
        let s = MailSettings::resolve(&MailEnv::default(), &saved, &Default::default(), None).unwrap();
        assert_eq!((host(&s), s.source), ("saved.example".into(), SettingsSource::Saved));
        let s = MailSettings::resolve(&MailEnv::default(), &Default::default(), &Default::default(), None).unwrap();
        assert_eq!((host(&s), s.mode()), ("dev".into(), "dev_mailbox"));
        assert_eq!(s.from.to_string(), DEFAULT_MAIL_FROM);
    }

    #[test]
    fn the_environment_password_wins_over_the_keyring_one() {
        use secrecy::ExposeSecret;
        let env = MailEnv {
            smtp_url: Some("smtp://h.example".into()),
            smtp_password: Some("from-env".into()),
            ..Default::default()
        };
        let s = MailSettings::resolve(
            &env,
            &Default::default(),
            &Default::default(),
            Some("from-keyring".into()),
        )
        .unwrap();
        let MailTransport::Smtp(smtp) = &s.transport else {
            panic!()
        };
        assert_eq!(smtp.password.as_ref().unwrap().expose_secret(), "from-env");
        assert!(!format!("{s:?}").contains("from-env"));
    }

    #[test]
    fn both_bad_fields_are_reported() {
        let env = MailEnv {
            smtp_url: Some("ftp://x".into()),
            mail_from: Some("not an address".into()),
            ..Default::default()
        };
        let err = MailSettings::resolve(&env, &Default::default(), &Default::default(), None).unwrap_err();
        let fields: Vec<_> = err.fields().iter().map(|f| f.field).collect();
        assert_eq!(fields, ["mailFrom", "smtpUrl"]);
    }
}
