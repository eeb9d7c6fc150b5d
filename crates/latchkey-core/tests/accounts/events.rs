use latchkey_core::AuditKind;
use tokio::sync::broadcast::error::TryRecvError;

use crate::helpers::{DEVICE, PASSWORD, secret, spawn_app};

#[tokio::test]
async fn every_security_event_is_recorded_and_published_without_secrets() {
    let app = spawn_app().await;
    let mut stream = app.latchkey.subscribe();
    let (form, signed_in) = app.verified_account(1).await;
    let _ = app.latchkey.log_in("ana_1", secret("wrong password"), DEVICE).await;
    let second = app.latchkey.log_in("ana_1", secret(PASSWORD), DEVICE).await.unwrap();
    app.latchkey.log_out(&second.token).await.unwrap();
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    let code = app.code_sent_to(&form.email, "reset_password").await;
    let _ = app
        .latchkey
        .reset_password(
            "ana_1",
            if code == "000000" { "111111" } else { "000000" },
            secret("a fresh long passphrase"),
        )
        .await;
    app.latchkey
        .reset_password("ana_1", &code, secret("a fresh long passphrase"))
        .await
        .unwrap();
    let mut again = form.clone();
    again.username = "someone_else".into();
    app.register(again).await.unwrap();

    let mut published = Vec::new();
    loop {
        match stream.try_recv() {
            Ok(event) => published.push(event),
            Err(TryRecvError::Empty) => break,
            Err(e) => panic!("{e}"),
        }
    }
    let kinds: Vec<AuditKind> = published.iter().map(|e| e.kind).collect();
    use AuditKind::*;
    assert_eq!(
        kinds,
        [
            Registered,
            CodeSent,
            EmailVerified,
            LoginSucceeded,
            LoginFailed,
            LoginSucceeded,
            LoggedOut,
            // The reset code is issued after the request is answered.
            PasswordResetRequested,
            CodeSent,
            CodeFailed,
            PasswordChanged,
            SessionsRevoked,
            RegistrationAttempted,
        ]
    );
    assert!(published.iter().all(|e| e.account_id == Some(signed_in.account.id)));

    let rows: Vec<(String, String)> = sqlx::query_as("SELECT kind, detail FROM audit_events ORDER BY id")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), published.len());
    for (kind, detail) in rows {
        for secret in [
            PASSWORD,
            "a fresh long passphrase",
            &code,
            signed_in.token.expose_secret(),
        ] {
            assert!(!detail.contains(secret), "{kind} leaks a secret: {detail}");
        }
    }
}

#[tokio::test]
async fn events_of_a_rolled_back_flow_are_not_published() {
    let app = spawn_app().await;
    let mut stream = app.latchkey.subscribe();
    sqlx::query("ALTER TABLE one_time_codes RENAME TO gone")
        .execute(app.pool())
        .await
        .unwrap();
    app.register(crate::helpers::form(1)).await.unwrap_err();
    assert!(matches!(stream.try_recv(), Err(TryRecvError::Empty)));
}

#[tokio::test]
async fn opening_a_data_directory_creates_the_database_and_key_and_works() {
    let dir = tempfile::tempdir().unwrap();
    let latchkey = latchkey_core::Latchkey::open(dir.path(), crate::helpers::test_config())
        .await
        .unwrap();
    assert!(latchkey.database_status().unwrap().created);
    assert!(dir.path().join("install.key").exists());
    latchkey.register(crate::helpers::form(1)).await.unwrap();
    assert_eq!(AuditKind::PasswordChanged.summary(), "Password changed");
}
