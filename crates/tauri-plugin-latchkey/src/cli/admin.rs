//! `latchkey admin|users|invites|outbox|audit …`: administration from the command line (issue
//! 13), on the app's data directory (`--data-dir`, default as the app: `$LATCHKEY_DATA_DIR` or
//! the OS app-data dir), safe while the app runs (SQLite WAL with a busy timeout). Human tables
//! by default, `--json` for scripts. Exit codes: 0 done, 1 refused (the reason's
//! [`latchkey_core::ErrorCode`] is printed), 2 bad usage (with the usage text).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use latchkey_core::admin::{AdminError, AuditFilter, InviteRequest, NewAdmin};
use latchkey_core::{AccountId, Actor, Latchkey, Timestamp};
use secrecy::SecretString;
use serde::Serialize;

/// The first words that route the command line here.
pub const COMMANDS: &[&str] = &["admin", "users", "invites", "outbox", "audit"];

/// Where the admin password comes from when not typed.
pub const PASSWORD_VAR: &str = "LATCHKEY_ADMIN_PASSWORD";

#[derive(Debug, Parser)]
#[command(
    name = "latchkey",
    about = "Latchkey administration (no window)",
    disable_version_flag = true
)]
struct Cli {
    /// The app's data directory (default: $LATCHKEY_DATA_DIR, else the app's OS data dir).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Top,
}

#[derive(Debug, Subcommand)]
enum Top {
    /// Administrators (and, nested, every other command).
    #[command(subcommand)]
    Admin(AdminCommand),
    #[command(subcommand)]
    Users(UsersCommand),
    #[command(subcommand)]
    Invites(InvitesCommand),
    #[command(subcommand)]
    Outbox(OutboxCommand),
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Creates a verified administrator; does nothing (exit 0) if that address has an account.
    /// The password comes from $LATCHKEY_ADMIN_PASSWORD, else is asked for (not echoed).
    Create(CreateArgs),
    #[command(subcommand)]
    Users(UsersCommand),
    #[command(subcommand)]
    Invites(InvitesCommand),
    #[command(subcommand)]
    Outbox(OutboxCommand),
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Args)]
struct CreateArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    username: String,
    #[arg(long)]
    first_name: Option<String>,
    #[arg(long)]
    last_name: Option<String>,
    #[arg(long)]
    phone: Option<String>,
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Lists accounts, newest first.
    List {
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Accounts whose email, username, phone or name contains TEXT.
    Find {
        text: String,
    },
    /// One account: roles, lock, sessions, inviter and invitees.
    Show {
        account: String,
    },
    /// Locks an account (sign-in refused like a wrong password; sessions end).
    Lock {
        account: String,
        /// How long: 30m, 12h, 7d, 2w (default: until unlocked).
        #[arg(long, value_parser = parse_duration)]
        until: Option<Duration>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    Unlock {
        account: String,
    },
    /// Replaces the account's roles.
    SetRoles {
        account: String,
        #[arg(required = true)]
        roles: Vec<String>,
    },
    /// Ends every session of the account.
    RevokeSessions {
        account: String,
    },
    /// Forgets the account's failed sign-ins (lifts a sign-in delay).
    ClearThrottle {
        account: String,
    },
    /// Erases the account (needs --yes).
    Delete {
        account: String,
        #[arg(long, required = true)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
enum InvitesCommand {
    Create {
        /// A role the invite grants (repeatable).
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Valid for: 30m, 12h, 7d, 2w (default: 7d).
        #[arg(long, value_parser = parse_duration, default_value = "7d")]
        expires_in: Duration,
        #[arg(long, default_value_t = 1)]
        max_uses: i64,
        /// Only this address can redeem it.
        #[arg(long)]
        email: Option<String>,
    },
    List,
    Revoke {
        code: String,
    },
}

#[derive(Debug, Subcommand)]
enum OutboxCommand {
    /// Recent messages (any status), newest first.
    List {
        #[arg(long, default_value = "")]
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Makes every queued message due now (the app's mail task sends them).
    Retry,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// The newest events; with --follow, then new ones as they come.
    Tail {
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Only this account's (id, email or username).
        #[arg(long)]
        account: Option<String>,
        /// Only this kind (e.g. login_failed).
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        follow: bool,
    },
}

/// "30m", "12h", "7d", "2w", "90s".
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let v = value.trim();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{value:?}: expected e.g. 30m, 12h, 7d"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" | "" => n.saturating_mul(3600),
        "d" => n.saturating_mul(86_400),
        "w" => n.saturating_mul(7 * 86_400),
        _ => return Err(format!("{value:?}: expected e.g. 30m, 12h, 7d")),
    };
    if secs == 0 {
        return Err(format!("{value:?}: must be positive"));
    }
    Ok(Duration::from_secs(secs))
}

/// A refusal or failure: exit code 1 (2 for usage).
struct Failure {
    exit: u8,
    code: Option<&'static str>,
    message: String,
}

impl From<AdminError> for Failure {
    fn from(e: AdminError) -> Failure {
        let mut message = e.to_string();
        if let AdminError::InvalidInput(fields) = &e {
            message = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ");
        }
        Failure {
            exit: 1,
            code: Some(e.code().as_str()),
            message,
        }
    }
}

fn failure(message: impl Into<String>) -> Failure {
    Failure {
        exit: 1,
        code: None,
        message: message.into(),
    }
}

/// Parses and runs `args` (after the program name). `identifier` finds the default data dir.
pub fn run(args: &[String], identifier: &str) -> ExitCode {
    let cli = match Cli::try_parse_from(std::iter::once("latchkey".to_owned()).chain(args.iter().cloned())) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let json = cli.json;
    let data_dir = match cli.data_dir.clone().or_else(|| crate::data_dir_for(identifier)) {
        Some(dir) => dir,
        None => {
            eprintln!(
                "latchkey: no data directory: pass --data-dir or set {}",
                crate::DATA_DIR_VAR
            );
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("latchkey: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config_file = super::config_file_for(identifier);
    match runtime.block_on(execute(
        cli.command,
        &data_dir,
        config_file.as_deref(),
        identifier,
        json,
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if json {
                let out = serde_json::json!({ "error": f.code.unwrap_or("failed"), "message": f.message });
                println!("{out}");
            }
            match f.code {
                Some(code) => eprintln!("latchkey: refused ({code}): {}", f.message),
                None => eprintln!("latchkey: {}", f.message),
            }
            ExitCode::from(f.exit)
        }
    }
}

async fn open(data_dir: &Path, config_file: Option<&Path>, identifier: &str) -> Result<Latchkey, Failure> {
    let settings = crate::mode::load(config_file, None).map_err(|e| failure(e.to_string()))?;
    // A PostgreSQL store's password and fleet key: from the environment or the app's keyring
    // entries (the same service name as the app's), exactly as the app opens it.
    let secrets = if settings.config.database_url.trim().is_empty() {
        latchkey_core::StoreSecrets::default()
    } else {
        let vault = crate::session_vault::SessionVault::open(identifier).await;
        crate::state::store_secrets(&settings.config, &vault).await
    };
    let clock: std::sync::Arc<dyn latchkey_core::Clock> = std::sync::Arc::new(latchkey_core::SystemClock);
    Latchkey::open_with_secrets(data_dir, settings.config, clock, secrets)
        .await
        .map_err(|e| failure(format!("cannot open the store in {}: {e}", data_dir.display())))
}

fn print_json(value: &impl Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned())
    );
}

fn time(t: Timestamp) -> String {
    // UTC, without a date crate: days since the epoch → civil date (Howard Hinnant's algorithm).
    let secs = t.millis().div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}Z", rem / 3600, rem % 3600 / 60)
}

/// Prints rows as aligned columns under `header`.
fn table(header: &[&str], rows: Vec<Vec<String>>) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<width$}", width = widths[i]))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(header.iter().map(|h| (*h).to_owned()).collect());
    if rows.is_empty() {
        println!("(none)");
    }
    for row in rows {
        line(row);
    }
}

fn account_rows(views: &[latchkey_core::admin::AdminAccountView]) -> Vec<Vec<String>> {
    views
        .iter()
        .map(|v| {
            vec![
                v.account.id.0.to_string(),
                v.account.username.clone(),
                v.account.email.clone(),
                format!("{} {}", v.account.first_name, v.account.last_name),
                v.roles.join(","),
                match &v.locked {
                    Some(lock) => match lock.until {
                        Some(until) => format!("locked until {}", time(until)),
                        None => "locked".to_owned(),
                    },
                    None if !v.account.email_verified => "unverified".to_owned(),
                    None => "active".to_owned(),
                },
                v.live_sessions.to_string(),
            ]
        })
        .collect()
}

const ACCOUNT_HEADER: &[&str] = &["ID", "USERNAME", "EMAIL", "NAME", "ROLES", "STATE", "SESSIONS"];

fn read_password() -> Result<SecretString, Failure> {
    if let Ok(password) = std::env::var(PASSWORD_VAR) {
        return Ok(SecretString::from(password));
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure {
            exit: 2,
            code: None,
            message: format!("no password: set {PASSWORD_VAR} or run in a terminal to be asked"),
        });
    }
    let first =
        rpassword::prompt_password("Password for the new administrator: ").map_err(|e| failure(e.to_string()))?;
    let again = rpassword::prompt_password("The same password again: ").map_err(|e| failure(e.to_string()))?;
    if first != again {
        return Err(failure("the two passwords differ"));
    }
    Ok(SecretString::from(first))
}

async fn execute(
    command: Top,
    data_dir: &Path,
    config_file: Option<&Path>,
    identifier: &str,
    json: bool,
) -> Result<(), Failure> {
    let command = match command {
        Top::Admin(AdminCommand::Create(args)) => {
            let password = read_password()?;
            let latchkey = open(data_dir, config_file, identifier).await?;
            let created = latchkey
                .admin_create(NewAdmin {
                    email: args.email,
                    username: args.username,
                    first_name: args.first_name,
                    last_name: args.last_name,
                    phone: args.phone,
                    password,
                })
                .await?;
            if json {
                print_json(&created);
            } else if created.created {
                println!(
                    "created administrator {} <{}> (id {})",
                    created.account.username, created.account.email, created.account.id.0
                );
            } else if created.is_admin {
                println!(
                    "already exists: {} <{}> is an administrator",
                    created.account.username, created.account.email
                );
            } else {
                println!(
                    "already exists: {} <{}> is NOT an administrator (use: latchkey users set-roles {} admin …)",
                    created.account.username, created.account.email, created.account.id.0
                );
            }
            return Ok(());
        }
        Top::Admin(AdminCommand::Users(c)) => Top::Users(c),
        Top::Admin(AdminCommand::Invites(c)) => Top::Invites(c),
        Top::Admin(AdminCommand::Outbox(c)) => Top::Outbox(c),
        Top::Admin(AdminCommand::Audit(c)) => Top::Audit(c),
        other => other,
    };
    let latchkey = open(data_dir, config_file, identifier).await?;
    let actor = Actor::Cli;
    let find = |key: String| {
        let latchkey = latchkey.clone();
        async move { latchkey.admin_find(actor, &key).await.map_err(Failure::from) }
    };
    match command {
        Top::Users(UsersCommand::List { limit }) => {
            let views = latchkey.admin_search(actor, "", limit).await?;
            if json {
                print_json(&views)
            } else {
                table(ACCOUNT_HEADER, account_rows(&views))
            }
        }
        Top::Users(UsersCommand::Find { text }) => {
            let views = latchkey.admin_search(actor, &text, 100).await?;
            if json {
                print_json(&views)
            } else {
                table(ACCOUNT_HEADER, account_rows(&views))
            }
        }
        Top::Users(UsersCommand::Show { account }) => {
            let detail = latchkey.admin_show(actor, find(account).await?).await?;
            if json {
                print_json(&detail);
            } else {
                table(ACCOUNT_HEADER, account_rows(std::slice::from_ref(&detail.summary)));
                let a = &detail.summary.account;
                println!("phone: {}", if a.phone.is_empty() { "-" } else { &a.phone });
                println!("created: {}", time(a.created_at));
                if let Some(lock) = &detail.summary.locked {
                    println!(
                        "locked since {} ({})",
                        time(lock.locked_at),
                        if lock.reason.is_empty() {
                            "no reason given"
                        } else {
                            &lock.reason
                        }
                    );
                }
                match &detail.invited_by {
                    Some(p) => println!(
                        "invited by: {} ({} {}) on {}",
                        p.username,
                        p.first_name,
                        p.last_name,
                        time(p.at)
                    ),
                    None => println!("invited by: -"),
                }
                println!("joined with their code: {}", detail.joined.len());
                for p in &detail.joined {
                    println!(
                        "  {} ({} {}) {} {}",
                        p.username,
                        p.first_name,
                        p.last_name,
                        p.email.as_deref().unwrap_or(""),
                        time(p.at)
                    );
                }
            }
        }
        Top::Users(UsersCommand::Lock { account, until, reason }) => {
            let id = find(account).await?;
            let until = until.map(|d| latchkey.clock().now().plus(d));
            let view = latchkey.admin_lock(actor, id, until, &reason).await?;
            done(json, &view, &format!("locked account {}", id.0));
        }
        Top::Users(UsersCommand::Unlock { account }) => {
            let id = find(account).await?;
            let view = latchkey.admin_unlock(actor, id).await?;
            done(json, &view, &format!("unlocked account {}", id.0));
        }
        Top::Users(UsersCommand::SetRoles { account, roles }) => {
            let id = find(account).await?;
            let roles: Vec<String> = roles.iter().flat_map(|r| r.split(',')).map(str::to_owned).collect();
            let view = latchkey.admin_set_roles(actor, id, &roles).await?;
            done(
                json,
                &view,
                &format!("account {} now has roles: {}", id.0, view.roles.join(", ")),
            );
        }
        Top::Users(UsersCommand::RevokeSessions { account }) => {
            let id = find(account).await?;
            let n = latchkey.admin_revoke_sessions(actor, id).await?;
            done(
                json,
                &serde_json::json!({ "ended": n }),
                &format!("ended {n} session(s) of account {}", id.0),
            );
        }
        Top::Users(UsersCommand::ClearThrottle { account }) => {
            let id = find(account).await?;
            latchkey.admin_clear_throttle(actor, id).await?;
            done(
                json,
                &serde_json::json!({ "cleared": true }),
                &format!("cleared the sign-in delay of account {}", id.0),
            );
        }
        Top::Users(UsersCommand::Delete { account, yes: _ }) => {
            let id: AccountId = find(account).await?;
            latchkey.admin_delete(actor, id).await?;
            done(
                json,
                &serde_json::json!({ "deleted": id.0 }),
                &format!("deleted account {}", id.0),
            );
        }
        Top::Invites(InvitesCommand::Create {
            roles,
            expires_in,
            max_uses,
            email,
        }) => {
            let invite = latchkey
                .admin_create_invite(
                    actor,
                    InviteRequest {
                        roles,
                        valid_for: Some(expires_in),
                        max_uses: Some(max_uses),
                        email,
                    },
                )
                .await?;
            if json {
                print_json(&invite);
            } else {
                println!("{}", invite.code);
            }
        }
        Top::Invites(InvitesCommand::List) => {
            let invites = latchkey.admin_list_invites(actor).await?;
            if json {
                print_json(&invites);
            } else {
                let rows = invites
                    .iter()
                    .map(|i| {
                        vec![
                            i.code.clone(),
                            serde_json::to_value(i.state)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default(),
                            i.roles.join(","),
                            format!("{}/{}", i.uses, i.max_uses.map_or("∞".to_owned(), |m| m.to_string())),
                            i.expires_at.map_or("never".to_owned(), time),
                            i.bound_email.clone().unwrap_or_default(),
                            i.redeemed_by
                                .iter()
                                .map(|p| p.username.clone())
                                .collect::<Vec<_>>()
                                .join(","),
                        ]
                    })
                    .collect();
                table(
                    &["CODE", "STATE", "ROLES", "USES", "EXPIRES", "FOR", "REDEEMED BY"],
                    rows,
                );
            }
        }
        Top::Invites(InvitesCommand::Revoke { code }) => {
            latchkey.admin_revoke_invite(actor, &code).await?;
            done(
                json,
                &serde_json::json!({ "revoked": code }),
                &format!("revoked {code}"),
            );
        }
        Top::Outbox(OutboxCommand::List { query, limit }) => {
            let mut conn = latchkey.database().read().await.map_err(|e| failure(e.to_string()))?;
            let entries = latchkey_core::mail::inspect::search(&mut conn, &query, limit.clamp(1, 500))
                .await
                .map_err(|e| failure(e.to_string()))?;
            if json {
                print_json(&entries);
            } else {
                let rows = entries
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.0.to_string(),
                            time(e.created_at),
                            e.to.clone(),
                            e.purpose.clone(),
                            e.status.clone(),
                            e.attempts.to_string(),
                            e.last_error.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                table(
                    &["ID", "CREATED", "TO", "PURPOSE", "STATUS", "TRIES", "LAST ERROR"],
                    rows,
                );
            }
        }
        Top::Outbox(OutboxCommand::Retry) => {
            let n = latchkey_core::mail::inspect::retry_queued_now(latchkey.database().pool(), latchkey.clock().now())
                .await
                .map_err(|e| failure(e.to_string()))?;
            done(
                json,
                &serde_json::json!({ "due": n }),
                &format!("{n} queued message(s) due now"),
            );
        }
        Top::Audit(AuditCommand::Tail {
            limit,
            account,
            kind,
            follow,
        }) => {
            let account = match account {
                Some(key) => Some(find(key).await?),
                None => None,
            };
            let mut filter = AuditFilter {
                account,
                kind,
                limit: Some(limit),
                ..AuditFilter::default()
            };
            let mut events = latchkey.admin_audit(actor, &filter).await?;
            events.reverse();
            loop {
                for e in &events {
                    if json {
                        println!("{}", serde_json::to_string(e).unwrap_or_default());
                    } else {
                        let who = e.account_id.map_or("-".to_owned(), |a| a.0.to_string());
                        println!(
                            "{:>6}  {}  account {:<5} {:<24} {}",
                            e.id,
                            time(e.at),
                            who,
                            e.kind,
                            e.detail
                        );
                    }
                }
                if !follow {
                    break;
                }
                if let Some(last) = events.last() {
                    filter.after_id = last.id;
                }
                filter.ascending = true;
                filter.limit = Some(1000);
                tokio::time::sleep(Duration::from_secs(1)).await;
                events = latchkey.admin_audit(actor, &filter).await?;
            }
        }
        Top::Admin(_) => unreachable!("handled above"),
    }
    Ok(())
}

fn done(json: bool, value: &impl Serialize, sentence: &str) {
    if json {
        print_json(value);
    } else {
        println!("{sentence}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(parse_duration("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_duration("7d").unwrap(), Duration::from_secs(7 * 86_400));
        assert_eq!(parse_duration("2w").unwrap(), Duration::from_secs(14 * 86_400));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0h").is_err());
    }

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(time(Timestamp(0)), "1970-01-01 00:00Z");
        assert_eq!(time(Timestamp(1_700_000_000_000)), "2023-11-14 22:13Z");
    }

    #[test]
    fn the_grammar_parses_and_bad_flags_are_usage_errors() {
        let ok = |s: &str| Cli::try_parse_from(s.split_whitespace()).unwrap();
        assert!(matches!(
            ok("latchkey users list --json").command,
            Top::Users(UsersCommand::List { .. })
        ));
        assert!(ok("latchkey --json admin users lock 3 --until 2h").json);
        let err = Cli::try_parse_from("latchkey users lock".split_whitespace()).unwrap_err();
        assert!(err.use_stderr());
        let err = Cli::try_parse_from("latchkey users list --bogus".split_whitespace()).unwrap_err();
        assert!(err.render().to_string().contains("Usage"));
    }
}
