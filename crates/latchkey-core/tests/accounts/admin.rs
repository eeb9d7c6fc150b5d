//! Roles, invite codes, locks and administration (issue 13).

use std::time::Duration;

use latchkey_core::admin::{AdminError, AuditFilter, InviteRequest, NewAdmin};
use latchkey_core::invites::{InviteError, InviteState};
use latchkey_core::sign_in_code::SignInWithCodeError;
use latchkey_core::{
    Actor, Config, ErrorCode, Latchkey, Locale, LogInError, RegisterError, RegistrationExtras, RegistrationForm,
    RegistrationMode, RoleConfig,
};

use crate::helpers::*;

fn seeds_config(mode: RegistrationMode) -> Config {
    Config {
        roles: vec![
            RoleConfig {
                name: "student".to_owned(),
                self_service: true,
            },
            RoleConfig {
                name: "instructor".to_owned(),
                self_service: false,
            },
            RoleConfig {
                name: "admin".to_owned(),
                self_service: false,
            },
        ],
        default_role: "student".to_owned(),
        registration_mode: mode,
        support_contact: "the front desk (desk@example.org)".to_owned(),
        ..test_config()
    }
}

fn new_admin(n: u32) -> NewAdmin {
    NewAdmin {
        email: format!("boss{n}@example.org"),
        username: format!("boss_{n}"),
        first_name: None,
        last_name: None,
        phone: None,
        password: secret(PASSWORD),
    }
}

async fn admin_account(app: &TestApp, n: u32) -> Actor {
    let created = app.latchkey.admin_create(new_admin(n)).await.unwrap();
    assert!(created.created);
    Actor::Account(created.account.id)
}

fn extras(code: Option<&str>, roles: &[&str]) -> RegistrationExtras {
    RegistrationExtras {
        invite_code: code.map(str::to_owned),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
}

async fn register_with(
    app: &TestApp,
    form: RegistrationForm,
    extras: RegistrationExtras,
) -> Result<latchkey_core::Registered, RegisterError> {
    let email = form.email.clone();
    let registered = app.latchkey.register_with(form, Locale::english(), extras).await?;
    app.remember_handle(&email, registered.handle.as_str());
    Ok(registered)
}

fn field_codes(e: &RegisterError) -> Vec<(&'static str, ErrorCode)> {
    match e {
        RegisterError::InvalidInput(errors) => errors.iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn roles_of(latchkey: &Latchkey, form: &RegistrationForm) -> Vec<String> {
    let actor = Actor::Cli;
    let id = latchkey.admin_find(actor, &form.username).await.unwrap();
    latchkey.account_roles(id).await.unwrap()
}

#[tokio::test]
async fn admin_create_is_idempotent_and_makes_a_verified_admin_who_can_sign_in() {
    let app = spawn_app().await;
    let first = app.latchkey.admin_create(new_admin(1)).await.unwrap();
    assert!(first.created && first.is_admin);
    assert!(first.account.email_verified);
    assert_eq!(first.account.phone, "", "no phone was given");
    let again = app.latchkey.admin_create(new_admin(1)).await.unwrap();
    assert!(!again.created && again.is_admin);
    assert_eq!(again.account.id, first.account.id);
    let admins = app.latchkey.admin_search(Actor::Cli, "boss", 50).await.unwrap();
    assert_eq!(admins.len(), 1);
    assert_eq!(admins[0].roles, vec!["admin", "member"]);
    let signed_in = app.latchkey.log_in("boss_1", secret(PASSWORD), DEVICE).await.unwrap();
    assert_eq!(
        app.latchkey.session_roles(&signed_in.token).await.unwrap(),
        vec!["admin", "member"]
    );
    assert!(app.latchkey.admin_actor(&signed_in.token).await.is_ok());
    let weak = NewAdmin {
        password: secret("123"),
        ..new_admin(2)
    };
    assert!(matches!(
        app.latchkey.admin_create(weak).await,
        Err(AdminError::InvalidInput(_))
    ));
}

#[tokio::test]
async fn registration_gets_the_default_role_or_a_self_service_one_but_never_another() {
    let app = spawn_app_with(seeds_config(RegistrationMode::Open)).await;
    register_with(&app, form(1), extras(None, &[])).await.unwrap();
    assert_eq!(roles_of(&app.latchkey, &form(1)).await, vec!["student"]);
    let err = register_with(&app, form(2), extras(None, &["instructor"]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("roles", ErrorCode::RoleNotSelfService)]);
    let err = register_with(&app, form(2), extras(None, &["wizard"]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("roles", ErrorCode::RoleUnknown)]);
    assert_eq!(app.count("accounts").await, 1, "nothing written on refusal");
}

#[tokio::test]
async fn invite_only_needs_a_valid_code_whose_roles_are_granted_and_closed_refuses() {
    let app = spawn_app_with(seeds_config(RegistrationMode::InviteOnly)).await;
    let admin = admin_account(&app, 1).await;
    let err = register_with(&app, form(1), extras(None, &[])).await.unwrap_err();
    assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::InviteRequired)]);
    let err = register_with(&app, form(1), extras(Some("nope-42"), &[]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::InviteCodeFormat)]);
    let err = register_with(&app, form(1), extras(Some("0000-0000"), &[]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::InviteInvalid)]);

    let invite = app
        .latchkey
        .admin_create_invite(
            admin,
            InviteRequest {
                roles: vec!["instructor".to_owned()],
                valid_for: Some(Duration::from_secs(3600)),
                max_uses: Some(2),
                email: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(invite.state, InviteState::Pending);
    assert_eq!(invite.code.len(), 9);
    assert_eq!(&invite.code[4..5], "-");
    // Typed in lower case, without the dash.
    let typed = invite.code.replace('-', "").to_lowercase();
    register_with(&app, form(1), extras(Some(&typed), &[])).await.unwrap();
    assert_eq!(roles_of(&app.latchkey, &form(1)).await, vec!["instructor"]);
    register_with(&app, form(2), extras(Some(&invite.code), &["student"]))
        .await
        .unwrap();
    assert_eq!(roles_of(&app.latchkey, &form(2)).await, vec!["instructor", "student"]);
    // Used up.
    let err = register_with(&app, form(3), extras(Some(&invite.code), &[]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::InviteInvalid)]);
    let listed = app.latchkey.admin_list_invites(admin).await.unwrap();
    assert_eq!(listed[0].state, InviteState::UsedUp);
    let redeemers: Vec<&str> = listed[0].redeemed_by.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(redeemers, vec!["ana_1", "ana_2"]);
    assert_eq!(listed[0].redeemed_by[0].email.as_deref(), Some("ana1@example.org"));

    let closed = open_in(
        app.dir.path(),
        seeds_config(RegistrationMode::Closed),
        &app.key,
        &app.clock,
    )
    .await;
    let err = closed
        .register_with(form(4), Locale::english(), extras(Some(&invite.code), &[]))
        .await
        .unwrap_err();
    assert!(matches!(err, RegisterError::Closed));
    assert_eq!(err.code(), ErrorCode::RegistrationClosed);
}

#[tokio::test]
async fn expired_revoked_and_address_bound_invites_are_refused_alike() {
    let app = spawn_app_with(seeds_config(RegistrationMode::InviteOnly)).await;
    let admin = admin_account(&app, 1).await;
    let make = |valid_for: u64, email: Option<&str>| InviteRequest {
        roles: vec![],
        valid_for: Some(Duration::from_secs(valid_for)),
        max_uses: None,
        email: email.map(str::to_owned),
    };
    let expiring = app.latchkey.admin_create_invite(admin, make(60, None)).await.unwrap();
    let revoked = app.latchkey.admin_create_invite(admin, make(3600, None)).await.unwrap();
    let bound = app
        .latchkey
        .admin_create_invite(admin, make(3600, Some("Ana2@Example.org")))
        .await
        .unwrap();
    app.latchkey
        .admin_revoke_invite(admin, &revoked.code.to_lowercase())
        .await
        .unwrap();
    app.advance(Duration::from_secs(61));
    for code in [&expiring.code, &revoked.code, &bound.code] {
        let err = register_with(&app, form(1), extras(Some(code), &[])).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("inviteCode", ErrorCode::InviteInvalid)],
            "{code}"
        );
    }
    register_with(&app, form(2), extras(Some(&bound.code), &[]))
        .await
        .unwrap();
    let states: Vec<InviteState> = app
        .latchkey
        .admin_list_invites(admin)
        .await
        .unwrap()
        .iter()
        .map(|i| i.state)
        .collect();
    assert_eq!(
        states,
        vec![InviteState::UsedUp, InviteState::Revoked, InviteState::Expired]
    );
    assert!(matches!(
        app.latchkey.admin_revoke_invite(admin, &revoked.code).await,
        Err(AdminError::NotFound)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_redemptions_of_a_one_use_invite_make_exactly_one_account() {
    let app = spawn_app_with(seeds_config(RegistrationMode::InviteOnly)).await;
    let admin = admin_account(&app, 1).await;
    for round in 0..5u32 {
        let invite = app
            .latchkey
            .admin_create_invite(
                admin,
                InviteRequest {
                    roles: vec!["instructor".to_owned()],
                    max_uses: Some(1),
                    ..InviteRequest::default()
                },
            )
            .await
            .unwrap();
        // A second handle on the same file, as a second process would have (its own RNG: a
        // shared seed would draw the first instance's registration handles again).
        let other = open_in_seeded(
            app.dir.path(),
            seeds_config(RegistrationMode::InviteOnly),
            &app.key,
            &app.clock,
            1000 + u64::from(round),
        )
        .await;
        let (a, b) = tokio::join!(
            app.latchkey
                .register_with(form(10 + 2 * round), Locale::english(), extras(Some(&invite.code), &[])),
            other.register_with(form(11 + 2 * round), Locale::english(), extras(Some(&invite.code), &[])),
        );
        let successes = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(successes, 1, "round {round}: {a:?} {b:?}");
        let loser = match (a, b) {
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(field_codes(&loser), vec![("inviteCode", ErrorCode::InviteInvalid)]);
        let listed = app.latchkey.admin_list_invites(admin).await.unwrap();
        assert_eq!((listed[0].uses, listed[0].redeemed_by.len()), (1, 1));
    }
    assert_eq!(app.count("accounts").await, 1 + 5);
}

#[tokio::test]
async fn wrong_invite_codes_are_throttled_per_address() {
    let app = spawn_app_with(seeds_config(RegistrationMode::InviteOnly)).await;
    for _ in 0..5 {
        let err = register_with(&app, form(1), extras(Some("0000-0000"), &[]))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::InviteInvalid)]);
    }
    let err = register_with(&app, form(1), extras(Some("0000-0001"), &[]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::RateLimited)]);
}

#[tokio::test]
async fn a_weak_password_is_reported_before_an_invite_attempt_is_counted() {
    let app = spawn_app_with(seeds_config(RegistrationMode::InviteOnly)).await;
    // Passes the quick rules (length, not a common password); only zxcvbn finds it weak.
    let mut weak = form(1);
    weak.password = secret("aaaaaaaaaaaa");
    for _ in 0..6 {
        let err = register_with(&app, weak.clone(), extras(Some("0000-0000"), &[]))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), vec![("password", ErrorCode::PasswordWeak)]);
    }
    assert_eq!(app.count("login_throttle").await, 0);
    // The address's budget of wrong codes is whole.
    let err = register_with(&app, form(1), extras(Some("0000-0000"), &[]))
        .await
        .unwrap_err();
    assert_eq!(field_codes(&err), vec![("inviteCode", ErrorCode::InviteInvalid)]);
}

#[tokio::test]
async fn a_personal_code_links_the_invitee_to_the_inviter_once() {
    let app = spawn_app_with(seeds_config(RegistrationMode::Open)).await;
    let (_, a) = app.verified_account(1).await;
    let (_, b) = app.verified_account(2).await;
    let (_, c) = app.verified_account(3).await;
    let mine = app.latchkey.my_invites(&a.token).await.unwrap();
    assert_eq!(mine.code.len(), 9);
    assert!(mine.joined.is_empty() && mine.invited_by.is_none());
    assert_eq!(
        app.latchkey.my_invites(&a.token).await.unwrap().code,
        mine.code,
        "stable"
    );

    let typed = mine.code.to_lowercase().replace('-', " ");
    let theirs = app.latchkey.enter_invite_code(&b.token, &typed).await.unwrap();
    assert_eq!(theirs.invited_by.as_ref().unwrap().username, "ana_1");
    assert_eq!(
        theirs.invited_by.as_ref().unwrap().email,
        None,
        "no contact details for people"
    );
    let err = app.latchkey.enter_invite_code(&b.token, &mine.code).await.unwrap_err();
    assert!(
        matches!(&err, InviteError::InvalidInput(e) if e[0].code == ErrorCode::AlreadyInvited),
        "{err:?}"
    );
    let err = app.latchkey.enter_invite_code(&a.token, &mine.code).await.unwrap_err();
    assert!(
        matches!(&err, InviteError::InvalidInput(e) if e[0].code == ErrorCode::OwnInviteCode),
        "{err:?}"
    );
    app.latchkey.enter_invite_code(&c.token, &mine.code).await.unwrap();

    let mine = app.latchkey.my_invites(&a.token).await.unwrap();
    let joined: Vec<&str> = mine.joined.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(joined, vec!["ana_2", "ana_3"]);
    assert!(mine.joined.iter().all(|p| p.phone.is_none()));
    // At registration too.
    let mut f = form(4);
    f.email = "dee@example.org".to_owned();
    register_with(&app, f, extras(Some(&mine.code), &[])).await.unwrap();
    assert_eq!(app.latchkey.my_invites(&a.token).await.unwrap().joined.len(), 3);
}

/// A lock holds for sign-in by code too (issues 11 and 13): a locked account is sent no code —
/// its owner gets the locked notice instead — and a code sent before the lock opens nothing.
#[tokio::test]
async fn a_locked_account_cannot_sign_in_with_a_code_either() {
    let app = spawn_app_with(seeds_config(RegistrationMode::Open)).await;
    let admin = admin_account(&app, 1).await;
    let (form, _) = app.verified_account(2).await;
    let count = |mails: Vec<Mail>, purpose: &str| mails.iter().filter(|m| m.purpose == purpose).count();

    app.latchkey
        .request_sign_in_code(&form.username, "email")
        .await
        .unwrap();
    app.deliver_all().await;
    let early = app.last_mail(&form.email, "sign_in").await.code(6);
    let id = app.latchkey.admin_find(admin, &form.email).await.unwrap();
    app.latchkey.admin_lock(admin, id, None, "lost card").await.unwrap();
    let err = app
        .latchkey
        .sign_in_with_code(&form.username, &early, DEVICE)
        .await
        .unwrap_err();
    assert!(matches!(err, SignInWithCodeError::CodeNotFound), "{err:?}");
    app.deliver_all().await;
    assert_eq!(count(app.mails().await, "account_locked"), 1, "the owner is told");

    app.advance(Duration::from_secs(61));
    let codes_before = count(app.mails().await, "sign_in");
    let asked = app
        .latchkey
        .request_sign_in_code(&form.username, "email")
        .await
        .unwrap();
    assert_eq!(asked.sent_to, form.username, "the same answer as for any account");
    app.deliver_all().await;
    assert_eq!(
        count(app.mails().await, "sign_in"),
        codes_before,
        "no code to a locked account"
    );
    assert_eq!(count(app.mails().await, "account_locked"), 1, "told at most hourly");

    app.latchkey.admin_unlock(admin, id).await.unwrap();
    app.latchkey.admin_clear_throttle(admin, id).await.unwrap();
    app.advance(Duration::from_secs(61));
    app.latchkey
        .request_sign_in_code(&form.username, "email")
        .await
        .unwrap();
    app.deliver_all().await;
    let code = app.last_mail(&form.email, "sign_in").await.code(6);
    assert_ne!(code, early);
    let signed_in = app
        .latchkey
        .sign_in_with_code(&form.username, &code, DEVICE)
        .await
        .unwrap();
    assert_eq!(signed_in.account.username, form.username);
}

/// A registration locked while still pending is not signed in by its verification code.
#[tokio::test]
async fn a_registration_locked_while_pending_is_not_signed_in_by_its_code() {
    let app = spawn_app_with(seeds_config(RegistrationMode::Open)).await;
    let admin = admin_account(&app, 1).await;
    app.register(form(2)).await.unwrap();
    app.deliver_all().await;
    let code = app.code_sent_to("ana2@example.org", "verify_email").await;
    let id = app.latchkey.admin_find(admin, "ana_2").await.unwrap();
    app.latchkey.admin_lock(admin, id, None, "").await.unwrap();
    let err = app
        .latchkey
        .verify_email(&app.h("ana2@example.org"), &code, DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CodeNotFound, "{err:?}");
    assert!(
        !app.latchkey
            .admin_show(admin, id)
            .await
            .unwrap()
            .summary
            .account
            .email_verified
    );
}

#[tokio::test]
async fn a_locked_account_is_answered_like_a_wrong_password_and_its_owner_is_told_hourly() {
    let app = spawn_app_with(seeds_config(RegistrationMode::Open)).await;
    let admin = admin_account(&app, 1).await;
    let (form, signed_in) = app.verified_account(2).await;
    let id = app
        .latchkey
        .admin_find(admin, &form.email.to_uppercase())
        .await
        .unwrap();
    let view = app.latchkey.admin_lock(admin, id, None, "lost card").await.unwrap();
    assert!(view.locked.is_some());
    assert_eq!(view.live_sessions, 0);
    assert!(
        app.latchkey.validate_session(&signed_in.token).await.is_err(),
        "sessions ended"
    );
    for _ in 0..2 {
        let err = app
            .latchkey
            .log_in(&form.username, secret(PASSWORD), DEVICE)
            .await
            .unwrap_err();
        assert!(matches!(err, LogInError::InvalidCredentials), "{err:?}");
    }
    let wrong = app
        .latchkey
        .log_in(&form.username, secret("not the password"), DEVICE)
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::InvalidCredentials);
    let notices = app
        .mails()
        .await
        .into_iter()
        .filter(|m| m.purpose == "account_locked")
        .count();
    assert_eq!(notices, 1, "at most one notice an hour");
    let notice = app.last_mail(&form.email, "account_locked").await;
    assert!(notice.text.contains("desk@example.org"), "{}", notice.text);
    app.advance(Duration::from_secs(3601));
    let _ = app
        .latchkey
        .log_in(&form.username, secret(PASSWORD), DEVICE)
        .await
        .unwrap_err();
    let notices = app
        .mails()
        .await
        .into_iter()
        .filter(|m| m.purpose == "account_locked")
        .count();
    assert_eq!(notices, 2);

    app.latchkey.admin_unlock(admin, id).await.unwrap();
    app.latchkey.admin_clear_throttle(admin, id).await.unwrap();
    app.latchkey
        .log_in(&form.username, secret(PASSWORD), DEVICE)
        .await
        .unwrap();

    // A lock with an end lifts by itself.
    let until = app.now().plus(Duration::from_secs(600));
    app.latchkey.admin_lock(admin, id, Some(until), "").await.unwrap();
    assert!(app.latchkey.is_locked(id).await.unwrap());
    app.advance(Duration::from_secs(601));
    assert!(!app.latchkey.is_locked(id).await.unwrap());
    app.latchkey
        .log_in(&form.username, secret(PASSWORD), DEVICE)
        .await
        .unwrap();

    let kinds: Vec<String> = app
        .latchkey
        .admin_audit(
            admin,
            &AuditFilter {
                account: Some(id),
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&"account_locked".to_owned()));
    assert!(kinds.contains(&"account_unlocked".to_owned()));
    assert!(kinds.contains(&"sign_in_delay_cleared".to_owned()));
    let locked = app
        .latchkey
        .admin_audit(
            Actor::Cli,
            &AuditFilter {
                kind: Some("account_locked".to_owned()),
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap();
    let Actor::Account(admin_id) = admin else {
        unreachable!()
    };
    assert!(
        locked
            .iter()
            .all(|e| e.detail["actor"] == serde_json::json!(admin_id.0)),
        "{locked:?}"
    );
}

#[tokio::test]
async fn the_last_admin_cannot_be_removed_and_members_cannot_administer() {
    let app = spawn_app().await;
    let admin = admin_account(&app, 1).await;
    let Actor::Account(admin_id) = admin else {
        unreachable!()
    };
    let (_, member) = app.verified_account(2).await;
    let member_actor = Actor::Account(member.account.id);
    assert!(matches!(
        app.latchkey.admin_search(member_actor, "", 10).await,
        Err(AdminError::Forbidden)
    ));
    assert!(matches!(
        app.latchkey.admin_actor(&member.token).await,
        Err(AdminError::Forbidden)
    ));
    assert!(matches!(
        app.latchkey.admin_lock(member_actor, admin_id, None, "").await,
        Err(AdminError::Forbidden)
    ));
    for refused in [
        app.latchkey
            .admin_set_roles(admin, admin_id, &["member".to_owned()])
            .await
            .map(drop),
        app.latchkey.admin_lock(admin, admin_id, None, "").await.map(drop),
        app.latchkey.admin_delete(admin, admin_id).await,
        app.latchkey.admin_delete(Actor::Cli, admin_id).await,
    ] {
        assert!(matches!(refused, Err(AdminError::LastAdmin)), "{refused:?}");
    }
    // With a second admin, the first may step down.
    app.latchkey
        .admin_set_roles(admin, member.account.id, &["admin".to_owned(), "member".to_owned()])
        .await
        .unwrap();
    app.latchkey
        .admin_set_roles(admin, admin_id, &["member".to_owned()])
        .await
        .unwrap();
    assert!(matches!(
        app.latchkey.admin_search(admin, "", 10).await,
        Err(AdminError::Forbidden)
    ));
    let err = app
        .latchkey
        .admin_set_roles(member_actor, member.account.id, &["nobody".to_owned()])
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    app.latchkey.admin_delete(member_actor, admin_id).await.unwrap();
    assert_eq!(app.count("accounts").await, 1);
    assert_eq!(
        app.latchkey
            .admin_revoke_sessions(member_actor, member.account.id)
            .await
            .unwrap(),
        1
    );
}
