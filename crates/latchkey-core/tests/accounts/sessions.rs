use std::time::Duration;

use latchkey_core::{ChangePasswordError, Config, LogInError, SessionError, SessionToken};
use sha2::{Digest, Sha256};

use crate::helpers::{DEVICE, PASSWORD, secret, spawn_app, spawn_app_with, test_config};

const DAY: Duration = Duration::from_secs(24 * 3600);

#[tokio::test]
async fn a_token_is_256_random_bits_and_only_its_sha256_is_stored() {
    let app = spawn_app().await;
    let (_, signed_in) = app.verified_account(1).await;
    let token = signed_in.token.expose_secret();
    assert_eq!(token.len(), 64);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(stored, Sha256::digest(hex::decode(token).unwrap()).to_vec());
    assert_eq!(format!("{:?}", signed_in.token), "SessionToken(<redacted>)");
}

#[tokio::test]
async fn unknown_or_malformed_tokens_are_unknown() {
    let app = spawn_app().await;
    for token in ["", "abc", &"0".repeat(64)] {
        let err = app
            .latchkey
            .validate_session(&SessionToken::new(token))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "session_unknown");
    }
}

#[tokio::test]
async fn a_session_ends_after_30_idle_days_and_use_keeps_it_alive() {
    let app = spawn_app().await;
    let (_, signed_in) = app.verified_account(1).await;
    for _ in 0..2 {
        app.advance(DAY * 29);
        app.latchkey.validate_session(&signed_in.token).await.unwrap();
    }
    app.advance(DAY * 30);
    let err = app.latchkey.validate_session(&signed_in.token).await.unwrap_err();
    assert!(matches!(err, SessionError::Expired));
    assert_eq!(err.code(), "session_expired");
}

#[tokio::test]
async fn a_session_ends_90_days_after_sign_in_however_much_it_is_used() {
    let app = spawn_app().await;
    let (_, signed_in) = app.verified_account(1).await;
    for _ in 0..89 {
        app.advance(DAY);
        app.latchkey.validate_session(&signed_in.token).await.unwrap();
    }
    app.advance(DAY);
    assert!(matches!(
        app.latchkey.validate_session(&signed_in.token).await,
        Err(SessionError::Expired)
    ));
}

#[tokio::test]
async fn session_lifetimes_are_configurable() {
    let config = Config {
        session_idle_timeout_secs: 60,
        session_absolute_lifetime_secs: 120,
        ..test_config()
    };
    let app = spawn_app_with(config).await;
    let (_, signed_in) = app.verified_account(1).await;
    app.advance(Duration::from_secs(59));
    app.latchkey.validate_session(&signed_in.token).await.unwrap();
    app.advance(Duration::from_secs(61));
    assert!(matches!(
        app.latchkey.validate_session(&signed_in.token).await,
        Err(SessionError::Expired)
    ));
}

#[tokio::test]
async fn log_out_revokes_the_session_and_is_idempotent() {
    let app = spawn_app().await;
    let (_, signed_in) = app.verified_account(1).await;
    app.latchkey.log_out(&signed_in.token).await.unwrap();
    let err = app.latchkey.validate_session(&signed_in.token).await.unwrap_err();
    assert!(
        matches!(&err, SessionError::Revoked { reason } if reason == "logged_out"),
        "{err:?}"
    );
    assert_eq!(err.code(), "session_revoked");
    app.latchkey.log_out(&signed_in.token).await.unwrap();
    app.latchkey.log_out(&SessionToken::new("junk")).await.unwrap();
}

#[tokio::test]
async fn sessions_are_listed_with_their_device_and_log_out_everywhere_ends_them_all() {
    let app = spawn_app().await;
    let (_, first) = app.verified_account(1).await;
    app.advance(Duration::from_secs(120));
    let phone = app.latchkey.log_in("ana_1", secret(PASSWORD), "Phone").await.unwrap();
    let other = app.verified_account(2).await.1;

    let sessions = app.latchkey.list_sessions(&phone.token).await.unwrap();
    let listed: Vec<_> = sessions.iter().map(|s| (s.device_label.as_str(), s.current)).collect();
    assert_eq!(listed, [("Phone", true), (DEVICE, false)]);
    assert!(sessions[0].created_at > sessions[1].created_at);

    assert_eq!(app.latchkey.log_out_everywhere(&phone.token).await.unwrap(), 2);
    for token in [&first.token, &phone.token] {
        assert!(matches!(
            app.latchkey.validate_session(token).await,
            Err(SessionError::Revoked { .. })
        ));
    }
    app.latchkey.validate_session(&other.token).await.unwrap();
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_revokes_the_others() {
    let app = spawn_app().await;
    let (form, laptop) = app.verified_account(1).await;
    let phone = app.latchkey.log_in("ana_1", secret(PASSWORD), "Phone").await.unwrap();
    let new_password = "a brand new passphrase, unguessed";

    let err = app
        .latchkey
        .change_password(&phone.token, secret("wrong"), secret(new_password))
        .await
        .unwrap_err();
    assert!(matches!(err, ChangePasswordError::InvalidCredentials), "{err:?}");
    let err = app
        .latchkey
        .change_password(&phone.token, secret(PASSWORD), secret("password"))
        .await
        .unwrap_err();
    let ChangePasswordError::InvalidInput(fields) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (fields[0].field, fields[0].code.as_str()),
        ("newPassword", "password_common")
    );

    app.latchkey
        .change_password(&phone.token, secret(PASSWORD), secret(new_password))
        .await
        .unwrap();
    app.latchkey.validate_session(&phone.token).await.unwrap();
    assert!(matches!(
        app.latchkey.validate_session(&laptop.token).await,
        Err(SessionError::Revoked { .. })
    ));
    app.last_mail(&form.email, "password_changed").await;
    assert!(matches!(
        app.latchkey.log_in("ana_1", secret(PASSWORD), DEVICE).await,
        Err(LogInError::InvalidCredentials)
    ));
    app.latchkey
        .log_in("ana_1", secret(new_password), DEVICE)
        .await
        .unwrap();
}

#[tokio::test]
async fn validation_writes_last_seen_at_most_once_a_minute() {
    let app = spawn_app().await;
    let (_, signed_in) = app.verified_account(1).await;
    let last_seen = || async {
        sqlx::query_scalar::<_, i64>("SELECT last_seen_at FROM sessions")
            .fetch_one(app.pool())
            .await
            .unwrap()
    };
    let before = last_seen().await;
    app.advance(Duration::from_secs(30));
    app.latchkey.validate_session(&signed_in.token).await.unwrap();
    assert_eq!(last_seen().await, before);
    app.advance(Duration::from_secs(30));
    app.latchkey.validate_session(&signed_in.token).await.unwrap();
    assert_eq!(last_seen().await, app.now().millis());
}
