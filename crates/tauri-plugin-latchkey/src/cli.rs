//! Latchkey's command line, for scripts, on the same binary as the app and without a window:
//!
//! - `latchkey qa latest-code --to <email> [--wait 30s]`: prints the code in the newest message
//!   sent to that address in the QA store (waiting up to `--wait` for one to arrive);
//! - `latchkey kiosk hash-password`: reads the operator password from standard input and prints
//!   its argon2id PHC string for the `[kiosk]` table;
//! - `latchkey store copy --from <latchkey.db> --to <postgres://user@host/db>`: copies a
//!   single-machine store into an empty PostgreSQL database (password from
//!   `LATCHKEY_DATABASE_PASSWORD`), checking row counts (`latchkey_core::store::copy`).
//!
//! [`parse`] leaves the app's own flags (`--qa`) to the app.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use latchkey_core::Latchkey;
use latchkey_core::mail::MailSettings;

use crate::mode;
use crate::qa_clock::QaClock;

pub mod admin;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliCommand {
    QaLatestCode {
        to: String,
        wait: Duration,
    },
    KioskHashPassword,
    StoreCopy {
        from: PathBuf,
        to: String,
    },
    /// `admin|users|invites|outbox|audit …` (see [`admin`]): the arguments, parsed there.
    Admin(Vec<String>),
}

/// What the app was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// Start the window; `qa` when `--qa` was given.
    App {
        qa: bool,
    },
    Cli(CliCommand),
}

const USAGE: &str = "usage: latchkey [--qa]\n       latchkey qa latest-code --to <email> [--wait 30s]\n       latchkey kiosk hash-password  (password on standard input)\n       latchkey store copy --from <latchkey.db> --to <postgres://user@host:5432/db>\n       latchkey admin|users|invites|outbox|audit …  (administration: latchkey users --help)";

/// "30s", "2m", "1h", "45" (seconds); at most an hour.
pub fn parse_wait(value: &str) -> Result<Duration, String> {
    let v = value.trim();
    let (number, unit) = match v.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => v.split_at(i),
        None => (v, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("--wait {value:?}: expected a duration like 30s, 2m or 1h"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("--wait {value:?}: expected a duration like 30s, 2m or 1h")),
    };
    if secs > 3600 {
        return Err(format!("--wait {value:?}: at most 1h"));
    }
    Ok(Duration::from_secs(secs))
}

/// Reads the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Invocation, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Ok(Invocation::App { qa: false }),
        ["--qa"] => Ok(Invocation::App { qa: true }),
        [first, ..] if admin::COMMANDS.contains(first) => Ok(Invocation::Cli(CliCommand::Admin(
            args.iter().map(|a| (*a).to_owned()).collect(),
        ))),
        ["kiosk", "hash-password"] => Ok(Invocation::Cli(CliCommand::KioskHashPassword)),
        ["store", "copy", rest @ ..] => {
            let (mut from, mut to) = (None, None);
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                let (name, inline) = match flag.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (*flag, None),
                };
                let value = inline
                    .or_else(|| it.next().copied())
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?;
                match name {
                    "--from" => from = Some(PathBuf::from(value.trim())),
                    "--to" => to = Some(value.trim().to_owned()),
                    other => return Err(format!("unknown option {other}\n{USAGE}")),
                }
            }
            match (from, to) {
                (Some(from), Some(to)) => Ok(Invocation::Cli(CliCommand::StoreCopy { from, to })),
                _ => Err(format!(
                    "--from <latchkey.db> and --to <postgres url> are required\n{USAGE}"
                )),
            }
        }
        ["qa", "latest-code", rest @ ..] => {
            let mut to = None;
            let mut wait = Duration::ZERO;
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                let (name, inline) = match flag.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (*flag, None),
                };
                let mut value = || {
                    inline
                        .or_else(|| it.next().copied())
                        .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
                };
                match name {
                    "--to" => to = Some(value()?.trim().to_owned()).filter(|t| !t.is_empty()),
                    "--wait" => wait = parse_wait(value()?)?,
                    other => return Err(format!("unknown option {other}\n{USAGE}")),
                }
            }
            let to = to.ok_or_else(|| format!("--to <email> is required\n{USAGE}"))?;
            Ok(Invocation::Cli(CliCommand::QaLatestCode { to, wait }))
        }
        _ => Err(format!("unknown arguments: {}\n{USAGE}", args.join(" "))),
    }
}

/// The app's config file when no AppHandle exists yet: `$LATCHKEY_CONFIG_FILE`, else
/// `latchkey.toml` in the OS config dir of `identifier`.
pub fn config_file_for(identifier: &str) -> Option<PathBuf> {
    match std::env::var_os(crate::data_dir::CONFIG_FILE_VAR) {
        Some(file) if !file.is_empty() => Some(PathBuf::from(file)),
        _ => dirs::config_dir().map(|d| d.join(identifier).join(latchkey_core::config::CONFIG_FILE)),
    }
}

/// Runs `command` for the app with this identifier; the exit code says how it went.
pub fn run(command: CliCommand, identifier: &str) -> ExitCode {
    let result = match command {
        CliCommand::Admin(args) => return admin::run(&args, identifier),
        CliCommand::KioskHashPassword => hash_password(),
        CliCommand::StoreCopy { from, to } => store_copy(&from, &to),
        CliCommand::QaLatestCode { to, wait } => match crate::data_dir_for(identifier) {
            Some(dir) => latest_code(
                &crate::qa_data_dir(&dir),
                config_file_for(identifier).as_deref(),
                &to,
                wait,
            ),
            None => Err(format!("no data directory: set {}", crate::DATA_DIR_VAR)),
        },
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("latchkey: {why}");
            ExitCode::FAILURE
        }
    }
}

/// Copies the SQLite store `from` into the empty PostgreSQL database `to` (migrating both
/// first); prints the row count of every table.
pub fn store_copy(from: &Path, to: &str) -> Result<String, String> {
    use latchkey_core::store::{self, Database, Location, ServerSettings};
    if !from.is_file() {
        return Err(format!(
            "no store at {}: --from takes the latchkey.db file",
            from.display()
        ));
    }
    let password = std::env::var("LATCHKEY_DATABASE_PASSWORD")
        .ok()
        .map(secrecy::SecretString::from);
    let ca_file = std::env::var_os("LATCHKEY_DATABASE_CA_FILE").map(PathBuf::from);
    let target = ServerSettings::parse(to, password, ca_file).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let (source, _) = Database::open_file(from).await.map_err(|e| e.to_string())?;
        let (target, _) = Database::open(&Location::Server(target))
            .await
            .map_err(|e| e.to_string())?;
        let report = store::copy::copy_store(&source, &target)
            .await
            .map_err(|e| e.to_string())?;
        let mut out = format!("copied {} into {}:", from.display(), target.path().display());
        for (table, rows) in report.tables {
            out.push_str(&format!("\n  {table}: {rows} rows"));
        }
        // The copied codes, decoys and sealed mail were made with this machine's install key:
        // the fleet keeps using it, wrapped by the fleet key.
        let key_file = from.with_file_name(latchkey_core::secret_key::KEY_FILE);
        if key_file.is_file() {
            let fleet = store::fleet_key::FleetKey::from_env_or(None).map_err(|e| e.to_string())?;
            let key = latchkey_core::InstallKey::load_or_create(from.parent().unwrap_or(Path::new(".")))
                .map_err(|e| e.to_string())?;
            let now = latchkey_core::Clock::now(&latchkey_core::SystemClock);
            store::fleet_key::install_key(&target, &fleet, key, now)
                .await
                .map_err(|e| e.to_string())?;
            out.push_str("\n  install.key: wrapped by LATCHKEY_FLEET_KEY into fleet_install_key");
        }
        Ok(out)
    })
}

fn hash_password() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.chars().count() < 8 {
        return Err("the operator password needs at least 8 characters".to_owned());
    }
    mode::hash_operator_password(password)
}

/// The code in the newest message to `to` in the QA store at `qa_dir`, waiting up to `wait`.
pub fn latest_code(qa_dir: &Path, config_file: Option<&Path>, to: &str, wait: Duration) -> Result<String, String> {
    if !qa_dir.join("latchkey.db").exists() {
        return Err(format!(
            "no QA store in {}: start Latchkey in QA mode (--qa) first",
            qa_dir.display()
        ));
    }
    let settings = mode::load(config_file, None).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let clock = Arc::new(QaClock::load(qa_dir));
        let latchkey = Latchkey::open_with_clock(qa_dir, settings.config, clock)
            .await
            .map_err(|e| format!("cannot open the QA store: {e}"))?;
        let deadline = Instant::now() + wait;
        let mail = MailSettings::dev_mailbox();
        loop {
            let found = crate::commands::qa::latest_code(&latchkey, &mail, to)
                .await
                .map_err(|e| e.message)?;
            match found {
                Some(latest) if latest.code.is_some() => return Ok(latest.code.unwrap_or_default()),
                _ if Instant::now() >= deadline => {
                    return Err(match found {
                        Some(latest) => format!(
                            "the newest message to {to} (\u{201c}{}\u{201d}) holds no code",
                            latest.subject
                        ),
                        None => format!(
                            "nothing was sent to {to}{}",
                            if wait.is_zero() { "" } else { " in time" }
                        ),
                    });
                }
                _ => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn store_copy_takes_a_source_file_and_a_target_url() {
        assert_eq!(
            parse(&args("store copy --from /tmp/a/latchkey.db --to postgres://u@h/db")).unwrap(),
            Invocation::Cli(CliCommand::StoreCopy {
                from: PathBuf::from("/tmp/a/latchkey.db"),
                to: "postgres://u@h/db".to_owned()
            })
        );
        assert!(parse(&args("store copy --from /tmp/a/latchkey.db")).is_err());
        assert!(parse(&args("store copy --to postgres://u@h/db --bogus x")).is_err());
        let err = store_copy(Path::new("/nonexistent/latchkey.db"), "postgres://u@h/db").unwrap_err();
        assert!(err.contains("no store"), "{err}");
    }

    #[test]
    fn the_app_and_its_qa_flag_are_left_to_the_app() {
        assert_eq!(parse(&[]).unwrap(), Invocation::App { qa: false });
        assert_eq!(parse(&args("--qa")).unwrap(), Invocation::App { qa: true });
    }

    #[test]
    fn latest_code_takes_an_address_and_an_optional_wait() {
        assert_eq!(
            parse(&args("qa latest-code --to ana@example.test --wait 30s")).unwrap(),
            Invocation::Cli(CliCommand::QaLatestCode {
                to: "ana@example.test".into(),
                wait: Duration::from_secs(30)
            })
        );
        assert_eq!(
            parse(&args("qa latest-code --wait=2m --to=b@example.test")).unwrap(),
            Invocation::Cli(CliCommand::QaLatestCode {
                to: "b@example.test".into(),
                wait: Duration::from_secs(120)
            })
        );
        assert!(parse(&args("qa latest-code")).unwrap_err().contains("--to"));
        assert!(
            parse(&args("qa latest-code --to"))
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(parse(&args("qa latest-code --to a@b.c --wait soon")).is_err());
        assert!(parse(&args("qa latest-code --to a@b.c --wait 2h")).is_err());
        assert!(parse(&args("qa nonsense")).is_err());
    }

    #[test]
    fn latest_code_without_a_qa_store_says_how_to_get_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = latest_code(dir.path(), None, "a@example.test", Duration::ZERO).unwrap_err();
        assert!(err.contains("--qa"), "{err}");
    }
}
