//! Issue 11 in the core, with the outbox read directly (texts through a real HTTP gateway are
//! in `tests/sms`): verified phones, code rules, sign-in with a code, phones as identifiers.

use std::time::Duration;

use latchkey_core::phone::PhoneError;
use latchkey_core::sign_in_code::SignInWithCodeError;
use latchkey_core::{CodeState, ProfileForm, ResendCodeError};

use crate::helpers::{DEVICE, PASSWORD, secret, spawn_app};

const PHONE_1: &str = "+14155551001";

#[tokio::test]
async fn a_phone_is_verified_with_a_texted_code_that_works_once() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    let status = app.latchkey.phone_status(&me.token).await.unwrap();
    assert_eq!(status.phone, PHONE_1);
    assert!(!status.verified);
    assert_eq!(status.code_status.state, CodeState::None);

    let status = app.latchkey.request_phone_code(&me.token).await.unwrap();
    assert_eq!(status.code_status.state, CodeState::Sent);
    assert!(matches!(
        status.delivery,
        Some(latchkey_core::mail::DeliveryStatus::Queued { .. })
    ));
    app.deliver_all().await;
    let text = app.last_mail(PHONE_1, "verify_phone").await;
    assert!(text.text.starts_with("Latchkey: "), "{}", text.text);
    assert!(text.text.contains("10 minutes"), "{}", text.text);
    assert!(
        !text.text.contains('@'),
        "no autofill line without a domain: {}",
        text.text
    );
    let code = text.code(6);
    // A code with letters is refused before anything is counted.
    let err = app.latchkey.confirm_phone(&me.token, "12ab56").await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let status = app.latchkey.phone_status(&me.token).await.unwrap();
    assert_eq!(status.code_status.attempts_left, Some(5));

    let status = app.latchkey.confirm_phone(&me.token, &code).await.unwrap();
    assert!(status.verified);
    assert!(status.verified_at.is_some());
    assert!(matches!(
        status.delivery,
        Some(latchkey_core::mail::DeliveryStatus::DeliveredLocally { .. })
    ));
    let err = app.latchkey.confirm_phone(&me.token, &code).await.unwrap_err();
    assert!(matches!(err, PhoneError::AlreadyVerified), "{err:?}");
    let err = app.latchkey.request_phone_code(&me.token).await.unwrap_err();
    assert_eq!(err.code(), "phone_already_verified");
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM audit_events ORDER BY id")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert!(kinds.iter().any(|k| k == "phone_verified"), "{kinds:?}");
}

#[tokio::test]
async fn phone_codes_follow_the_code_rules() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    app.latchkey.request_phone_code(&me.token).await.unwrap();
    // 60 s cooldown.
    let err = app.latchkey.request_phone_code(&me.token).await.unwrap_err();
    match err {
        PhoneError::ResendCooldown { retry_after, .. } => assert_eq!(retry_after, Duration::from_secs(60)),
        other => panic!("{other:?}"),
    }
    app.deliver_all().await;
    let code = app.code_sent_to(PHONE_1, "verify_phone").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let err = app.latchkey.confirm_phone(&me.token, wrong).await.unwrap_err();
        assert!(
            matches!(err, PhoneError::CodeInvalid { attempts_left } if attempts_left == left),
            "{err:?}"
        );
    }
    let err = app.latchkey.confirm_phone(&me.token, &code).await.unwrap_err();
    assert_eq!(err.code(), "code_exhausted");

    // Lifetime counts from when the text left: a code still queued does not age.
    app.advance(Duration::from_secs(60));
    app.latchkey.request_phone_code(&me.token).await.unwrap();
    app.advance(Duration::from_secs(700));
    app.deliver_all().await;
    let code = app.code_sent_to(PHONE_1, "verify_phone").await;
    app.advance(Duration::from_secs(599));
    // ... and expires `code_lifetime` after it left.
    app.advance(Duration::from_secs(1));
    let err = app.latchkey.confirm_phone(&me.token, &code).await.unwrap_err();
    assert_eq!(err.code(), "code_expired");

    // 5 an hour.
    let app = spawn_app().await;
    let (_, me) = app.verified_account(2).await;
    for _ in 0..5 {
        app.latchkey.request_phone_code(&me.token).await.unwrap();
        app.advance(Duration::from_secs(61));
    }
    let err = app.latchkey.request_phone_code(&me.token).await.unwrap_err();
    match err {
        PhoneError::ResendCooldown { retry_after, .. } => {
            assert!(retry_after > Duration::from_secs(60), "{retry_after:?}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn changing_the_phone_makes_it_unverified_and_an_old_code_verifies_nothing() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    app.latchkey.request_phone_code(&me.token).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to(PHONE_1, "verify_phone").await;
    app.latchkey.confirm_phone(&me.token, &code).await.unwrap();

    let edit = |phone: &str| ProfileForm {
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        username: form.username.clone(),
        phone: phone.to_owned(),
    };
    app.latchkey
        .update_profile(&me.token, edit("+1 415 555 2002"))
        .await
        .unwrap();
    assert!(!app.latchkey.phone_status(&me.token).await.unwrap().verified);

    // A code texted to the new number, then the number changes again: it verifies nothing.
    app.advance(Duration::from_secs(61));
    app.latchkey.request_phone_code(&me.token).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("+14155552002", "verify_phone").await;
    app.latchkey
        .update_profile(&me.token, edit("+1 415 555 3003"))
        .await
        .unwrap();
    let err = app.latchkey.confirm_phone(&me.token, &code).await.unwrap_err();
    assert_eq!(err.code(), "code_not_found");
    assert!(!app.latchkey.phone_status(&me.token).await.unwrap().verified);
}

#[tokio::test]
async fn phone_numbers_sign_in_with_the_password() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    for identifier in ["+1 415 555 1001", "+14155551001", "(415) 555-1001", "4155551001"] {
        let signed_in = app.latchkey.log_in(identifier, secret(PASSWORD), DEVICE).await;
        assert!(signed_in.is_ok(), "{identifier}: {signed_in:?}");
    }
    let err = app
        .latchkey
        .log_in("+1 415 555 9999", secret(PASSWORD), DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_credentials");
    let err = app
        .latchkey
        .log_in("+1 (12", secret(PASSWORD), DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

async fn phone_verified(app: &crate::helpers::TestApp, token: &latchkey_core::SessionToken) {
    app.latchkey.request_phone_code(token).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to(PHONE_1, "verify_phone").await;
    app.latchkey.confirm_phone(token, &code).await.unwrap();
}

#[tokio::test]
async fn a_code_signs_in_by_email_or_by_text_once_verified() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;

    // By email (verified), with the username.
    let asked = app.latchkey.request_sign_in_code("ana_1", "email").await.unwrap();
    assert_eq!(asked.sent_to, "ana_1");
    app.deliver_all().await;
    let mail = app.last_mail("ana1@example.org", "sign_in").await;
    assert!(mail.text.contains("sign in"), "{}", mail.text);
    let code = mail.code(6);
    let signed_in = app.latchkey.sign_in_with_code("ana_1", &code, DEVICE).await.unwrap();
    assert_eq!(signed_in.account.username, "ana_1");
    let err = app
        .latchkey
        .sign_in_with_code("ana_1", &code, DEVICE)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SignInWithCodeError::CodeNotFound | SignInWithCodeError::CodeInvalid { .. }
        ),
        "{err:?}"
    );

    // By text: nothing is sent while the phone is unverified (the answer is the same).
    let before = app.mails().await.len();
    let unverified = app
        .latchkey
        .request_sign_in_code("+1 415 555 1001", "sms")
        .await
        .unwrap();
    app.deliver_all().await;
    assert_eq!(app.mails().await.len(), before, "no text to an unverified phone");
    assert_eq!(unverified.code_status.state, CodeState::Sent);

    phone_verified(&app, &me.token).await;
    app.advance(Duration::from_secs(61));
    app.latchkey
        .request_sign_in_code("+1 415 555 1001", "sms")
        .await
        .unwrap();
    app.deliver_all().await;
    let text = app.last_mail(PHONE_1, "sign_in").await;
    assert!(text.text.contains("sign-in code"), "{}", text.text);
    let code = text.code(6);
    let signed_in = app
        .latchkey
        .sign_in_with_code("+1 415 555 1001", &code, DEVICE)
        .await
        .unwrap();
    assert_eq!(signed_in.account.phone, PHONE_1);
}

#[tokio::test]
async fn an_unknown_identifier_gets_the_same_answer_and_sends_nothing() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    let before = app.mails().await.len();
    let known = app
        .latchkey
        .request_sign_in_code("+1 415 555 1001", "sms")
        .await
        .unwrap();
    let unknown = app
        .latchkey
        .request_sign_in_code("+1 415 555 1999", "sms")
        .await
        .unwrap();
    let mut unknown_status = unknown.code_status.clone();
    unknown_status.sent_to = known.code_status.sent_to.clone();
    assert_eq!(known.code_status, unknown_status);
    app.deliver_all().await;
    assert_eq!(app.mails().await.len(), before);
    for identifier in ["+1 415 555 1001", "+1 415 555 1999"] {
        let err = app.latchkey.request_sign_in_code(identifier, "sms").await.unwrap_err();
        assert!(
            matches!(err, ResendCodeError::ResendCooldown { .. }),
            "{identifier}: {err:?}"
        );
        let err = app
            .latchkey
            .sign_in_with_code(identifier, "000000", DEVICE)
            .await
            .unwrap_err();
        assert!(
            matches!(err, SignInWithCodeError::CodeInvalid { attempts_left: 4 }),
            "{identifier}: {err:?}"
        );
    }
    // Bad input: a clear error on the field, nothing sent.
    let err = app.latchkey.request_sign_in_code("+1 (12", "sms").await.unwrap_err();
    match err {
        ResendCodeError::InvalidInput(fields) => {
            assert_eq!(fields[0].field, "identifier");
            assert_eq!(fields[0].code, "phone_invalid");
        }
        other => panic!("{other:?}"),
    }
    let err = app.latchkey.request_sign_in_code("ana_1", "pigeon").await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = app
        .latchkey
        .sign_in_with_code("ana_1", "12ab56", DEVICE)
        .await
        .unwrap_err();
    match err {
        SignInWithCodeError::InvalidInput(fields) => assert_eq!(fields[0].code, "code_format"),
        other => panic!("{other:?}"),
    }
    app.deliver_all().await;
    assert_eq!(app.mails().await.len(), before);
}

#[tokio::test]
async fn code_tries_count_against_the_login_throttle() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    app.latchkey.request_sign_in_code("ana_1", "email").await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("ana1@example.org", "sign_in").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    // Four wrong passwords, then a wrong code: the fifth failure starts the delay.
    for _ in 0..4 {
        let _ = app.latchkey.log_in("ana_1", secret("wrong password!"), DEVICE).await;
    }
    let _ = app.latchkey.sign_in_with_code("ana_1", wrong, DEVICE).await;
    let err = app
        .latchkey
        .sign_in_with_code("ana_1", &code, DEVICE)
        .await
        .unwrap_err();
    assert!(matches!(err, SignInWithCodeError::Throttled { .. }), "{err:?}");
    let err = app
        .latchkey
        .log_in("ana_1", secret(PASSWORD), DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "login_throttled");
}

#[tokio::test]
async fn deleting_the_account_erases_the_texts_to_its_phone() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    phone_verified(&app, &me.token).await;
    let texts = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
            .bind(PHONE_1)
            .fetch_one(app.pool())
            .await
            .unwrap()
    };
    assert_eq!(texts().await, 1);
    app.latchkey
        .delete_account(&me.token, secret(PASSWORD), "ana_1")
        .await
        .unwrap();
    assert_eq!(texts().await, 0);
}
