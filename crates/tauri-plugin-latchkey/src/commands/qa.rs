//! QA mode's tools: time travel, the latest code sent to an address, fixtures, reset data,
//! mail fault injection and the tester's view of the outbox.
//!
//! Every command here is registered in every build (and has its own permission set,
//! `latchkey:qa`), and each one first asks [`AppState::require_qa`]: outside QA mode they
//! answer `qa_mode_off`, whatever the capability grants.

use std::time::Duration;

use latchkey_core::codes::{CodeState, CodeStatus};
use latchkey_core::mail::inspect::{self, OutboxEntry, OutboxMessage};
use latchkey_core::mail::{MailFault, MailSettings, OutboxId};
use latchkey_core::register::RegistrationForm;
use latchkey_core::{Latchkey, RegisterError};
use secrecy::SecretString;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::error::{CommandError, bounded};
use crate::qa_clock::MAX_JUMP;
use crate::state::AppState;
use latchkey_core::ErrorCode;

/// The dev mailbox for testers keeps at most this many messages.
pub const MAILBOX_KEEP: u32 = 500;

/// Every fixture account's password.
pub const FIXTURE_PASSWORD: &str = "Tangerine-Harbor-42";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QaStatus {
    /// How far ahead the app's clock runs.
    pub clock_offset_ms: u64,
    /// The app's "now".
    pub now: i64,
    pub mail_fault: Option<MailFault>,
}

fn status(state: &AppState) -> Result<QaStatus, CommandError> {
    let clock = state.require_qa()?;
    Ok(QaStatus {
        clock_offset_ms: u64::try_from(clock.offset().as_millis()).unwrap_or(u64::MAX),
        now: state.latchkey()?.clock().now().millis(),
        mail_fault: state.delivery()?.fault(),
    })
}

#[tauri::command]
pub async fn qa_status(state: State<'_, AppState>) -> Result<QaStatus, CommandError> {
    status(&state)
}

/// Moves the app's clock forward by `secs` (1 s to a year).
#[tauri::command]
pub async fn qa_time_travel(state: State<'_, AppState>, secs: i64) -> Result<QaStatus, CommandError> {
    let clock = state.require_qa()?;
    if secs < 1 || secs as u64 > MAX_JUMP.as_secs() {
        return Err(CommandError::invalid_field(
            "travel",
            ErrorCode::TravelOutOfRange,
            "Move the clock forward by at least 1 minute and at most a year.",
        ));
    }
    let offset = clock
        .advance(Duration::from_secs(secs as u64))
        .map_err(|e| CommandError::internal("saving the QA clock", e))?;
    tracing::info!(offset_secs = offset.as_secs(), "QA: time travel");
    // Mail put off until "later" may be due now.
    state.delivery()?.signal().notify();
    status(&state)
}

/// Back to the wall clock.
#[tauri::command]
pub async fn qa_time_reset(state: State<'_, AppState>) -> Result<QaStatus, CommandError> {
    state
        .require_qa()?
        .reset()
        .map_err(|e| CommandError::internal("resetting the QA clock", e))?;
    tracing::info!("QA: clock back to the wall clock");
    status(&state)
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LatestCode {
    pub to: String,
    /// The code in the newest message to `to`; `None` if that message holds none (a notice).
    pub code: Option<String>,
    pub subject: String,
    pub status: String,
    pub last_error: Option<String>,
    pub created_at: i64,
}

/// The newest message sent to `to` and the code in it; `None` if nothing was sent there.
pub(crate) async fn latest_code(
    latchkey: &Latchkey,
    settings: &MailSettings,
    to: &str,
) -> Result<Option<LatestCode>, CommandError> {
    let mut conn = latchkey
        .database()
        .pool()
        .acquire()
        .await
        .map_err(|e| CommandError::internal("reading the outbox", e))?;
    let Some(entry) = inspect::latest_to(&mut conn, to.trim()).await? else {
        return Ok(None);
    };
    let message = inspect::open(&mut conn, latchkey.install_key(), &settings.from, entry.id).await?;
    Ok(Some(LatestCode {
        to: entry.to,
        code: inspect::code_in(&message.text, latchkey.config().code_length),
        subject: entry.subject,
        status: entry.status,
        last_error: entry.last_error,
        created_at: entry.created_at.millis(),
    }))
}

pub(crate) fn no_message(to: &str) -> CommandError {
    let hint = if to.contains('@') {
        ""
    } else {
        " Latchkey sends no text messages yet: codes go to the email address."
    };
    CommandError::invalid_field("to", ErrorCode::NoMessage, format!("Nothing was sent to {to}.{hint}"))
}

#[tauri::command]
pub async fn qa_latest_code(state: State<'_, AppState>, to: String) -> Result<LatestCode, CommandError> {
    state.require_qa()?;
    bounded("to", &to, 320)?;
    if to.trim().is_empty() {
        return Err(CommandError::invalid_field(
            "to",
            ErrorCode::Required,
            "Type an email address.",
        ));
    }
    let settings = state.delivery()?.settings();
    latest_code(state.latchkey()?, &settings, &to)
        .await?
        .ok_or_else(|| no_message(to.trim()))
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureAccount {
    /// `verified`, `unverified`, `throttled` (sign-in delayed) or `expired_code`.
    pub kind: &'static str,
    pub email: String,
    pub username: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixtures {
    pub password: &'static str,
    pub accounts: Vec<FixtureAccount>,
}

fn phone_block(stem: &str) -> u8 {
    match stem {
        "user" => 0,
        "unverified" => 1,
        "throttled" => 2,
        _ => 3,
    }
}

/// Registers the next free `qa-<stem>-<n>` account; its handle, address and username.
async fn register_next(
    latchkey: &Latchkey,
    stem: &str,
    next: &mut u32,
) -> Result<(latchkey_core::Registered, String), CommandError> {
    for _ in 0..1000 {
        let n = *next;
        *next += 1;
        let username = format!("qa_{stem}_{n}");
        let email = format!("qa-{stem}-{n}@example.test");
        let form = RegistrationForm {
            first_name: "QA".to_owned(),
            last_name: format!("{} {n}", stem.replace('-', " ")),
            email: email.clone(),
            // Phone numbers are unique per account too: one block of a thousand per kind.
            phone: format!("+44 20 7946 {}{:03}", phone_block(stem), n % 1000),
            username: username.clone(),
            password: SecretString::from(FIXTURE_PASSWORD),
        };
        match latchkey.register(form).await {
            Ok(registered) => return Ok((registered, username)),
            Err(RegisterError::UsernameTaken) => continue,
            Err(RegisterError::InvalidInput(fields)) if fields.iter().any(|f| f.code == "username_taken") => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(CommandError::new(
        ErrorCode::FixturesFull,
        "No free fixture name left (1000 tried).",
    ))
}

/// The code just sent to `email` (fixtures are ours: reading it is fine).
async fn code_sent_to(state: &AppState, email: &str) -> Result<String, CommandError> {
    let settings = state.delivery()?.settings();
    latest_code(state.latchkey()?, &settings, email)
        .await?
        .and_then(|l| l.code)
        .ok_or_else(|| CommandError::internal("creating fixtures", format!("no code was queued for {email}")))
}

async fn verified(state: &AppState, stem: &str, next: &mut u32) -> Result<FixtureAccount, CommandError> {
    let (registered, username) = register_next(state.latchkey()?, stem, next).await?;
    let code = code_sent_to(state, &registered.email).await?;
    let signed_in = state
        .latchkey()?
        .verify_email(registered.handle.as_str(), &code, "QA fixtures")
        .await?;
    let _ = state.latchkey()?.log_out(&signed_in.token).await;
    Ok(FixtureAccount {
        kind: "verified",
        email: registered.email,
        username,
    })
}

/// Waits (a little) for the delivery task to take the newest message to `email`.
async fn wait_delivered(state: &AppState, email: &str) {
    for _ in 0..50 {
        if let Ok(mut conn) = state.connection("reading the outbox").await
            && let Ok(Some(entry)) = inspect::latest_to(&mut conn, email).await
            && entry.status != "queued"
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `count` verified accounts (`qa-user-<n>@example.test`), one unverified, one throttled
/// (five wrong passwords: sign-in is delayed) and one whose code has expired; all with
/// [`FIXTURE_PASSWORD`].
#[tauri::command]
pub async fn qa_create_fixtures(state: State<'_, AppState>, count: i64) -> Result<Fixtures, CommandError> {
    let clock = state.require_qa()?;
    if !(1..=50).contains(&count) {
        return Err(CommandError::invalid_field(
            "fixtureCount",
            ErrorCode::CountOutOfRange,
            "Create between 1 and 50 accounts.",
        ));
    }
    let mut accounts = Vec::new();
    let mut next = 1;
    for _ in 0..count {
        accounts.push(verified(&state, "user", &mut next).await?);
    }

    let mut next = 1;
    let (unverified, username) = register_next(state.latchkey()?, "unverified", &mut next).await?;
    accounts.push(FixtureAccount {
        kind: "unverified",
        email: unverified.email,
        username,
    });

    let mut next = 1;
    let mut throttled = verified(&state, "throttled", &mut next).await?;
    for _ in 0..5 {
        let _ = state
            .latchkey()?
            .log_in(
                &throttled.username,
                SecretString::from("wrong password, on purpose"),
                "QA fixtures",
            )
            .await;
    }
    throttled.kind = "throttled";
    accounts.push(throttled);

    // Its code is issued and mailed a lifetime (plus a minute) in the past.
    let lifetime = Duration::from_secs(state.latchkey()?.config().code_lifetime_secs + 60);
    let mut next = 1;
    let (expired, username) = {
        let _back = clock.rewind(lifetime);
        let registered = register_next(state.latchkey()?, "expired", &mut next).await?;
        state.latchkey()?.settle().await;
        wait_delivered(&state, &registered.0.email).await;
        registered
    };
    accounts.push(FixtureAccount {
        kind: "expired_code",
        email: expired.email,
        username,
    });
    tracing::info!(accounts = accounts.len(), "QA: fixtures created");
    Ok(Fixtures {
        password: FIXTURE_PASSWORD,
        accounts,
    })
}

/// Empties the QA store: signs out, closes the database, deletes its files (and the clock
/// offset), and restarts the app on a fresh store. `confirm` must be true (the UI asks first).
#[tauri::command]
pub async fn qa_reset_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    confirm: bool,
) -> Result<(), CommandError> {
    let clock = state.require_qa()?;
    if !confirm {
        return Err(CommandError::invalid_field(
            "confirm",
            ErrorCode::ConfirmationRequired,
            "Confirm that every account and message of the QA store may be deleted.",
        ));
    }
    state.session.lock().await.take();
    state.latchkey()?.settle().await;
    state.latchkey()?.database().close().await;
    let dir = state.data_dir.clone();
    for name in ["latchkey.db", "latchkey.db-wal", "latchkey.db-shm", "install.key"] {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CommandError::internal("deleting the QA store", e));
            }
            _ => {}
        }
    }
    clock
        .reset()
        .map_err(|e| CommandError::internal("resetting the QA clock", e))?;
    tracing::info!(dir = %dir.display(), "QA: data reset; restarting");
    app.restart();
}

/// Stages a mail fault (`null` clears it; queued mail is then retried at once).
#[tauri::command]
pub async fn qa_mail_fault(state: State<'_, AppState>, fault: Option<MailFault>) -> Result<QaStatus, CommandError> {
    state.require_qa()?;
    state.delivery()?.inject_fault(fault);
    if fault.is_none() {
        let now = state.latchkey()?.clock().now();
        inspect::retry_queued_now(state.latchkey()?.database().pool(), now).await?;
        state.delivery()?.signal().notify();
    }
    tracing::info!(?fault, "QA: mail fault");
    status(&state)
}

/// Messages whose recipient or subject contains `query`, newest first; the outbox is first
/// trimmed to the newest [`MAILBOX_KEEP`].
#[tauri::command]
pub async fn qa_mailbox_search(state: State<'_, AppState>, query: String) -> Result<Vec<OutboxEntry>, CommandError> {
    state.require_qa()?;
    bounded("query", &query, 320)?;
    let mut conn = state.connection("searching the outbox").await?;
    let pruned = inspect::keep_newest(&mut conn, MAILBOX_KEEP).await?;
    if pruned > 0 {
        tracing::info!(pruned, "QA: dev mailbox trimmed to the newest {MAILBOX_KEEP}");
    }
    Ok(inspect::search(&mut conn, query.trim(), MAILBOX_KEEP).await?)
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedMessage {
    #[serde(flatten)]
    pub message: OutboxMessage,
    pub code: Option<String>,
}

#[tauri::command]
pub async fn qa_mailbox_open(state: State<'_, AppState>, id: i64) -> Result<OpenedMessage, CommandError> {
    state.require_qa()?;
    if id <= 0 {
        return Err(CommandError::invalid_field(
            "id",
            ErrorCode::IdInvalid,
            "No such message.",
        ));
    }
    let from = state.delivery()?.settings().from;
    let mut conn = state.connection("opening a message").await?;
    let message = inspect::open(&mut conn, state.latchkey()?.install_key(), &from, OutboxId(id)).await?;
    let code = inspect::code_in(&message.text, state.latchkey()?.config().code_length);
    Ok(OpenedMessage { message, code })
}

/// QA mode only: a code's real delivery state on the verify and reset screens (outside QA
/// mode they only ever say "sent", see `CodeState`), so staged faults can be seen.
pub(crate) async fn with_delivery_state(state: &AppState, mut status: CodeStatus) -> CodeStatus {
    if state.qa_clock.is_none() || status.state != CodeState::Sent || !status.sent_to.contains('@') {
        return status;
    }
    let Ok(mut conn) = state.connection("reading the outbox").await else {
        return status;
    };
    if let Ok(Some(entry)) = inspect::latest_to(&mut conn, &status.sent_to).await {
        match entry.status.as_str() {
            "failed" => {
                status.state = CodeState::Failed;
                status.expires_at = None;
                status.delivery_error = entry.last_error;
            }
            "queued" => {
                status.state = CodeState::Queued;
                status.expires_at = None;
                status.delivery_error = entry.last_error;
            }
            _ => {}
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::mode::{self, AppMode};
    use crate::state::{AppState, Options};

    async fn open(dir: &std::path::Path, builder: Option<AppMode>) -> AppState {
        let settings = mode::from_sources(None, builder, |_| None).unwrap();
        let state = AppState::prepare(Options {
            data_dir: dir.to_owned(),
            settings,
            keyring_service: "dev.latchkey.test.qa-unit".to_owned(),
            device_label: "test".to_owned(),
            disabled: BTreeSet::new(),
        });
        state.open_store().await.unwrap();
        state
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn qa_tools_answer_qa_mode_off_outside_qa_mode_and_work_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let normal = open(dir.path(), None).await;
        let err = normal.require_qa().unwrap_err();
        assert_eq!(err.code, "qa_mode_off");
        assert!(err.message.contains("--qa"));
        drop(normal);

        let dir = tempfile::tempdir().unwrap();
        let qa = open(dir.path(), Some(AppMode::Qa)).await;
        assert!(qa.require_qa().is_ok());
    }

    /// Registered in every build, so each QA command must refuse by itself: its body starts by
    /// asking `require_qa`.
    #[test]
    fn every_qa_command_asks_for_qa_mode_before_anything_else() {
        let source = include_str!("qa.rs");
        let mut commands = 0;
        for chunk in source.split(concat!("#[tauri::", "command]")).skip(1) {
            let body = &chunk[chunk.find('{').unwrap() + 1..];
            // The first statement (rustfmt may spread it over lines).
            let first: String = body.trim_start().chars().take_while(|c| *c != ';').collect();
            let first = first.split_whitespace().collect::<String>();
            assert!(
                first.contains(".require_qa()") || first.starts_with("status(&state)"),
                "{first}"
            );
            commands += 1;
        }
        assert_eq!(commands, 9);
    }
}
