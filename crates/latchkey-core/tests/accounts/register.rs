use std::time::Duration;

use latchkey_core::{CodePurpose, CodeState, Config, RegisterError, RegistrationForm};

use crate::helpers::{START, form, secret, spawn_app, spawn_app_with, test_config};

#[tokio::test]
async fn registering_creates_an_unverified_account_and_queues_a_verification_code() {
    let app = spawn_app().await;
    let registered = app.register(form(1)).await.unwrap();

    assert_eq!(registered.email, "ana1@example.org");
    let status = registered.code_status;
    assert_eq!(status.purpose, CodePurpose::VerifyEmail);
    // Before sign-in only "sent" is said, timed from the issue (issue 8, item 5).
    assert_eq!(status.state, CodeState::Sent);
    assert_eq!(
        (status.sent_at, status.expires_at),
        (Some(START), Some(START.plus(Duration::from_secs(600))))
    );
    assert_eq!(status.delivery_error, None);
    assert_eq!(status.attempts_left, Some(5));
    assert_eq!(status.resend_available_at, START.plus(Duration::from_secs(60)));

    let (verified, phone, hash): (Option<i64>, String, String) =
        sqlx::query_as("SELECT email_verified_at, phone_e164, password_hash FROM accounts")
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(verified, None);
    assert_eq!(phone, "+14155551001");
    assert!(hash.starts_with("$argon2id$"));
    let mail = app.last_mail("ana1@example.org", "verify_email").await;
    let linked: i64 = sqlx::query_scalar("SELECT outbox_id FROM one_time_codes")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(linked, mail.id, "the code row points at the email that carries it");
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
    let app = spawn_app().await;
    let mut bad = form(1);
    bad.first_name = " ".into();
    bad.last_name = "x".repeat(101);
    bad.email = "not-an-email".into();
    bad.phone = "12".into();
    bad.username = "a@b".into();
    bad.password = secret("short");
    let Err(RegisterError::InvalidInput(fields)) = app.register(bad).await else {
        panic!("expected field errors")
    };
    let got: Vec<(&str, &str)> = fields.iter().map(|f| (f.field, f.code.as_str())).collect();
    assert_eq!(
        got,
        [
            ("firstName", "required"),
            ("lastName", "name_too_long"),
            ("email", "email_invalid"),
            ("phone", "phone_invalid"),
            ("username", "username_looks_like_email"),
            ("password", "password_too_short"),
        ]
    );
    assert!(fields.iter().all(|f| !f.message.is_empty()));
    assert_eq!(
        app.count("accounts").await + app.count("outbox").await + app.count("audit_events").await,
        0
    );
}

#[tokio::test]
async fn common_weak_and_personal_passwords_are_refused_with_a_reason() {
    let app = spawn_app().await;
    for (password, code) in [
        ("password1", "password_common"),
        ("qwertyuiop", "password_common"),
        ("aaaaaaaaaaaa", "password_weak"),
        ("kowalskaana1", "password_weak"),
        ("ana1@example.org", "password_weak"),
        (&"x".repeat(257), "password_too_long"),
    ] {
        let mut f = form(1);
        f.password = secret(password);
        let err = app.register(f).await.unwrap_err();
        let RegisterError::InvalidInput(fields) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (fields[0].field, fields[0].code.as_str()),
            ("password", code),
            "{password}"
        );
        assert_eq!(err.code(), "invalid_input");
    }
    let mut f = form(1);
    f.password = secret("Ünïcödé pässphrase 🗝️ with no rules");
    app.register(f).await.unwrap();
}

#[tokio::test]
async fn the_minimum_password_length_is_configurable() {
    let app = spawn_app_with(Config {
        password_min_length: 40,
        ..test_config()
    })
    .await;
    let Err(RegisterError::InvalidInput(fields)) = app.register(form(1)).await else {
        panic!()
    };
    assert_eq!(fields[0].code, "password_too_short");
}

#[tokio::test]
async fn an_email_taken_in_another_case_looks_like_success_and_the_owner_is_told() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let mut again = form(2);
    again.email = "ANA1@Example.ORG".into();
    let registered = app.register(again).await.unwrap();

    // A pending registration does not hold the address: a second one waits beside it.
    assert_eq!(app.count("accounts").await, 2);
    assert_eq!(registered.email, "ANA1@Example.ORG");
    let status = registered.code_status;
    assert_eq!((status.state, status.attempts_left), (CodeState::Sent, Some(5)));
    assert_eq!(status.resend_available_at, START.plus(Duration::from_secs(60)));
    let codes = app
        .mails()
        .await
        .into_iter()
        .filter(|m| m.purpose == "verify_email")
        .count();
    assert_eq!(codes, 2, "each registration gets its own code");
}

#[tokio::test]
async fn a_verified_owner_s_address_shows_a_stand_in_code_that_never_verifies() {
    let app = spawn_app().await;
    let (owner, _) = app.verified_account(1).await;
    app.advance(Duration::from_secs(3600));
    let mut again = form(2);
    again.email = owner.email.clone();
    let registered = app.register(again).await.unwrap();
    assert_eq!(registered.code_status.state, CodeState::Sent);
    let now = app.now();
    app.advance(Duration::from_secs(2));
    app.deliver_all().await;
    let status = app.status(&owner.email, CodePurpose::VerifyEmail).await;
    assert_eq!(status.state, CodeState::Sent);
    assert_eq!(status.sent_at, Some(now));
    assert_eq!(status.expires_at, Some(now.plus(Duration::from_secs(600))));
    for left in (0..5).rev() {
        let err = app
            .latchkey
            .verify_email(&app.h(&owner.email), "000000", "x")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_invalid");
        assert!(matches!(err, latchkey_core::VerifyEmailError::CodeInvalid { attempts_left } if attempts_left == left));
    }
    assert_eq!(
        app.latchkey
            .verify_email(&app.h(&owner.email), "000000", "x")
            .await
            .unwrap_err()
            .code(),
        "code_exhausted"
    );
}

#[tokio::test]
async fn a_taken_phone_looks_like_success_and_the_phone_s_owner_is_told() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let mut again = form(2);
    again.phone = "(415) 555-1001".into(); // same number, national form
    let registered = app.register(again).await.unwrap();
    assert_eq!(registered.email, "ana2@example.org");
    assert_eq!(app.count("accounts").await, 1);
    app.last_mail("ana1@example.org", "registration_attempt").await;
}

#[tokio::test]
async fn a_taken_username_is_reported_in_any_case() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let mut again = form(2);
    again.username = "ANA_1".into();
    let err = app.register(again).await.unwrap_err();
    assert!(matches!(err, RegisterError::UsernameTaken));
    assert_eq!((err.code().as_str(), err.field()), ("username_taken", Some("username")));
    assert_eq!(app.count("accounts").await, 1);
}

#[tokio::test]
async fn a_taken_username_is_reported_together_with_the_other_field_errors() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let mut again = form(2);
    again.username = "Ana_1".into();
    again.first_name = " ".into();
    again.password = secret("short");
    let Err(RegisterError::InvalidInput(fields)) = app.register(again).await else {
        panic!("expected field errors")
    };
    let got: Vec<(&str, &str)> = fields.iter().map(|f| (f.field, f.code.as_str())).collect();
    assert_eq!(
        got,
        [
            ("firstName", "required"),
            ("password", "password_too_short"),
            ("username", "username_taken"),
        ]
    );
    assert!(fields.iter().all(|f| !f.message.is_empty()));
    // A free username adds nothing; an unparsable one is not looked up.
    let mut free = form(3);
    free.password = secret("short");
    let Err(RegisterError::InvalidInput(fields)) = app.register(free).await else {
        panic!()
    };
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(app.count("accounts").await, 1);
    assert_eq!(app.count("outbox").await, 1);
}

/// A password that passes the quick rules (length, not a common one) and is weak only for
/// zxcvbn, whose judgement runs beside the hashing and the transaction's first round trips.
const WEAK_BUT_LONG: &str = "aaaaaaaaaaaa";

/// Registers `f` with [`WEAK_BUT_LONG`] as its password; the (field, code) of each error.
async fn refused_weak(app: &crate::helpers::TestApp, mut f: RegistrationForm) -> Vec<(&'static str, String)> {
    f.password = secret(WEAK_BUT_LONG);
    let Err(RegisterError::InvalidInput(fields)) = app.register(f).await else {
        panic!("expected field errors")
    };
    fields.iter().map(|f| (f.field, f.code.as_str().to_owned())).collect()
}

#[tokio::test]
async fn a_weak_password_is_judged_before_anything_is_written_whatever_the_address() {
    let app = spawn_app().await;
    app.verified_account(1).await;
    let before = written(&app).await;
    // Taken username: both problems, in field order.
    let mut taken_username = form(2);
    taken_username.username = "ANA_1".into();
    assert_eq!(
        refused_weak(&app, taken_username).await,
        [
            ("password", "password_weak".to_owned()),
            ("username", "username_taken".to_owned())
        ]
    );
    // Taken address (enumeration protection on): the weak password alone, and the owner is not
    // told (no notice, no stand-in code) — as for a free address.
    for email in ["Ana1@example.org", "free@example.org"] {
        let mut f = form(3);
        f.email = email.into();
        assert_eq!(
            refused_weak(&app, f).await,
            [("password", "password_weak".to_owned())],
            "{email}"
        );
    }
    assert_eq!(written(&app).await, before);
    // The write lock was given back each time: a sound registration goes through at once.
    app.register(form(4)).await.unwrap();
    assert_eq!(app.count("accounts").await, 2);
}

#[tokio::test]
async fn without_enumeration_protection_a_weak_password_comes_with_the_taken_address() {
    let app = spawn_app_with(Config {
        enumeration_protection: false,
        ..test_config()
    })
    .await;
    app.verified_account(1).await;
    let before = written(&app).await;
    let mut f = form(2);
    f.email = "Ana1@example.org".into();
    assert_eq!(
        refused_weak(&app, f).await,
        [
            ("password", "password_weak".to_owned()),
            ("email", "email_taken".to_owned())
        ]
    );
    assert_eq!(written(&app).await, before);
}

#[tokio::test]
async fn without_enumeration_protection_taken_addresses_are_field_errors() {
    let app = spawn_app_with(Config {
        enumeration_protection: false,
        ..test_config()
    })
    .await;
    app.verified_account(1).await;
    let mut same_email = form(2);
    same_email.email = "Ana1@example.org".into();
    let Err(RegisterError::InvalidInput(fields)) = app.register(same_email).await else {
        panic!()
    };
    assert_eq!((fields[0].field, fields[0].code.as_str()), ("email", "email_taken"));
    let mut same_phone = form(2);
    same_phone.phone = form(1).phone;
    let Err(RegisterError::InvalidInput(fields)) = app.register(same_phone).await else {
        panic!()
    };
    assert_eq!((fields[0].field, fields[0].code.as_str()), ("phone", "phone_taken"));
    assert_eq!(app.count("outbox").await, 1);
    // A pending registration does not make an address taken.
    let app = spawn_app_with(Config {
        enumeration_protection: false,
        ..test_config()
    })
    .await;
    app.register(form(1)).await.unwrap();
    let mut same_email = form(2);
    same_email.email = "Ana1@example.org".into();
    app.register(same_email).await.unwrap();
}

#[tokio::test]
async fn repeated_attempts_do_not_flood_the_owner() {
    let app = spawn_app().await;
    let (owner, _) = app.verified_account(1).await;
    for n in 2..12 {
        let mut again = form(n);
        again.email = owner.email.clone();
        app.register(again).await.unwrap();
    }
    let notices = app
        .mails()
        .await
        .into_iter()
        .filter(|m| m.purpose == "registration_attempt")
        .count();
    assert_eq!(notices, 1, "one notice per minute at most");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_registrations_of_one_email_make_exactly_one_account() {
    let app = spawn_app().await;
    let mut second = form(2);
    second.email = "ANA1@example.org".into();
    let (a, b) = tokio::join!(app.latchkey.register(form(1)), app.latchkey.register(second));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(app.count("accounts").await, 2, "two pending registrations");
    assert_eq!(app.count("one_time_codes").await, 2);
    app.deliver_all().await;
    // Each code went to the address as typed in its own registration.
    let code_of_a = app
        .mails()
        .await
        .into_iter()
        .find(|m| m.recipient == "ana1@example.org")
        .unwrap()
        .code(6);
    let err = app
        .latchkey
        .verify_email(b.handle.as_str(), &code_of_a, "x")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_invalid", "a code verifies only its own registration");
    app.latchkey
        .verify_email(a.handle.as_str(), &code_of_a, "x")
        .await
        .unwrap();
    assert_eq!(app.count("accounts").await, 1, "verifying one discards the other");
    let err = app
        .latchkey
        .verify_email(b.handle.as_str(), &code_of_a, "x")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_not_found");
}

#[tokio::test]
async fn a_failure_midway_leaves_no_half_made_account() {
    let app = spawn_app().await;
    // Make the step after the account insert fail: the code row cannot be written.
    sqlx::query("ALTER TABLE one_time_codes RENAME TO one_time_codes_gone")
        .execute(app.pool())
        .await
        .unwrap();
    let err = app.register(form(1)).await.unwrap_err();
    assert_eq!(err.code(), "internal");
    sqlx::query("ALTER TABLE one_time_codes_gone RENAME TO one_time_codes")
        .execute(app.pool())
        .await
        .unwrap();
    assert_eq!(app.count("accounts").await, 0);
    assert_eq!(app.count("outbox").await, 0);
    assert_eq!(app.count("audit_events").await, 0);
    app.register(form(1)).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_dropped_at_any_point_leave_whole_accounts_or_nothing() {
    let app = spawn_app().await;
    for n in 0..40u32 {
        // Cut the flow off after a growing number of microseconds: the future is dropped
        // wherever it is, with its connection and open transaction.
        let cut = Duration::from_micros(u64::from(n) * 150);
        let _ = tokio::time::timeout(cut, app.register(form(n))).await;
    }
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM one_time_codes c WHERE c.account_id = a.id)
            OR NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.account_id = a.id AND e.kind = 'registered')",
    )
    .fetch_one(app.pool())
    .await
    .unwrap();
    assert_eq!(orphans, 0);
    let unlinked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM one_time_codes c WHERE c.outbox_id = o.id)",
    )
    .fetch_one(app.pool())
    .await
    .unwrap();
    assert_eq!(unlinked, 0);
    // The database is still usable afterwards.
    app.register(form(100)).await.unwrap();
}

async fn written(app: &crate::helpers::TestApp) -> i64 {
    let decoys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decoy_codes")
        .fetch_one(app.pool())
        .await
        .unwrap();
    app.count("accounts").await
        + app.count("outbox").await
        + app.count("audit_events").await
        + app.count("one_time_codes").await
        + decoys
}

#[tokio::test]
async fn check_registration_reports_every_problem_and_writes_nothing() {
    let app = spawn_app().await;
    app.register(form(1)).await.unwrap();
    let before = written(&app).await;

    assert_eq!(app.latchkey.check_registration(&form(2)).await, []);

    let mut bad = form(2);
    bad.first_name = "Ana\u{202E}".into();
    bad.email = "not-an-email".into();
    bad.username = "ANA_1".into();
    bad.password = secret("short");
    let got: Vec<(&str, &str)> = app
        .latchkey
        .check_registration(&bad)
        .await
        .iter()
        .map(|f| (f.field, f.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("firstName", "name_invalid"),
            ("email", "email_invalid"),
            ("password", "password_too_short"),
            ("username", "username_taken"),
        ]
    );

    // With enumeration protection on, a taken email or phone is never reported.
    let mut same_address = form(2);
    same_address.email = "ANA1@example.org".into();
    same_address.phone = form(1).phone;
    assert_eq!(app.latchkey.check_registration(&same_address).await, []);
    assert_eq!(written(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn without_enumeration_protection_check_registration_reports_taken_addresses() {
    let app = spawn_app_with(Config {
        enumeration_protection: false,
        ..test_config()
    })
    .await;
    app.verified_account(1).await;
    let before = written(&app).await;
    let codes = |fields: Vec<latchkey_core::FieldError>| fields.iter().map(|f| f.code.as_str()).collect::<Vec<_>>();
    let mut same_email = form(2);
    same_email.email = "Ana1@Example.org".into();
    same_email.password = secret("short");
    assert_eq!(
        codes(app.latchkey.check_registration(&same_email).await),
        ["password_too_short", "email_taken"]
    );
    let mut same_phone = form(2);
    same_phone.phone = form(1).phone;
    assert_eq!(
        codes(app.latchkey.check_registration(&same_phone).await),
        ["phone_taken"]
    );
    assert_eq!(written(&app).await, before);
}

/// Issue 8, item 9: NFC and NFD spellings of an address, and a full-width domain, are one
/// address: once it is verified, registering another spelling makes no second account.
#[tokio::test]
async fn unicode_spellings_of_a_verified_address_are_the_same_address() {
    let app = spawn_app().await;
    let mut first = form(1);
    first.email = "jos\u{e9}@b\u{fc}cher.example".into(); // NFC é, ü
    app.register(first.clone()).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to(&first.email, "verify_email").await;
    app.latchkey
        .verify_email(&app.h(&first.email), &code, "x")
        .await
        .unwrap();
    for (n, spelling) in [
        (2, "jose\u{301}@bu\u{308}cher.example"),           // NFD
        (3, "JOS\u{c9}@B\u{dc}CHER.EXAMPLE"),               // upper case
        (4, "jos\u{e9}@\u{ff42}\u{fc}cher.\u{ff45}xample"), // full-width letters in the domain
    ] {
        let mut again = form(n);
        again.email = spelling.into();
        app.register(again).await.unwrap();
        assert_eq!(app.count("accounts").await, 1, "{spelling:?} is the same address");
    }
    let signed_in = app
        .latchkey
        .log_in(
            "jose\u{301}@BU\u{308}CHER.example",
            crate::helpers::secret(crate::helpers::PASSWORD),
            "x",
        )
        .await
        .unwrap();
    assert_eq!(signed_in.account.username, "ana_1");
}

/// Issue 8, item 10: `001 …` is the same number as `+1 …` (and `+1 1 …` is refused): no second
/// account with the same phone.
#[tokio::test]
async fn a_phone_typed_with_an_international_prefix_is_the_same_number() {
    let app = spawn_app_with(Config {
        enumeration_protection: false,
        ..test_config()
    })
    .await;
    app.verified_account(1).await; // +1 415 555 1001
    let mut again = form(2);
    again.phone = "001 415 555 1001".into();
    let Err(RegisterError::InvalidInput(fields)) = app.register(again).await else {
        panic!("the same number")
    };
    assert_eq!((fields[0].field, fields[0].code.as_str()), ("phone", "phone_taken"));
    let mut doubled = form(3);
    doubled.phone = "+1 1 415 555 1001".into();
    let Err(RegisterError::InvalidInput(fields)) = app.register(doubled).await else {
        panic!("refused")
    };
    assert_eq!((fields[0].field, fields[0].code.as_str()), ("phone", "phone_invalid"));
    assert_eq!(app.count("accounts").await, 1);
}

#[tokio::test]
async fn the_code_is_written_in_the_registrant_s_language_and_a_taken_address_s_notice_in_the_owner_s() {
    use latchkey_core::Locale;
    use latchkey_core::mail::Template;
    let app = spawn_app().await;
    let (russian, uzbek) = (Locale::parse("ru").unwrap(), Locale::parse("uz").unwrap());
    let lifetime = app.latchkey.config().code_lifetime();

    // The owner registers in Uzbek and verifies.
    let owner = form(1);
    let registered = app.latchkey.register_in(owner.clone(), uzbek).await.unwrap();
    let mail = app.last_mail(&owner.email, "verify_email").await;
    let code = mail.code(app.latchkey.config().code_length);
    let expected = Template::VerifyEmail {
        first_name: &owner.first_name,
        code: &code,
        lifetime,
    }
    .render(uzbek);
    assert_eq!(
        mail.text, expected.text,
        "the code comes in the language chosen at registration"
    );
    app.deliver_all().await;
    app.latchkey
        .verify_email(registered.handle.as_str(), &code, "x")
        .await
        .unwrap();

    // Someone registers the owner's address in Russian: the owner is told in Uzbek.
    app.advance(Duration::from_secs(3600));
    let mut again = form(2);
    again.email = owner.email.clone();
    app.latchkey.register_in(again, russian).await.unwrap();
    let notice = app.last_mail(&owner.email, "registration_attempt").await;
    let expected = Template::RegistrationAttempt {
        first_name: &owner.first_name,
    }
    .render(uzbek);
    assert_eq!(
        notice.text, expected.text,
        "the owner reads the notice in their own language"
    );
    assert_ne!(
        expected.text,
        Template::RegistrationAttempt {
            first_name: &owner.first_name
        }
        .render(russian)
        .text,
        "the two languages differ, so the check means something"
    );
}
