//! Dev-mailbox mode: no SMTP server, messages stay in the app.

use latchkey_core::mail::{DeliveryStatus, MailError, MailPurpose, MailSettings, OutboxStatus, Template, mailbox};

use crate::helpers::*;

const OPERATOR: mailbox::MailboxReader = mailbox::MailboxReader::Operator;

/// Issue 8, item 6: outside operator mode a reader sees (and opens) only mail addressed to
/// them: no other recipient, purpose or code.
#[tokio::test]
async fn a_signed_in_reader_sees_only_their_own_mail() {
    let app = TestApp::new().await;
    let delivery = app.deliver(MailSettings::dev_mailbox());
    let mine = app.enqueue_code("Ada@Example.com").await;
    let theirs = app
        .enqueue("bob@example.com", &Template::RegistrationAttempt { first_name: "Bob" })
        .await;
    for id in [mine, theirs] {
        app.wait_status(id, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
            .await;
    }
    let me = mailbox::MailboxReader::Recipient("ada@example.com".into());
    let mut conn = app.db.pool().acquire().await.unwrap();
    let list = mailbox::list(&mut conn, &me, 50).await.unwrap();
    assert_eq!(list.iter().map(|m| m.id).collect::<Vec<_>>(), [mine]);
    assert!(
        mailbox::read(&mut conn, &app.key, &me, mine, app.clock.now())
            .await
            .is_ok()
    );
    let err = mailbox::read(&mut conn, &app.key, &me, theirs, app.clock.now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(mailbox::list(&mut conn, &OPERATOR, 50).await.unwrap().len(), 2);
    drop(conn);
    delivery.shutdown().await;
}

#[tokio::test]
async fn with_no_smtp_mail_is_delivered_locally_and_can_be_listed_and_read() {
    let app = TestApp::new().await;
    let delivery = app.deliver(MailSettings::dev_mailbox());
    let first = app.enqueue_code("ada@example.com").await;
    let second = app
        .enqueue("ada@example.com", &Template::PasswordChanged { first_name: "Ada" })
        .await;

    let status = app
        .wait_status(first, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
        .await;
    assert!(
        status.sent_at().is_some(),
        "the code's lifetime starts at local delivery"
    );
    app.wait_status(second, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
        .await;

    let mut conn = app.db.pool().acquire().await.unwrap();
    let list = mailbox::list(&mut conn, &OPERATOR, 50).await.unwrap();
    assert_eq!(
        list.iter().map(|m| m.id).collect::<Vec<_>>(),
        [second, first],
        "newest first"
    );
    assert_eq!(list[1].purpose, MailPurpose::VerifyEmail);
    assert_eq!(list[1].status, OutboxStatus::DeliveredLocally);
    assert_eq!(list[1].to, "ada@example.com");
    assert!(!list[1].read);

    let opened = mailbox::read(&mut conn, &app.key, &OPERATOR, first, app.clock.now())
        .await
        .unwrap();
    assert!(opened.text.contains("918 273"));
    assert!(opened.html.contains("918</span>"));
    assert_eq!(opened.subject, "Your Latchkey verification code");
    let list = mailbox::list(&mut conn, &OPERATOR, 50).await.unwrap();
    assert!(list[1].read && !list[0].read);

    let json = serde_json::to_value(&list[0]).unwrap();
    for key in [
        "id",
        "to",
        "subject",
        "purpose",
        "status",
        "createdAt",
        "sentAt",
        "read",
    ] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
    assert_eq!(json["status"], "delivered_locally");

    let missing = mailbox::read(
        &mut conn,
        &app.key,
        &OPERATOR,
        latchkey_core::mail::OutboxId(9999),
        app.clock.now(),
    )
    .await;
    assert!(matches!(missing, Err(MailError::NotFound)));
    drop(conn);
    delivery.shutdown().await;
}

#[tokio::test]
async fn mail_sent_over_smtp_is_not_readable_in_the_app() {
    let server = SmtpServer::plain();
    let app = TestApp::new().await;
    let delivery = app.deliver(smtp_settings(&server.url()));
    let id = app.enqueue_code("ada@example.com").await;
    app.wait_status(id, is_sent).await;
    let mut conn = app.db.pool().acquire().await.unwrap();
    assert!(mailbox::list(&mut conn, &OPERATOR, 50).await.unwrap().is_empty());
    let err = mailbox::read(&mut conn, &app.key, &OPERATOR, id, app.clock.now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    drop(conn);
    delivery.shutdown().await;
}
