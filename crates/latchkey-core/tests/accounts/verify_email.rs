use std::time::Duration;

use latchkey_core::{CodePurpose, CodeState, Config, ResendCodeError, VerifyEmailError};

use crate::helpers::{DEVICE, form, spawn_app, spawn_app_with, test_config};

fn wrong(code: &str) -> String {
    // A different code of the same length.
    code.chars()
        .map(|c| if c == '9' { '0' } else { char::from(c as u8 + 1) })
        .collect()
}

#[tokio::test]
async fn the_right_code_verifies_the_email_and_signs_in() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    let signed_in = app
        .latchkey
        .verify_email(&app.h("ANA1@example.org"), &code, DEVICE)
        .await
        .unwrap();
    assert!(signed_in.account.email_verified);
    assert_eq!(signed_in.account.username, "ana_1");
    let session = app.latchkey.validate_session(&signed_in.token).await.unwrap();
    assert_eq!(session.account.id, signed_in.account.id);
    assert!(session.account.email_verified);
}

#[tokio::test]
async fn a_code_works_once() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    app.latchkey
        .verify_email(&app.h("ana1@example.org"), &code, DEVICE)
        .await
        .unwrap();
    let err = app
        .latchkey
        .verify_email(&app.h("ana1@example.org"), &code, DEVICE)
        .await
        .unwrap_err();
    assert!(matches!(err, VerifyEmailError::CodeNotFound), "{err:?}");
}

#[tokio::test]
async fn spaces_and_dashes_in_the_code_are_tolerated() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    let typed = format!(" {}-{} ", &code[..3], &code[3..]);
    app.latchkey
        .verify_email(&app.h("ana1@example.org"), &typed, DEVICE)
        .await
        .unwrap();
}

#[tokio::test]
async fn malformed_input_is_reported_per_field_without_costing_a_try() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let Err(VerifyEmailError::InvalidInput(fields)) = app.latchkey.verify_email("nope", "12a", DEVICE).await else {
        panic!()
    };
    let got: Vec<_> = fields.iter().map(|f| (f.field, f.code.as_str())).collect();
    assert_eq!(got, [("handle", "handle_invalid"), ("code", "code_format")]);
    assert_eq!(
        app.status("ana1@example.org", CodePurpose::VerifyEmail)
            .await
            .attempts_left,
        Some(5)
    );
}

#[tokio::test]
async fn five_wrong_codes_kill_the_code_and_each_says_how_many_tries_are_left() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    for left in (0..5).rev() {
        match app
            .latchkey
            .verify_email(&app.h("ana1@example.org"), &wrong(&code), DEVICE)
            .await
        {
            Err(VerifyEmailError::CodeInvalid { attempts_left }) => assert_eq!(attempts_left, left),
            other => panic!("{other:?}"),
        }
    }
    let err = app
        .latchkey
        .verify_email(&app.h("ana1@example.org"), &code, DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_exhausted");
}

#[tokio::test]
async fn a_code_does_not_age_while_queued_and_expires_ten_minutes_after_it_was_sent() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    app.advance(Duration::from_secs(3600)); // mail stuck in the outbox for an hour
    // Before sign-in the status is timed from the issue either way (issue 8, item 5)...
    let queued = app.status("ana1@example.org", CodePurpose::VerifyEmail).await;
    assert_eq!(queued.state, CodeState::Sent);
    assert_eq!(
        queued.expires_at,
        Some(crate::helpers::START.plus(Duration::from_secs(600)))
    );

    // ...but the code itself lives ten minutes from when its email left.
    app.deliver_all().await;
    app.advance(Duration::from_secs(599));

    app.advance(Duration::from_secs(600));
    let err = app
        .latchkey
        .verify_email(&app.h("ana1@example.org"), &code, DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_expired");
}

#[tokio::test]
async fn a_code_is_accepted_until_the_last_millisecond_of_its_lifetime() {
    let app = spawn_app_with(Config {
        code_lifetime_secs: 120,
        ..test_config()
    })
    .await;
    app.register(form(1)).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    app.advance(Duration::from_millis(119_999));
    app.latchkey
        .verify_email(&app.h("ana1@example.org"), &code, DEVICE)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_new_code_supersedes_the_old_one() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let first = app.code_sent_to("ana1@example.org", "verify_email").await;
    app.advance(Duration::from_secs(61));
    let status = app
        .latchkey
        .resend_code(&app.h("ana1@example.org"), CodePurpose::VerifyEmail)
        .await
        .unwrap();
    assert_eq!((status.state, status.attempts_left), (CodeState::Sent, Some(5)));
    let second = app.code_sent_to("ana1@example.org", "verify_email").await;
    if first != second {
        let err = app
            .latchkey
            .verify_email(&app.h("ana1@example.org"), &first, DEVICE)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_invalid");
    }
    app.latchkey
        .verify_email(&app.h("ana1@example.org"), &second, DEVICE)
        .await
        .unwrap();
}

#[tokio::test]
async fn resending_is_limited_to_one_a_minute_and_five_an_hour() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap(); // code 1 at t=0
    let err = app
        .latchkey
        .resend_code(&app.h("ana1@example.org"), CodePurpose::VerifyEmail)
        .await
        .unwrap_err();
    let ResendCodeError::ResendCooldown {
        retry_after,
        code_status,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Duration::from_secs(60));
    assert_eq!(code_status.state, CodeState::Sent);
    assert_eq!(err.code(), "resend_cooldown");

    for _ in 0..4 {
        app.advance(Duration::from_secs(60));
        app.latchkey
            .resend_code(&app.h("ana1@example.org"), CodePurpose::VerifyEmail)
            .await
            .unwrap();
    } // five codes at t = 0, 60, 120, 180, 240 s
    app.advance(Duration::from_secs(60));
    let Err(ResendCodeError::ResendCooldown { retry_after, .. }) = app
        .latchkey
        .resend_code(&app.h("ana1@example.org"), CodePurpose::VerifyEmail)
        .await
    else {
        panic!("the sixth code within the hour must wait")
    };
    assert_eq!(retry_after, Duration::from_secs(3600 - 300));
    app.advance(retry_after);
    app.latchkey
        .resend_code(&app.h("ana1@example.org"), CodePurpose::VerifyEmail)
        .await
        .unwrap();
}

#[tokio::test]
async fn codes_are_bound_to_their_account_and_purpose() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    app.register(form(2)).await.unwrap();
    let code_of_1 = app.code_sent_to("ana1@example.org", "verify_email").await;
    let code_of_2 = app.code_sent_to("ana2@example.org", "verify_email").await;
    if code_of_1 != code_of_2 {
        let err = app
            .latchkey
            .verify_email(&app.h("ana2@example.org"), &code_of_1, DEVICE)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_invalid");
    }
    // A reset code is not a verification code.
    app.latchkey.request_password_reset("ana_1").await.unwrap();
    let reset_code = app.code_sent_to("ana1@example.org", "reset_password").await;
    let verify_code = app.code_sent_to("ana1@example.org", "verify_email").await;
    if reset_code != verify_code {
        let err = app
            .latchkey
            .verify_email(&app.h("ana1@example.org"), &reset_code, DEVICE)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_invalid");
    }
}

#[tokio::test]
async fn a_verified_registration_s_handle_and_a_never_issued_one_have_nothing_pending() {
    let app = spawn_app().await;
    let (owner, _) = app.verified_account(1).await;
    for email in [owner.email.as_str(), "nobody@example.org"] {
        let status = app.status(email, CodePurpose::VerifyEmail).await;
        assert_eq!((status.state, status.attempts_left), (CodeState::None, None), "{email}");
        let err = app
            .latchkey
            .verify_email(&app.h(email), "123456", DEVICE)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_not_found", "{email}");
        // Asking again gives a stand-in code, answered like a real one, that nothing verifies.
        let resent = app
            .latchkey
            .resend_code(&app.h(email), CodePurpose::VerifyEmail)
            .await
            .unwrap();
        assert_eq!((resent.state, resent.attempts_left), (CodeState::Sent, Some(5)));
        let err = app
            .latchkey
            .verify_email(&app.h(email), "123456", DEVICE)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_invalid", "{email}");
    }
    assert_eq!(app.count("outbox").await, 1, "no mail for stand-in codes");
}

#[tokio::test]
async fn the_code_length_is_configurable() {
    let app = spawn_app_with(Config {
        code_length: 8,
        ..test_config()
    })
    .await;
    app.register(form(1)).await.unwrap();
    let code = app.code_sent_to("ana1@example.org", "verify_email").await;
    assert_eq!(code.len(), 8);
    app.latchkey
        .verify_email(&app.h("ana1@example.org"), &code, DEVICE)
        .await
        .unwrap();
}

/// Issue 8, item 5: the status an unauthenticated screen sees is the same for a real code whose
/// mail is retried or failed and for a stand-in, and never carries the server's words. (The
/// same against the real SMTP server: tests/mail/end_to_end.rs.)
#[tokio::test]
async fn a_failed_delivery_is_not_told_before_sign_in_and_looks_like_a_stand_in() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let first = app.last_mail("ana1@example.org", "verify_email").await;
    let (owner, _) = app.verified_account(2).await;
    app.clock.set(crate::helpers::START);
    let mut again = form(3);
    again.email = owner.email.clone();
    app.register(again).await.unwrap();

    sqlx::query("UPDATE outbox SET attempts = 1, last_error = 'connection refused' WHERE id = $1")
        .bind(first.id)
        .execute(app.pool())
        .await
        .unwrap();
    let retried = app.status("ana1@example.org", CodePurpose::VerifyEmail).await;
    sqlx::query(
        "UPDATE outbox SET status = 'failed', attempts = 5, last_error = '550 5.1.1 <ana1@example.org>: rejected' WHERE id = $1",
    )
    .bind(first.id)
    .execute(app.pool())
    .await
    .unwrap();
    let failed = app.status("ana1@example.org", CodePurpose::VerifyEmail).await;
    let stand_in = app.status(&owner.email, CodePurpose::VerifyEmail).await;
    for status in [&retried, &failed] {
        let mut status = status.clone();
        status.sent_to = stand_in.sent_to.clone();
        assert_eq!(status, stand_in);
        let json = serde_json::to_string(&status).unwrap();
        assert!(!json.contains("550") && !json.contains("refused"), "{json}");
    }
    assert_eq!((failed.state, failed.delivery_error), (CodeState::Sent, None));

    // A new code may still be asked for once the limits allow, and it works.
    app.advance(Duration::from_secs(60));
    app.latchkey
        .resend_code(&app.h("ana1@example.org"), CodePurpose::VerifyEmail)
        .await
        .unwrap();
    let second = app.last_mail("ana1@example.org", "verify_email").await;
    assert_ne!(second.id, first.id);
    app.deliver_all().await;
    app.latchkey
        .verify_email(&app.h("ana1@example.org"), &second.code(6), DEVICE)
        .await
        .unwrap();
}
