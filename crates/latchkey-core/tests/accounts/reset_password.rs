use std::time::Duration;

use latchkey_core::{CodeState, LogInError, RequestResetError, ResetPasswordError, SessionError};

use crate::helpers::{DEVICE, PASSWORD, START, secret, spawn_app};

const NEW_PASSWORD: &str = "a brand new passphrase, unguessed";

#[tokio::test]
async fn the_reset_answer_is_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    let now = app.now();
    let real = app.latchkey.request_password_reset("ana_1").await.unwrap();
    let fake = app.latchkey.request_password_reset("nobody_here").await.unwrap();
    assert_eq!(real.sent_to, "ana_1");
    assert_eq!(fake.sent_to, "nobody_here");
    let mut fake_status = fake.code_status.clone();
    fake_status.sent_to = real.code_status.sent_to.clone();
    assert_eq!(real.code_status, fake_status);
    assert_eq!(real.code_status.state, CodeState::Sent);
    assert_eq!(real.code_status.resend_available_at, now.plus(Duration::from_secs(60)));

    // Both evolve alike: sent shortly after, cooldown, tries counting down.
    app.advance(Duration::from_millis(100));
    app.deliver_all().await;
    app.advance(Duration::from_secs(1));
    for identifier in ["ana_1", "nobody_here"] {
        let status = app.status(identifier, latchkey_core::CodePurpose::ResetPassword).await;
        assert_eq!(status.state, CodeState::Sent, "{identifier}");
        let err = app.latchkey.request_password_reset(identifier).await.unwrap_err();
        assert!(
            matches!(err, RequestResetError::ResendCooldown { .. }),
            "{identifier}: {err:?}"
        );
        let err = app
            .latchkey
            .reset_password(identifier, "000000", secret(NEW_PASSWORD))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ResetPasswordError::CodeInvalid { attempts_left: 4 }),
            "{identifier}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_reset_code_sets_the_new_password_revokes_every_session_and_notifies() {
    let app = spawn_app().await;
    let (form, signed_in) = app.verified_account(1).await;
    app.latchkey.request_password_reset("ANA1@example.org").await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to(&form.email, "reset_password").await;
    app.latchkey
        .reset_password("ana1@example.org", &code, secret(NEW_PASSWORD))
        .await
        .unwrap();

    let err = app.latchkey.validate_session(&signed_in.token).await.unwrap_err();
    assert!(
        matches!(&err, SessionError::Revoked { reason } if reason == "password_reset"),
        "{err:?}"
    );
    app.last_mail(&form.email, "password_changed").await;
    assert!(matches!(
        app.latchkey.log_in("ana_1", secret(PASSWORD), DEVICE).await,
        Err(LogInError::InvalidCredentials)
    ));
    app.latchkey
        .log_in("ana_1", secret(NEW_PASSWORD), DEVICE)
        .await
        .unwrap();
    // The code is used up.
    let err = app
        .latchkey
        .reset_password("ana_1", &code, secret("yet another fine passphrase"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_not_found");
}

#[tokio::test]
async fn the_new_password_follows_the_registration_rules_and_a_bad_one_costs_no_try() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "reset_password").await;
    for (password, why) in [
        ("short", "password_too_short"),
        ("iloveyou", "password_common"),
        ("ana_1ana_1", "password_weak"), // built from the identifier as typed
    ] {
        let Err(ResetPasswordError::InvalidInput(fields)) =
            app.latchkey.reset_password("ana_1", &code, secret(password)).await
        else {
            panic!("{password}")
        };
        assert_eq!(
            (fields[0].field, fields[0].code.as_str()),
            ("newPassword", why),
            "{password}"
        );
    }
    let Err(ResetPasswordError::InvalidInput(fields)) =
        app.latchkey.reset_password("ana_1", "12", secret(NEW_PASSWORD)).await
    else {
        panic!()
    };
    assert_eq!((fields[0].field, fields[0].code.as_str()), ("code", "code_format"));
    app.latchkey
        .reset_password("ana_1", &code, secret(NEW_PASSWORD))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_new_password_is_judged_alike_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    app.verified_account(1).await; // Ana Kowalska, ana1@example.org, ana_1
    // Built from the account's name and address, which the person resetting may not know: if
    // only the real account judged them, the answer would tell that it exists.
    for password in ["kowalskaana1", "AnaKowalska1", "ana1exampleorg", "Kowalska.Ana"] {
        let answer = |identifier: &'static str| {
            let latchkey = app.latchkey.clone();
            async move {
                match latchkey.reset_password(identifier, "000000", secret(password)).await {
                    Err(ResetPasswordError::InvalidInput(fields)) => {
                        fields.iter().map(|f| format!("{}:{}", f.field, f.code)).collect()
                    }
                    Err(other) => vec![other.code().to_string()],
                    Ok(()) => vec!["ok".to_owned()],
                }
            }
        };
        // Same length, same shape: neither identifier says anything about the password.
        let real: Vec<String> = answer("ana_1").await;
        let unknown: Vec<String> = answer("bob_9").await;
        assert_eq!(real, unknown, "{password}");
    }
}

#[tokio::test]
async fn a_reset_code_expires_and_dies_after_five_wrong_tries() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("ana1@example.org", "reset_password").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let err = app
            .latchkey
            .reset_password("ana_1", wrong, secret(NEW_PASSWORD))
            .await
            .unwrap_err();
        assert!(matches!(err, ResetPasswordError::CodeInvalid { attempts_left } if attempts_left == left));
    }
    let err = app
        .latchkey
        .reset_password("ana_1", &code, secret(NEW_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_exhausted");

    app.advance(Duration::from_secs(60));
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("ana1@example.org", "reset_password").await;
    app.advance(Duration::from_secs(600));
    let err = app
        .latchkey
        .reset_password("ana_1", &code, secret(NEW_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_expired");
    assert!(app.now() > START);
}

#[tokio::test]
async fn a_reset_also_lifts_the_login_throttle() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    for _ in 0..6 {
        let _ = app.latchkey.log_in("ana_1", secret("wrong password"), DEVICE).await;
    }
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "reset_password").await;
    app.latchkey
        .reset_password("ana_1", &code, secret(NEW_PASSWORD))
        .await
        .unwrap();
    app.latchkey
        .log_in("ana_1", secret(NEW_PASSWORD), DEVICE)
        .await
        .unwrap();
}
