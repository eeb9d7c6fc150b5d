//! "My account", continued (issue 12): change of email address and the profile picture, each on
//! a real SQLite file, refusals included (nothing changes after any of them).

use std::time::Duration;

use image::{ImageEncoder, Rgba, RgbaImage};
use latchkey_core::{
    ChangeEmailError, CodeState, ConfirmEmailChangeError, ErrorCode, PictureChangeError, PictureError, VerifyEmailError,
};

use crate::helpers::{DEVICE, PASSWORD, TestApp, secret, spawn_app};

async fn kinds(app: &TestApp, token: &latchkey_core::SessionToken) -> Vec<String> {
    app.latchkey
        .recent_activity(token, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.as_str().to_owned())
        .collect()
}

async fn purposes_to(app: &TestApp, recipient: &str) -> Vec<String> {
    app.mails()
        .await
        .into_iter()
        .filter(|m| m.recipient.eq_ignore_ascii_case(recipient))
        .map(|m| m.purpose)
        .collect()
}

#[tokio::test]
async fn a_new_address_takes_over_only_once_its_code_is_entered_and_the_old_one_is_told_the_domain() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let pending = app
        .latchkey
        .request_email_change(&me.token, "Ana.New@Example.COM", secret(PASSWORD))
        .await
        .unwrap();
    assert_eq!(pending.new_email, "Ana.New@Example.COM");
    assert_eq!(pending.code_status.state, CodeState::Sent);
    app.deliver_all().await;
    let code = app.code_sent_to("ana.new@example.com", "change_email").await;

    // Until the code is entered, the old address is the account's.
    assert!(app.latchkey.log_in(&form.email, secret(PASSWORD), DEVICE).await.is_ok());
    assert!(
        app.latchkey
            .log_in("ana.new@example.com", secret(PASSWORD), DEVICE)
            .await
            .is_err()
    );
    let status = app.latchkey.email_change_status(&me.token).await.unwrap().unwrap();
    assert_eq!(status.new_email, "Ana.New@Example.COM");

    let view = app.latchkey.confirm_email_change(&me.token, &code).await.unwrap();
    assert_eq!(view.email, "Ana.New@Example.COM");
    assert!(view.email_verified);
    assert!(app.latchkey.email_change_status(&me.token).await.unwrap().is_none());
    assert!(
        app.latchkey
            .log_in("ana.new@example.com", secret(PASSWORD), DEVICE)
            .await
            .is_ok()
    );
    assert!(
        app.latchkey
            .log_in(&form.email, secret(PASSWORD), DEVICE)
            .await
            .is_err()
    );

    // The old address is told, naming the domain only.
    let notice = app.last_mail(&form.email, "email_changed").await;
    assert!(notice.text.contains("example.com"), "{}", notice.text);
    assert!(!notice.text.to_lowercase().contains("ana.new"), "{}", notice.text);
    let events = kinds(&app, &me.token).await;
    assert!(events.contains(&"email_changed".to_owned()));
    assert!(events.contains(&"email_change_requested".to_owned()));

    // The code is single-use.
    let again = app.latchkey.confirm_email_change(&me.token, &code).await.unwrap_err();
    assert_eq!(again.code(), ErrorCode::CodeNotFound);
}

#[tokio::test]
async fn a_wrong_password_or_a_bad_address_changes_nothing_and_sends_nothing() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    app.deliver_all().await;
    let outbox = app.count("outbox").await;
    let err = app
        .latchkey
        .request_email_change(&me.token, "someone@example.net", secret("not my password"))
        .await
        .unwrap_err();
    assert!(matches!(err, ChangeEmailError::InvalidCredentials), "{err:?}");
    let ChangeEmailError::InvalidInput(fields) = app
        .latchkey
        .request_email_change(&me.token, "not an address", secret(""))
        .await
        .unwrap_err()
    else {
        panic!("expected field errors")
    };
    let codes: Vec<(&str, ErrorCode)> = fields.iter().map(|f| (f.field, f.code)).collect();
    assert!(codes.contains(&("email", ErrorCode::EmailInvalid)), "{codes:?}");
    assert!(codes.contains(&("password", ErrorCode::Required)), "{codes:?}");
    let ChangeEmailError::InvalidInput(fields) = app
        .latchkey
        .request_email_change(&me.token, &form.email.to_uppercase(), secret(PASSWORD))
        .await
        .unwrap_err()
    else {
        panic!("expected field errors")
    };
    assert_eq!(fields[0].code, ErrorCode::EmailUnchanged);
    assert_eq!(app.count("outbox").await, outbox);
    assert!(app.latchkey.email_change_status(&me.token).await.unwrap().is_none());
    let err = app
        .latchkey
        .confirm_email_change(&me.token, "123456")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeNotFound);
    let err = app
        .latchkey
        .confirm_email_change(&me.token, "12ab56")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ConfirmEmailChangeError::Code(VerifyEmailError::InvalidInput(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_taken_address_gets_the_same_answers_and_no_mail_and_no_code_ever_confirms_it() {
    let app = spawn_app().await;
    let (taken, _) = app.verified_account(2).await;
    let (_, me) = app.verified_account(1).await;
    let (_, other) = app.verified_account(3).await;
    app.deliver_all().await;
    let outbox = app.count("outbox").await;

    let to_taken = app
        .latchkey
        .request_email_change(&me.token, &taken.email, secret(PASSWORD))
        .await
        .unwrap();
    let to_free = app
        .latchkey
        .request_email_change(&other.token, "free@example.net", secret(PASSWORD))
        .await
        .unwrap();
    // Same shape: state, tries, expiry and resend times relative to now.
    let shape = |p: &latchkey_core::PendingEmailChange| {
        let s = &p.code_status;
        (
            s.state,
            s.attempts_left,
            s.expires_at.map(|t| t.millis() - s.sent_at.unwrap().millis()),
            s.resend_available_at.millis() - app.now().millis(),
        )
    };
    assert_eq!(shape(&to_taken), shape(&to_free));
    app.deliver_all().await;
    // Only the free address got a message; the holder of the taken one is not bothered.
    assert_eq!(app.count("outbox").await, outbox + 1);
    assert!(
        purposes_to(&app, &taken.email)
            .await
            .iter()
            .all(|p| p != "change_email")
    );

    // Every code is wrong for the stand-in; tries run out like a real code's.
    for left in (0..5).rev() {
        let err = app
            .latchkey
            .confirm_email_change(&me.token, "000000")
            .await
            .unwrap_err();
        if left > 0 {
            assert!(
                matches!(err, ConfirmEmailChangeError::Code(VerifyEmailError::CodeInvalid { attempts_left }) if attempts_left == left),
                "{err:?}"
            );
        }
    }
    let err = app
        .latchkey
        .confirm_email_change(&me.token, "000000")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeExhausted);

    // Switching to a free address at once is held by the same cooldown as any new code.
    let err = app
        .latchkey
        .request_email_change(&me.token, "mine@example.net", secret(PASSWORD))
        .await
        .unwrap_err();
    assert!(matches!(err, ChangeEmailError::ResendCooldown { .. }), "{err:?}");
    app.advance(Duration::from_secs(61));
    app.latchkey
        .request_email_change(&me.token, "mine@example.net", secret(PASSWORD))
        .await
        .unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("mine@example.net", "change_email").await;
    let view = app.latchkey.confirm_email_change(&me.token, &code).await.unwrap();
    assert_eq!(view.email, "mine@example.net");
}

#[tokio::test]
async fn a_code_sent_to_an_earlier_address_cannot_confirm_a_later_one() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    app.latchkey
        .request_email_change(&me.token, "first@example.net", secret(PASSWORD))
        .await
        .unwrap();
    app.deliver_all().await;
    let first_code = app.code_sent_to("first@example.net", "change_email").await;
    app.advance(Duration::from_secs(61));
    app.latchkey
        .request_email_change(&me.token, "second@example.net", secret(PASSWORD))
        .await
        .unwrap();
    app.deliver_all().await;
    let second_code = app.code_sent_to("second@example.net", "change_email").await;
    if first_code != second_code {
        let err = app
            .latchkey
            .confirm_email_change(&me.token, &first_code)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::CodeInvalid);
    }
    let view = app
        .latchkey
        .confirm_email_change(&me.token, &second_code)
        .await
        .unwrap();
    assert_eq!(view.email, "second@example.net");
    // Cancelling: nothing pending afterwards, the code of a cancelled change is dead.
    app.advance(Duration::from_secs(61));
    app.latchkey
        .request_email_change(&me.token, "third@example.net", secret(PASSWORD))
        .await
        .unwrap();
    app.deliver_all().await;
    let third = app.code_sent_to("third@example.net", "change_email").await;
    app.latchkey.cancel_email_change(&me.token).await.unwrap();
    let err = app.latchkey.confirm_email_change(&me.token, &third).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeNotFound);
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(width, height, |x, y| Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

async fn picture_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM account_pictures")
        .fetch_one(app.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_picture_is_stored_re_encoded_at_256_exported_and_removed() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    assert!(app.latchkey.profile_picture(&me.token).await.unwrap().is_none());
    let stored = app
        .latchkey
        .set_profile_picture(&me.token, png(640, 480))
        .await
        .unwrap();
    let decoded = image::load_from_memory(stored.bytes()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 256));
    assert_eq!(app.latchkey.profile_picture(&me.token).await.unwrap().unwrap(), stored);
    let export = app.latchkey.export_account_data(&me.token).await.unwrap();
    assert_eq!(export.picture.as_deref(), Some(stored.data_url().as_str()));
    assert_eq!(kinds(&app, &me.token).await[1], "picture_changed");

    app.latchkey.remove_profile_picture(&me.token).await.unwrap();
    assert!(app.latchkey.profile_picture(&me.token).await.unwrap().is_none());
    assert_eq!(picture_rows(&app).await, 0);
    assert_eq!(kinds(&app, &me.token).await[0], "picture_removed");
}

#[tokio::test]
async fn bad_bytes_an_oversized_file_and_a_bomb_are_refused_and_the_old_picture_stays() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    let original = app
        .latchkey
        .set_profile_picture(&me.token, png(300, 300))
        .await
        .unwrap();
    let events = app.count("audit_events").await;

    let mut truncated = png(300, 300);
    truncated.truncate(truncated.len() / 3);
    let mut oversized = png(16, 16);
    oversized.resize(5 * 1024 * 1024 + 1, 0);
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    bomb.extend_from_slice(&[0, 0, 0, 13]);
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    bomb.extend_from_slice(&ihdr);
    bomb.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A few compressed bytes of image data and the end: the whole file is ~60 bytes.
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    bomb.extend_from_slice(&8u32.to_be_bytes());
    bomb.extend_from_slice(idat);
    bomb.extend_from_slice(&crc32(idat).to_be_bytes());
    bomb.extend_from_slice(&0u32.to_be_bytes());
    bomb.extend_from_slice(b"IEND");
    bomb.extend_from_slice(&crc32(b"IEND").to_be_bytes());

    for (bytes, expected) in [
        (b"%PDF-1.7 not a picture".to_vec(), ErrorCode::ImageInvalid),
        (truncated, ErrorCode::ImageInvalid),
        (oversized, ErrorCode::ImageTooLarge),
        (bomb, ErrorCode::ImageTooManyPixels),
    ] {
        let err = app.latchkey.set_profile_picture(&me.token, bytes).await.unwrap_err();
        assert!(matches!(err, PictureChangeError::Picture(_)), "{err:?}");
        assert_eq!(err.code(), expected, "{err:?}");
    }
    assert!(matches!(
        app.latchkey.set_profile_picture(&me.token, vec![]).await.unwrap_err(),
        PictureChangeError::Picture(PictureError::Invalid(_))
    ));
    assert_eq!(
        app.latchkey.profile_picture(&me.token).await.unwrap().unwrap(),
        original
    );
    assert_eq!(app.count("audit_events").await, events);
}

#[tokio::test]
async fn deleting_the_account_erases_its_picture_and_pending_change() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    app.latchkey.set_profile_picture(&me.token, png(64, 64)).await.unwrap();
    app.latchkey
        .request_email_change(&me.token, "elsewhere@example.net", secret(PASSWORD))
        .await
        .unwrap();
    app.latchkey
        .delete_account(&me.token, secret(PASSWORD), &form.username)
        .await
        .unwrap();
    assert_eq!(picture_rows(&app).await, 0);
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_changes")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(pending, 0);
    assert!(purposes_to(&app, "elsewhere@example.net").await.is_empty());
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
