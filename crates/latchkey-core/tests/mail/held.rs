//! Issue 8, item 8: an operator's mail setting that does not parse keeps the settings screen
//! locked and holds mail in the outbox (never in the dev mailbox) until it is fixed; the test
//! email is no open relay.

use std::time::Duration;

use latchkey_core::Timestamp;
use latchkey_core::mail::{
    DeliveryStatus, MailConfig, MailEnv, MailSettings, SendTestLimit, SettingsSource, mailbox, send_test,
};

use crate::helpers::*;

#[tokio::test]
async fn a_malformed_operator_smtp_url_holds_mail_and_keeps_the_screen_locked() {
    let server = SmtpServer::plain();
    let app = TestApp::new().await;
    let env = MailEnv {
        smtp_url: Some(format!("smtp//127.0.0.1:{}", server.port)), // the typo: no colon
        ..Default::default()
    };
    let settings = MailSettings::resolve_or_hold(&env, &Default::default(), &MailConfig::default(), None);
    assert_eq!(settings.mode(), "held");
    assert_eq!(settings.source, SettingsSource::Environment);
    assert!(settings.screen_locked(), "the settings screen stays locked");
    let problem = settings.problem().unwrap().to_owned();
    assert!(
        problem.contains("LATCHKEY_SMTP_URL") && problem.contains("smtp://"),
        "{problem}"
    );

    // The same from the config file.
    let config = MailConfig {
        smtp_url: Some("smtps:/mail.example.org".into()),
        ..Default::default()
    };
    let from_file = MailSettings::resolve_or_hold(&MailEnv::default(), &Default::default(), &config, None);
    assert_eq!(
        (from_file.mode(), from_file.source),
        ("held", SettingsSource::ConfigFile)
    );
    assert!(from_file.screen_locked());

    let delivery = app.deliver(settings.clone());
    let id = app.enqueue_code("ada@example.com").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        matches!(app.status(id).await, DeliveryStatus::Queued { .. }),
        "{:?}",
        app.status(id).await
    );
    let mut conn = app.db.pool().acquire().await.unwrap();
    let local = mailbox::list(&mut conn, &mailbox::MailboxReader::Operator, 50)
        .await
        .unwrap();
    assert!(local.is_empty(), "nothing is delivered locally");
    drop(conn);
    assert!(server.messages().is_empty());
    let err = send_test(
        app.db.pool(),
        &app.key,
        &app.signal,
        &settings,
        "ops@example.com",
        app.clock.now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "mail_held");

    // Fixed: the held mail goes out to the real server.
    delivery.update_settings(smtp_settings(&server.url()));
    app.wait_status(id, is_sent).await;
    assert_eq!(server.wait_for(1).await.len(), 1);
    delivery.shutdown().await;
}

#[test]
fn test_emails_are_limited_to_three_a_minute_and_ten_an_hour() {
    let limit = SendTestLimit::default();
    let t0 = Timestamp(1_700_000_000_000);
    for _ in 0..3 {
        limit.take(t0).unwrap();
    }
    let err = limit.take(t0.plus(Duration::from_secs(10))).unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert!(err.to_string().contains("50 s"), "{err}");
    let mut t = t0;
    for _ in 0..7 {
        t = t.plus(Duration::from_secs(61));
        limit.take(t).unwrap();
    }
    let err = limit.take(t.plus(Duration::from_secs(61))).unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    limit.take(t0.plus(Duration::from_secs(3600))).unwrap();
}
