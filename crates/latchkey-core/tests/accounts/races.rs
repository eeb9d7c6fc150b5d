//! Read-check-write races: a write is conditional on what was checked (issue 8, item 1).

use std::time::Duration;

use latchkey_core::{ChangePasswordError, Config, LogInError, SessionError};

use crate::helpers::*;

/// A heavy argon2 cost for the account's stored hash, so that checking the old password takes
/// long enough (hundreds of ms) for a reset to commit meanwhile.
fn slow_config() -> Config {
    Config {
        argon2_memory_kib: 8192,
        argon2_iterations: 40,
        ..Config::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_change_in_flight_does_not_overwrite_a_reset() {
    let slow = spawn_app_with(slow_config()).await;
    let (form, signed_in) = slow.verified_account(1).await;
    // The same files, now with the light cost: the reset hashes fast, the change's check of the
    // old (slow) hash takes long.
    let app = open_in(slow.dir.path(), test_config(), &slow.key, &slow.clock).await;
    let change = {
        let app = app.clone();
        let token = signed_in.token.clone();
        tokio::spawn(async move {
            app.change_password(&token, secret(PASSWORD), secret("the intruder's own passphrase"))
                .await
        })
    };
    // The change has reserved its attempt (a throttle row) and is now checking the old password.
    for _ in 0..500 {
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle")
            .fetch_one(app.database().pool())
            .await
            .unwrap();
        if rows > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    app.request_password_reset(&form.email).await.unwrap();
    app.settle().await;
    sqlx::query("UPDATE outbox SET status = 'delivered_locally', sent_at = $1 WHERE sent_at IS NULL")
        .bind(slow.now().millis())
        .execute(app.database().pool())
        .await
        .unwrap();
    let code = slow.code_sent_to(&form.email, "reset_password").await;
    app.reset_password(&form.email, &code, secret("the owner's brand new passphrase"))
        .await
        .unwrap();
    assert!(
        !change.is_finished(),
        "the change must still be hashing for this test to mean anything"
    );

    let outcome = change.await.unwrap();
    assert!(
        matches!(outcome, Err(ChangePasswordError::Session(SessionError::Revoked { .. }))),
        "{outcome:?}"
    );
    app.log_in(&form.email, secret("the owner's brand new passphrase"), DEVICE)
        .await
        .expect("the owner's reset password works");
    let intruder = app
        .log_in(&form.email, secret("the intruder's own passphrase"), DEVICE)
        .await;
    assert!(matches!(intruder, Err(LogInError::InvalidCredentials)), "{intruder:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_in_flight_neither_rehashes_over_nor_opens_a_session_after_a_reset() {
    let slow = spawn_app_with(slow_config()).await;
    let (form, _) = slow.verified_account(1).await;
    // Opened with another cost: the sign-in will want to rehash.
    let app = open_in(slow.dir.path(), test_config(), &slow.key, &slow.clock).await;
    let sign_in = {
        let app = app.clone();
        let email = form.email.clone();
        tokio::spawn(async move { app.log_in(&email, secret(PASSWORD), DEVICE).await })
    };
    for _ in 0..500 {
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle")
            .fetch_one(app.database().pool())
            .await
            .unwrap();
        if rows > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    app.request_password_reset(&form.email).await.unwrap();
    app.settle().await;
    sqlx::query("UPDATE outbox SET status = 'delivered_locally', sent_at = $1 WHERE sent_at IS NULL")
        .bind(slow.now().millis())
        .execute(app.database().pool())
        .await
        .unwrap();
    let code = slow.code_sent_to(&form.email, "reset_password").await;
    app.reset_password(&form.email, &code, secret("the owner's brand new passphrase"))
        .await
        .unwrap();
    assert!(
        !sign_in.is_finished(),
        "the sign-in must still be checking for this test to mean anything"
    );

    let outcome = sign_in.await.unwrap();
    assert!(matches!(outcome, Err(LogInError::InvalidCredentials)), "{outcome:?}");
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL")
        .fetch_one(app.database().pool())
        .await
        .unwrap();
    assert_eq!(live, 0, "no session may be opened with the password the reset replaced");
    app.log_in(&form.email, secret("the owner's brand new passphrase"), DEVICE)
        .await
        .expect("the reset password still works");
}
