//! Two `Latchkey` instances (two kiosks) on one store: on PostgreSQL (the fleet case,
//! `LATCHKEY_TEST_BACKEND=postgres`) two pools on one server schema; on SQLite two pools on one
//! file. Same key, same clock; each instance has its own connections, so nothing is shared but
//! the store.

use std::time::Duration;

use latchkey_core::{LogInError, SessionError};

use crate::helpers::*;

/// A second kiosk on `app`'s store, with its own random seed as a second machine has its own
/// RNG (a shared seed would draw the first kiosk's handles and tokens in lockstep).
async fn second_kiosk(app: &TestApp) -> latchkey_core::Latchkey {
    open_in_seeded(app.dir.path(), test_config(), &app.key, &app.clock, 8).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_registration_on_two_kiosks_at_once_makes_one_account() {
    let app = spawn_app().await;
    let other = second_kiosk(&app).await;
    for round in 0..5 {
        let (a, b) = tokio::join!(app.latchkey.register(form(round)), other.register(form(round)));
        assert!(a.is_ok() || b.is_ok(), "round {round}: {a:?} / {b:?}");
    }
    assert_eq!(app.count("accounts").await, 5, "one account per registration");
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT username_key) FROM accounts")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(keys, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_entered_on_two_kiosks_at_once_is_used_once() {
    let app = spawn_app().await;
    let other = second_kiosk(&app).await;
    for n in 1..=5 {
        let form = form(n);
        app.register(form.clone()).await.unwrap();
        app.deliver_all().await;
        let code = app.code_sent_to(&form.email, "verify_email").await;
        let handle = app.h(&form.email);
        let (a, b) = tokio::join!(
            app.latchkey.verify_email(&handle, &code, DEVICE),
            other.verify_email(&handle, &code, "Kiosk 2"),
        );
        assert_eq!(
            usize::from(a.is_ok()) + usize::from(b.is_ok()),
            1,
            "exactly one kiosk signs in: {:?} / {:?}",
            a.as_ref().err(),
            b.as_ref().err()
        );
    }
    assert_eq!(app.count("sessions").await, 5);
    let consumed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM one_time_codes WHERE consumed_at IS NOT NULL")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(consumed, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_login_throttle_counts_failures_from_every_kiosk() {
    let app = spawn_app().await;
    let other = second_kiosk(&app).await;
    app.verified_account(1).await;
    let kiosks = [&app.latchkey, &other];
    for attempt in 0..4 {
        let err = kiosks[attempt % 2]
            .log_in("ana_1", secret("wrong password"), DEVICE)
            .await
            .unwrap_err();
        assert!(matches!(err, LogInError::InvalidCredentials), "{err:?}");
    }
    // The fifth failure, on either kiosk, starts the delay; both then see it.
    let err = other
        .log_in("ana_1", secret("wrong password"), DEVICE)
        .await
        .unwrap_err();
    assert!(
        matches!(err, LogInError::Throttled { retry_after } if retry_after == Duration::from_secs(30)),
        "{err:?}"
    );
    let err = app
        .latchkey
        .log_in("ana_1", secret(PASSWORD), DEVICE)
        .await
        .unwrap_err();
    assert!(matches!(err, LogInError::Throttled { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signing_out_everywhere_on_one_kiosk_ends_the_session_on_the_other() {
    let app = spawn_app().await;
    let other = second_kiosk(&app).await;
    let (_, first) = app.verified_account(1).await;
    let second = other.log_in("ana_1", secret(PASSWORD), "Kiosk 2").await.unwrap();
    app.latchkey.validate_session(&first.token).await.unwrap();
    other.validate_session(&first.token).await.unwrap();
    let ended = other.log_out_everywhere(&second.token).await.unwrap();
    assert!(ended >= 2, "both sessions ended, got {ended}");
    // The kiosk that wrote it knows at once.
    let err = other.validate_session(&first.token).await.unwrap_err();
    assert!(matches!(err, SessionError::Revoked { .. }), "{err:?}");
    // The other one may answer from its memory of the check it made a moment ago, for at most
    // a second (latchkey_core's session_cache), and then asks the store.
    app.latchkey.validate_session(&first.token).await.unwrap();
    app.advance(Duration::from_secs(1));
    let err = app.latchkey.validate_session(&first.token).await.unwrap_err();
    assert!(matches!(err, SessionError::Revoked { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_password_reset_on_one_kiosk_ends_the_sessions_seen_by_the_other() {
    let app = spawn_app().await;
    let other = second_kiosk(&app).await;
    let (form, signed_in) = app.verified_account(1).await;
    other.request_password_reset(&form.email).await.unwrap();
    other.settle().await;
    app.deliver_all().await;
    let code = app.code_sent_to(&form.email, "reset_password").await;
    other
        .reset_password(&form.email, &code, secret("Zebra-Quill-Harbour-Nine"))
        .await
        .unwrap();
    assert!(app.latchkey.validate_session(&signed_in.token).await.is_err());
    app.latchkey
        .log_in("ana_1", secret("Zebra-Quill-Harbour-Nine"), DEVICE)
        .await
        .unwrap();
}
