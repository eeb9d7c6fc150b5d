//! "My account" (issue 12): edit profile, change password, export, delete.

use latchkey_core::{DeleteAccountError, ErrorCode, ProfileError, ProfileForm};

use crate::helpers::{DEVICE, PASSWORD, secret, spawn_app};

fn profile(first: &str, last: &str, username: &str, phone: &str) -> ProfileForm {
    ProfileForm {
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        username: username.to_owned(),
        phone: phone.to_owned(),
    }
}

async fn kinds(app: &crate::helpers::TestApp, token: &latchkey_core::SessionToken) -> Vec<String> {
    app.latchkey
        .recent_activity(token, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn a_profile_edit_changes_the_fields_and_is_a_security_event() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    let view = app
        .latchkey
        .update_profile(&me.token, profile("Maria", "Nowak", "maria_n", "+1 415 555 2000"))
        .await
        .unwrap();
    assert_eq!((view.first_name.as_str(), view.last_name.as_str()), ("Maria", "Nowak"));
    assert_eq!(view.username, "maria_n");
    assert_eq!(view.phone, "+14155552000");
    let again = app.latchkey.validate_session(&me.token).await.unwrap().account;
    assert_eq!(again, view);
    assert_eq!(kinds(&app, &me.token).await[0], "profile_updated");
    // Signing in with the new username works; the old one names nobody.
    assert!(app.latchkey.log_in("maria_n", secret(PASSWORD), DEVICE).await.is_ok());
    assert!(app.latchkey.log_in("ana_1", secret(PASSWORD), DEVICE).await.is_err());
}

#[tokio::test]
async fn every_profile_problem_comes_back_at_once_and_nothing_changes() {
    let app = spawn_app().await;
    let (_, me) = app.verified_account(1).await;
    let (other, _) = app.verified_account(2).await;
    let before = app.latchkey.validate_session(&me.token).await.unwrap().account;
    let events_before = app.count("audit_events").await;
    let err = app
        .latchkey
        .update_profile(
            &me.token,
            profile("", &"N".repeat(300), &other.username.to_uppercase(), "nope"),
        )
        .await
        .unwrap_err();
    let ProfileError::InvalidInput(fields) = err else {
        panic!("{err:?}")
    };
    let mut named: Vec<&str> = fields.iter().map(|f| f.field).collect();
    named.sort();
    assert_eq!(named, ["firstName", "lastName", "phone", "username"]);
    assert!(fields.iter().any(|f| f.code == ErrorCode::UsernameTaken));

    // A taken phone, alone, is reported on its field.
    let err = app
        .latchkey
        .update_profile(&me.token, profile("Ana", "Kowalska", "ana_1", &other.phone))
        .await
        .unwrap_err();
    let ProfileError::InvalidInput(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].code, ErrorCode::PhoneTaken);

    assert_eq!(app.latchkey.validate_session(&me.token).await.unwrap().account, before);
    assert_eq!(app.count("audit_events").await, events_before);
}

#[tokio::test]
async fn keeping_ones_own_username_in_another_case_is_allowed() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let view = app
        .latchkey
        .update_profile(
            &me.token,
            profile("Ana", "Kowalska", &form.username.to_uppercase(), &form.phone),
        )
        .await
        .unwrap();
    assert_eq!(view.username, form.username.to_uppercase());
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let other = app
        .latchkey
        .log_in(&form.username, secret(PASSWORD), "Other")
        .await
        .unwrap();
    let err = app
        .latchkey
        .change_password(
            &me.token,
            secret("wrong password here"),
            secret("a brand new passphrase 42"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidCredentials);
    assert!(app.latchkey.validate_session(&other.token).await.is_ok());
    app.latchkey
        .change_password(&me.token, secret(PASSWORD), secret("a brand new passphrase 42"))
        .await
        .unwrap();
    assert!(app.latchkey.validate_session(&me.token).await.is_ok());
    assert!(app.latchkey.validate_session(&other.token).await.is_err());
    assert!(
        app.latchkey
            .log_in(&form.username, secret(PASSWORD), DEVICE)
            .await
            .is_err()
    );
    assert!(
        app.latchkey
            .log_in(&form.username, secret("a brand new passphrase 42"), DEVICE)
            .await
            .is_ok()
    );
    assert!(kinds(&app, &me.token).await.contains(&"password_changed".to_owned()));
}

#[tokio::test]
async fn the_export_holds_the_profile_and_no_secret() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let code = app.code_sent_to(&form.email, "verify_email").await;
    let export = app.latchkey.export_account_data(&me.token).await.unwrap();
    assert_eq!(export.profile.email, form.email);
    assert_eq!(export.sessions.len(), 1);
    assert!(!export.messages.is_empty());
    assert!(export.activity.iter().any(|e| e.kind.as_str() == "data_exported"));
    let json = serde_json::to_string(&export).unwrap();
    assert!(!json.contains(&code), "the verification code leaked into the export");
    assert!(!json.contains(me.token.expose_secret()));
    assert!(!json.contains("argon2"));
}

#[tokio::test]
async fn deleting_the_account_erases_it_and_leaves_one_anonymous_event() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let (_, someone) = app.verified_account(2).await;
    // A failed sign-in leaves a throttle row to erase.
    let _ = app
        .latchkey
        .log_in(&form.username, secret("not the password"), DEVICE)
        .await;
    app.latchkey
        .delete_account(&me.token, secret(PASSWORD), &form.username.to_uppercase())
        .await
        .unwrap();
    assert!(app.latchkey.validate_session(&me.token).await.is_err());
    assert!(app.latchkey.validate_session(&someone.token).await.is_ok());
    let outbox_to_me: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE lower(recipient) = lower($1)")
        .bind(&form.email)
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(outbox_to_me, 0);
    let deleted: Vec<(Option<i64>, String)> =
        sqlx::query_as("SELECT account_id, detail FROM audit_events WHERE kind = 'account_deleted'")
            .fetch_all(app.pool())
            .await
            .unwrap();
    assert_eq!(deleted, [(None, "{}".to_owned())]);
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(accounts, 1);
    // The failed sign-in before the deletion left throttle rows; they are gone.
    let left: Vec<String> = sqlx::query_scalar("SELECT key FROM login_throttle")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
    // The address is in neither file any more.
    let db = app.dir.path().join("latchkey.db");
    for path in [db.clone(), db.with_extension("db-wal")] {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let needle = form.email.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} still holds the address",
            path.display()
        );
    }
    assert!(
        app.latchkey
            .log_in(&form.email, secret(PASSWORD), DEVICE)
            .await
            .is_err()
    );
    assert!(
        app.latchkey
            .log_in(&form.username, secret(PASSWORD), DEVICE)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_refused_deletion_changes_nothing() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let before = (
        app.count("accounts").await,
        app.count("sessions").await,
        app.count("outbox").await,
    );
    let err = app
        .latchkey
        .delete_account(&me.token, secret("wrong password"), &form.username)
        .await
        .unwrap_err();
    assert!(matches!(err, DeleteAccountError::InvalidCredentials), "{err:?}");
    let err = app
        .latchkey
        .delete_account(&me.token, secret(PASSWORD), "somebody_else")
        .await
        .unwrap_err();
    let DeleteAccountError::InvalidInput(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].code, ErrorCode::UsernameMismatch);
    assert_eq!(fields[0].field, "confirmUsername");
    assert_eq!(
        before,
        (
            app.count("accounts").await,
            app.count("sessions").await,
            app.count("outbox").await
        )
    );
    assert!(app.latchkey.validate_session(&me.token).await.is_ok());
}

/// Rows that name `email` in the tables a deletion erases.
async fn traces_of(app: &crate::helpers::TestApp, email: &str) -> i64 {
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE lower(email) = lower($1)")
        .bind(email)
        .fetch_one(app.pool())
        .await
        .unwrap();
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE lower(recipient) = lower($1)")
        .bind(email)
        .fetch_one(app.pool())
        .await
        .unwrap();
    accounts + outbox
}

#[tokio::test]
async fn an_account_signed_in_by_code_is_deleted_with_a_code_emailed_to_it() {
    let app = spawn_app().await;
    let (form, _) = app.verified_account(1).await;
    let (_, someone) = app.verified_account(2).await;
    // Signed in by code, without the password.
    app.latchkey
        .request_sign_in_code(&form.username, "email")
        .await
        .unwrap();
    app.deliver_all().await;
    let sign_in_code = app.code_sent_to(&form.email, "sign_in").await;
    let me = app
        .latchkey
        .sign_in_with_code(&form.username, &sign_in_code, DEVICE)
        .await
        .unwrap();

    let status = app.latchkey.request_delete_code(&me.token).await.unwrap();
    assert_eq!(status.sent_to, form.email);
    assert_eq!(status.state, latchkey_core::CodeState::Sent);
    assert_eq!(status.attempts_left, Some(5));
    assert_eq!(
        app.latchkey.delete_code_status(&me.token).await.unwrap().state,
        status.state
    );
    app.deliver_all().await;
    let mail = app.last_mail(&form.email, "delete_account").await;
    assert!(mail.text.contains("delete"), "{}", mail.text);
    let code = mail.code(6);
    assert!(kinds(&app, &me.token).await.contains(&"code_sent".to_owned()));

    // Every refusal leaves the account as it was.
    let before = (
        app.count("accounts").await,
        app.count("sessions").await,
        app.count("outbox").await,
    );
    let err = app
        .latchkey
        .delete_account_with_code(&me.token, &code, "somebody_else")
        .await
        .unwrap_err();
    let DeleteAccountError::InvalidInput(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].code, ErrorCode::UsernameMismatch);
    let err = app
        .latchkey
        .delete_account_with_code(&me.token, "12x", &form.username)
        .await
        .unwrap_err();
    let DeleteAccountError::InvalidInput(fields) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, "code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = app
        .latchkey
        .delete_account_with_code(&me.token, wrong, &form.username)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeInvalid, "{err:?}");
    // The sign-in code (already used) and a code of another purpose do not delete either.
    let err = app
        .latchkey
        .delete_account_with_code(&me.token, &sign_in_code, &form.username)
        .await
        .unwrap_err();
    assert!(matches!(err, DeleteAccountError::Code(_)), "{err:?}");
    assert_eq!(
        before,
        (
            app.count("accounts").await,
            app.count("sessions").await,
            app.count("outbox").await
        )
    );
    assert!(app.latchkey.validate_session(&me.token).await.is_ok());
    assert!(kinds(&app, &me.token).await.contains(&"code_failed".to_owned()));

    // The right code (the mistyped username did not use it up) erases the account.
    app.latchkey
        .delete_account_with_code(&me.token, &code, &form.username.to_uppercase())
        .await
        .unwrap();
    assert!(app.latchkey.validate_session(&me.token).await.is_err());
    assert!(app.latchkey.validate_session(&someone.token).await.is_ok());
    assert_eq!(traces_of(&app, &form.email).await, 0);
    let deleted: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE kind = 'account_deleted' AND account_id IS NULL")
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(deleted, 1);
    assert!(
        app.latchkey
            .log_in(&form.username, secret(PASSWORD), DEVICE)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_deletion_code_is_the_accounts_own_limited_and_resent_only_after_the_cooldown() {
    let app = spawn_app().await;
    let (form, me) = app.verified_account(1).await;
    let (other_form, other) = app.verified_account(2).await;
    app.latchkey.request_delete_code(&me.token).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to(&form.email, "delete_account").await;
    // Asking again at once: the cooldown, with the live code's status.
    let err = app.latchkey.request_delete_code(&me.token).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ResendCooldown, "{err:?}");
    // Another account's session cannot use it (codes are bound to their account).
    let err = app
        .latchkey
        .delete_account_with_code(&other.token, &code, &other_form.username)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeNotFound, "{err:?}");
    // Five wrong tries use it up: the right code no longer works.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let _ = app
            .latchkey
            .delete_account_with_code(&me.token, wrong, &form.username)
            .await;
    }
    let err = app
        .latchkey
        .delete_account_with_code(&me.token, &code, &form.username)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeExhausted, "{err:?}");
    assert!(app.latchkey.validate_session(&me.token).await.is_ok());
    // A new code after the cooldown replaces it and works; the old one stays dead.
    app.advance(std::time::Duration::from_secs(61));
    app.latchkey.request_delete_code(&me.token).await.unwrap();
    app.deliver_all().await;
    let fresh = app.code_sent_to(&form.email, "delete_account").await;
    app.latchkey
        .delete_account_with_code(&me.token, &fresh, &form.username)
        .await
        .unwrap();
    assert!(app.latchkey.validate_session(&me.token).await.is_err());
    // The generic resend cannot mint deletion codes.
    let err = app
        .latchkey
        .resend_code(&other_form.email, latchkey_core::CodePurpose::DeleteAccount)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}
