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
        .resend_code("nobody@example.org", CodePurpose::VerifyEmail)
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

    let bytes = database_bytes(app.dir.path());
    assert!(bytes.len() > 4096);
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
