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

#[tokio::test]
async fn a_check_made_a_moment_ago_never_hides_what_this_instance_wrote_since() {
    let app = spawn_app().await;
    let (_, laptop) = app.verified_account(1).await;
    let phone = app.latchkey.log_in("ana_1", secret(PASSWORD), "Phone").await.unwrap();
    for token in [&laptop.token, &phone.token] {
        app.latchkey.validate_session(token).await.unwrap();
    }
    // Signed out here: refused at once, although "live" was answered a moment ago.
    app.latchkey.log_out(&laptop.token).await.unwrap();
    assert!(matches!(
        app.latchkey.validate_session(&laptop.token).await,
        Err(SessionError::Revoked { .. })
    ));
    // A profile edit is in the very next answer.
    let before = app.latchkey.validate_session(&phone.token).await.unwrap();
    assert_eq!(before.account.first_name, "Ana");
    app.latchkey
        .update_profile(
            &phone.token,
            latchkey_core::ProfileForm {
                first_name: "Maria".into(),
                last_name: before.account.last_name.clone(),
                username: before.account.username.clone(),
                phone: before.account.phone.clone(),
            },
        )
        .await
        .unwrap();
    let after = app.latchkey.validate_session(&phone.token).await.unwrap();
    assert_eq!(after.account.first_name, "Maria");
    // And "sign out everywhere".
    app.latchkey.log_out_everywhere(&phone.token).await.unwrap();
    assert!(matches!(
        app.latchkey.validate_session(&phone.token).await,
        Err(SessionError::Revoked { .. })
    ));
}

/// A signed-in account whose session was just checked ("live", now remembered), then ended behind
/// this instance's back, as the admin CLI or another kiosk would. Returns the account as checked.
async fn checked_then_ended_elsewhere() -> (
    crate::helpers::TestApp,
    latchkey_core::SignedIn,
    latchkey_core::AccountView,
) {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    let view = app.latchkey.validate_session(&me.token).await.unwrap().account;
    sqlx::query("UPDATE sessions SET revoked_at = 1, revoke_reason = 'admin'")
        .execute(app.pool())
        .await
        .unwrap();
    (app, me, view)
}

#[tokio::test]
async fn a_check_is_answered_from_memory_for_a_second_at_most_when_another_process_ends_the_session() {
    let (app, me, _) = checked_then_ended_elsewhere().await;
    app.latchkey.validate_session(&me.token).await.unwrap();
    app.advance(Duration::from_millis(999));
    app.latchkey.validate_session(&me.token).await.unwrap();
    app.advance(Duration::from_millis(1));
    assert!(matches!(
        app.latchkey.validate_session(&me.token).await,
        Err(SessionError::Revoked { .. })
    ));
    // A failed check is not remembered: still refused a moment later.
    assert!(app.latchkey.validate_session(&me.token).await.is_err());
}

#[tokio::test]
async fn the_watch_check_always_asks_the_store() {
    let (app, me, _) = checked_then_ended_elsewhere().await;
    assert!(matches!(
        app.latchkey.validate_session_in_store(&me.token).await,
        Err(SessionError::Revoked { .. })
    ));
    assert!(
        app.latchkey.validate_session(&me.token).await.is_err(),
        "nothing stale is left"
    );
}

#[tokio::test]
async fn a_change_to_the_account_asks_the_store_even_right_after_a_check() {
    let (app, me, view) = checked_then_ended_elsewhere().await;
    let edit = latchkey_core::ProfileForm {
        first_name: "Maria".into(),
        last_name: view.last_name.clone(),
        username: view.username.clone(),
        phone: view.phone.clone(),
    };
    assert!(
        app.latchkey.update_profile(&me.token, edit).await.is_err(),
        "edited with an ended session"
    );
    assert!(
        app.latchkey.export_account_data(&me.token).await.is_err(),
        "exported with an ended session"
    );
}
