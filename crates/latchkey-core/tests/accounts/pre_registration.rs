//! Issue 8, item 2: an unverified registration never captures a later registration of the same
//! address. Each registration has its own code and its own handle; verifying one discards the
//! others.

use latchkey_core::{CodePurpose, LogInError, RegistrationForm};

use crate::helpers::*;

fn intruder_form() -> RegistrationForm {
    RegistrationForm {
        first_name: "Mallory".into(),
        last_name: "Intruder".into(),
        email: "victim@example.org".into(),
        phone: "+1 415 555 9000".into(),
        username: "mallory".into(),
        password: secret("mallory's own secret passphrase"),
    }
}

fn victim_form() -> RegistrationForm {
    RegistrationForm {
        first_name: "Vera".into(),
        last_name: "Victim".into(),
        email: "Victim@example.org".into(),
        phone: "+1 415 555 9001".into(),
        username: "vera".into(),
        password: secret("vera's very own passphrase"),
    }
}

#[tokio::test]
async fn a_pending_registration_does_not_capture_a_later_one_of_the_same_address() {
    let app = spawn_app().await;
    let intruder = app.latchkey.register(intruder_form()).await.unwrap();
    app.advance(std::time::Duration::from_secs(120));
    let victim = app.latchkey.register(victim_form()).await.unwrap();
    app.deliver_all().await;
    // Both codes land in the victim's mailbox.
    let mails = app.mails().await;
    let code_for = |first_name: &str| {
        mails
            .iter()
            .find(|m| m.purpose == "verify_email" && m.text.contains(first_name))
            .unwrap_or_else(|| panic!("no code mail for {first_name}"))
            .code(6)
    };
    let intruders_code = code_for("Mallory");
    let victims_code = code_for("Vera");

    // The intruder's code does not verify the victim's registration.
    if intruders_code != victims_code {
        let err = app
            .latchkey
            .verify_email(victim.handle.as_str(), &intruders_code, DEVICE)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "code_invalid");
    }
    // The victim's code verifies the victim's registration: the victim's account, the victim's
    // password.
    let signed_in = app
        .latchkey
        .verify_email(victim.handle.as_str(), &victims_code, DEVICE)
        .await
        .unwrap();
    assert_eq!(signed_in.account.username, "vera");
    assert_eq!(signed_in.account.first_name, "Vera");

    // The intruder's registration is gone: its handle verifies nothing, its password and
    // username open nothing, the address signs in with the victim's password only.
    let err = app
        .latchkey
        .verify_email(intruder.handle.as_str(), &intruders_code, DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "code_not_found");
    for identifier in ["victim@example.org", "mallory"] {
        let err = app
            .latchkey
            .log_in(identifier, secret("mallory's own secret passphrase"), DEVICE)
            .await
            .unwrap_err();
        assert!(matches!(err, LogInError::InvalidCredentials), "{identifier}: {err:?}");
    }
    app.latchkey
        .log_in("victim@example.org", secret("vera's very own passphrase"), DEVICE)
        .await
        .unwrap();
    assert_eq!(app.count("accounts").await, 1);
    // The freed username and phone can be registered again.
    let mut reuse = intruder_form();
    reuse.email = "mallory@example.org".into();
    app.latchkey.register(reuse).await.unwrap();
}

#[tokio::test]
async fn the_verify_screen_is_bound_to_its_handle_not_to_the_address() {
    let app = spawn_app().await;
    let victim = app.latchkey.register(victim_form()).await.unwrap();
    // Nothing can be asked or tried by address any more.
    let err = app
        .latchkey
        .verify_email("victim@example.org", "123456", DEVICE)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = app
        .latchkey
        .code_status("victim@example.org", CodePurpose::VerifyEmail)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    // Another handle (someone else's registration of the address) cannot burn its tries.
    let other = app.latchkey.register(intruder_form()).await.unwrap();
    for _ in 0..5 {
        let _ = app.latchkey.verify_email(other.handle.as_str(), "000000", DEVICE).await;
    }
    let status = app
        .latchkey
        .code_status(victim.handle.as_str(), CodePurpose::VerifyEmail)
        .await
        .unwrap();
    assert_eq!(status.attempts_left, Some(5));
}
