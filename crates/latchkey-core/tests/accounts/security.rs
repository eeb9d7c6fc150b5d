use std::path::Path;

use latchkey_core::CodePurpose;

use crate::helpers::{DEVICE, PASSWORD, secret, spawn_app};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["latchkey.db", "latchkey.db-wal"] {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

#[tokio::test]
async fn after_a_full_flow_the_database_files_hold_no_password_code_or_token() {
    let app = spawn_app().await;
    let new_password = "Zebra-Quill-Harbour-Nine";
    let changed_password = "Violet-Anchor-Tundra-Four";

    let (form, verified) = app.verified_account(1).await;
    let verify_code = app.code_sent_to(&form.email, "verify_email").await;
    let logged_in = app.latchkey.log_in("ana_1", secret(PASSWORD), DEVICE).await.unwrap();
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    app.deliver_all().await;
    let reset_code = app.code_sent_to(&form.email, "reset_password").await;
    app.latchkey
        .reset_password("ana_1", &reset_code, secret(new_password))
        .await
        .unwrap();
    let after_reset = app
        .latchkey
        .log_in("ana_1", secret(new_password), DEVICE)
        .await
        .unwrap();
    app.latchkey
        .change_password(&after_reset.token, secret(new_password), secret(changed_password))
        .await
        .unwrap();
    app.latchkey
        .resend_code(&app.h("nobody@example.org"), CodePurpose::VerifyEmail)
        .await
        .unwrap();
    let _ = app.latchkey.log_in("ana_1", secret("typo password"), DEVICE).await;
    // A password typed into the identifier field (it parses as a username): signing in, asking
    // for a reset and asking the code's status must not write it down, in any case.
    let misplaced = "Summer.2026_secret";
    let err = app
        .latchkey
        .log_in(misplaced, secret("typo password"), DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_credentials");
    app.latchkey.request_password_reset(misplaced).await.unwrap();
    app.latchkey
        .code_status(misplaced, CodePurpose::ResetPassword)
        .await
        .unwrap();
    let throttled: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle")
        .fetch_one(app.pool())
        .await
        .unwrap();
    let decoys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decoy_codes")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert!(throttled >= 1 && decoys >= 1, "the flows did write their rows");

    let bytes = match crate::backend::backend() {
        latchkey_core::store::Backend::Sqlite => database_bytes(app.dir.path()),
        latchkey_core::store::Backend::Postgres => crate::backend::server_rows(app.pool()).await,
    };
    assert!(bytes.len() > 1024);
    assert!(
        contains(&bytes, b"ana1@example.org"),
        "the scan does see plaintext data"
    );
    let mut secrets: Vec<Vec<u8>> = vec![
        PASSWORD.into(),
        new_password.into(),
        changed_password.into(),
        b"typo password".to_vec(),
        misplaced.into(),
        misplaced.to_lowercase().into(),
        verify_code.clone().into(),
        reset_code.clone().into(),
        app.h(&form.email).into_bytes(),
    ];
    for token in [&verified.token, &logged_in.token, &after_reset.token] {
        secrets.push(token.expose_secret().as_bytes().to_vec());
        secrets.push(hex::decode(token.expose_secret()).unwrap());
    }
    for secret in &secrets {
        assert!(
            !contains(&bytes, secret),
            "found a secret in the database files: {:?}",
            String::from_utf8_lossy(secret)
        );
    }
}

/// Issue 8, item 6: a reset asked by username is not seen through the account's email (nor the
/// other way round): each identifier as typed has its own status, like an unknown one.
#[tokio::test]
async fn a_reset_by_username_is_not_linked_to_the_email_through_its_status() {
    let app = spawn_app().await;
    let (form, _) = app.verified_account(1).await;
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    app.settle_and_deliver().await;
    let by_email = app.status(&form.email, CodePurpose::ResetPassword).await;
    let unknown = app.status("nobody@example.org", CodePurpose::ResetPassword).await;
    assert_eq!(by_email.state, latchkey_core::CodeState::None, "{by_email:?}");
    assert_eq!(
        (by_email.state, by_email.attempts_left, by_email.resend_available_at),
        (unknown.state, unknown.attempts_left, unknown.resend_available_at)
    );
    // The email can ask for its own code at once (no shared cooldown shows).
    app.latchkey.request_password_reset(&form.email).await.unwrap();
}

/// Issue 8, item 6: the wait before a new code after a second registration is the same for a
/// taken and a free address.
#[tokio::test]
async fn the_resend_wait_after_registering_is_the_same_for_taken_and_free_addresses() {
    let app = spawn_app().await;
    let (owner, _) = app.verified_account(1).await;
    app.advance(std::time::Duration::from_secs(30));
    let mut taken = crate::helpers::form(2);
    taken.email = owner.email.clone();
    let taken = app.register(taken).await.unwrap();
    let free = app.register(crate::helpers::form(3)).await.unwrap();
    let now = app.now();
    assert_eq!(taken.code_status.resend_wait(now), free.code_status.resend_wait(now));
    app.advance(std::time::Duration::from_secs(30));
    let a = app
        .latchkey
        .resend_code(taken.handle.as_str(), CodePurpose::VerifyEmail)
        .await
        .unwrap_err();
    let b = app
        .latchkey
        .resend_code(free.handle.as_str(), CodePurpose::VerifyEmail)
        .await
        .unwrap_err();
    let wait = |e: &latchkey_core::ResendCodeError| match e {
        latchkey_core::ResendCodeError::ResendCooldown { retry_after, .. } => *retry_after,
        other => panic!("{other:?}"),
    };
    assert_eq!(wait(&a), wait(&b));
}

/// Issue 8, item 12: opening a data directory that does not exist yet (nested) creates it
/// before the key is written, and the key and database land inside it, private.
#[tokio::test]
async fn open_creates_a_missing_data_directory_before_writing_the_key() {
    let parent = tempfile::tempdir().unwrap();
    let data_dir = parent.path().join("not").join("yet").join("there");
    let latchkey = latchkey_core::Latchkey::open(&data_dir, crate::helpers::test_config())
        .await
        .expect("a missing data directory is created");
    assert_eq!(std::fs::read(data_dir.join("install.key")).unwrap().len(), 32);
    assert!(data_dir.join("latchkey.db").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&data_dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
    drop(latchkey);
}
