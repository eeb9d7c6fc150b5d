//! Delivery over SMTP: what arrives, retries, failures, restarts.

use std::time::Duration;

use latchkey_core::mail::{
    DeliveryConfig, DeliveryStatus, MailSettings, SmtpSettings, SmtpUrl, Template, spawn_delivery,
};
use mail_parser::MessageParser;

use crate::helpers::*;

fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    MessageParser::default().parse(raw).expect("a parsable message")
}

#[tokio::test]
async fn a_queued_code_arrives_over_plain_smtp_as_text_and_html_with_the_right_headers() {
    let server = SmtpServer::plain();
    let app = TestApp::new().await;
    let delivery = app.deliver(smtp_settings(&server.url()));
    let before = app.clock.now();
    let id = app
        .enqueue(
            "ada@example.com",
            &Template::VerifyEmail {
                first_name: "<Ada & Co>",
                code: CODE,
                lifetime: Duration::from_secs(900),
            },
        )
        .await;

    let status = app.wait_status(id, is_sent).await;
    let sent_at = status.sent_at().unwrap();
    assert!(sent_at >= before && sent_at <= app.clock.now());

    let messages = server.wait_for(1).await;
    assert_eq!(messages.len(), 1);
    let msg = parse(&messages[0]);
    assert_eq!(msg.subject(), Some("Your Latchkey verification code"));
    assert_eq!(
        msg.from().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("no-reply@latchkey.localhost")
    );
    assert_eq!(
        msg.from().and_then(|a| a.first()).and_then(|a| a.name()),
        Some("Latchkey")
    );
    assert_eq!(
        msg.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("ada@example.com")
    );
    assert!(
        msg.header_raw("Content-Type")
            .unwrap()
            .contains("multipart/alternative")
    );
    assert_eq!(msg.header_raw("Auto-Submitted").map(str::trim), Some("auto-generated"));
    assert!(msg.message_id().unwrap().starts_with(&format!("outbox.{}.", id.0)));
    assert!(msg.header_raw("Date").is_some());
    assert_eq!((msg.text_body_count(), msg.html_body_count()), (1, 1));

    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Hello <Ada & Co>,"));
    assert!(text.contains("918 273"), "{text}");
    assert!(text.contains("15 minutes"));
    assert!(text.contains("If this wasn't you"));
    let html = msg.body_html(0).unwrap();
    assert!(html.contains("Hello &lt;Ada &amp; Co&gt;,"), "{html}");
    assert!(!html.contains("<Ada"));
    assert!(html.contains(">918</span><span style=\"margin-left:0.5em;\">273</span>"));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<img"));

    delivery.shutdown().await;
}

#[tokio::test]
async fn starttls_with_a_self_signed_certificate_and_sign_in_delivers() {
    let cert = self_signed_cert();
    let server = SmtpServer::start(ServerOptions {
        starttls: Some(&cert),
        auth: Some("mailer:s3cret"),
        ..Default::default()
    });
    let app = TestApp::new().await;
    let settings = MailSettings::smtp(
        SmtpUrl::parse(&format!("smtp://mailer@localhost:{}?tls=required", server.port)).unwrap(),
        Some("s3cret".into()),
    );
    let mut smtp = smtp_only(&settings);
    smtp.ca_file = Some(cert.cert.clone());
    let settings = MailSettings {
        transport: latchkey_core::mail::MailTransport::Smtp(smtp),
        ..settings
    };
    let delivery = app.deliver(settings);
    let id = app.enqueue_code("ada@example.com").await;
    app.wait_status(id, is_sent).await;
    let messages = server.wait_for(1).await;
    assert!(parse(&messages[0]).body_text(0).unwrap().contains("918 273"));
    delivery.shutdown().await;
}

#[tokio::test]
async fn implicit_tls_smtps_delivers() {
    let cert = self_signed_cert();
    let server = SmtpServer::start(ServerOptions {
        implicit_tls: Some(&cert),
        ..Default::default()
    });
    let app = TestApp::new().await;
    let settings = with_ca(smtp_settings(&format!("smtps://localhost:{}", server.port)), &cert);
    let delivery = app.deliver(settings);
    let id = app.enqueue("ada@example.com", &Template::Test).await;
    app.wait_status(id, is_sent).await;
    assert_eq!(server.wait_for(1).await.len(), 1);
    delivery.shutdown().await;
}

fn with_ca(settings: MailSettings, cert: &TestCert) -> MailSettings {
    let smtp = SmtpSettings {
        ca_file: Some(cert.cert.clone()),
        ..smtp_only(&settings)
    };
    MailSettings {
        transport: latchkey_core::mail::MailTransport::Smtp(smtp),
        ..settings
    }
}

#[tokio::test]
async fn mail_queued_while_the_server_is_down_waits_and_arrives_exactly_once_when_it_starts() {
    let port = free_port();
    let app = TestApp::new().await;
    let delivery = app.deliver(smtp_settings(&format!("smtp://127.0.0.1:{port}")));
    let id = app.enqueue_code("ada@example.com").await;

    // Queued, with the reason, and no sent_at: the code's lifetime has not started.
    let status = app
        .wait_status(
            id,
            |s| matches!(s, DeliveryStatus::Queued { attempts, .. } if *attempts >= 2),
        )
        .await;
    let DeliveryStatus::Queued {
        last_error: Some(reason),
        ..
    } = &status
    else {
        panic!("{status:?}")
    };
    assert!(
        reason.contains(&format!("Cannot connect to 127.0.0.1:{port}")),
        "{reason}"
    );
    assert_eq!(status.sent_at(), None);

    let server = SmtpServer::start(ServerOptions {
        port: Some(port),
        ..Default::default()
    });
    app.wait_status(id, is_sent).await;
    server.wait_for(1).await;
    // Several more poll rounds: nothing is sent again.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.messages().len(), 1);
    delivery.shutdown().await;
}

#[tokio::test]
async fn a_4xx_answer_is_retried_with_backoff_and_the_message_arrives_once() {
    let server = SmtpServer::start(ServerOptions {
        fail_first: 2,
        ..Default::default()
    });
    let app = TestApp::new().await;
    let delivery = app.deliver(smtp_settings(&server.url()));
    let id = app.enqueue_code("ada@example.com").await;

    let first = app
        .wait_status(id, |s| !matches!(s, DeliveryStatus::Queued { attempts: 0, .. }))
        .await;
    match &first {
        DeliveryStatus::Queued {
            attempts: 1,
            last_error: Some(e),
            ..
        } => {
            assert!(e.contains("451") && e.contains("try again later"), "{e}")
        }
        other => panic!("expected a first transient failure, got {other:?}"),
    }
    app.wait_status(id, is_sent).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(server.messages().len(), 1);
    let mut conn = app.db.pool().acquire().await.unwrap();
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM outbox WHERE id = $1")
        .bind(id.0)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(attempts, 3, "two 451s, then accepted");
    drop(conn);
    delivery.shutdown().await;
}

#[tokio::test]
async fn a_5xx_answer_marks_the_message_failed_with_the_servers_reason_and_other_mail_still_goes() {
    let server = SmtpServer::start(ServerOptions {
        reject_rcpt: Some("^nobody@"),
        ..Default::default()
    });
    let app = TestApp::new().await;
    let delivery = app.deliver(smtp_settings(&server.url()));
    let bad = app.enqueue_code("nobody@example.com").await;
    let good = app.enqueue_code("ada@example.com").await;

    let status = app
        .wait_status(bad, |s| matches!(s, DeliveryStatus::Failed { .. }))
        .await;
    let DeliveryStatus::Failed { reason, attempts } = status else {
        unreachable!()
    };
    assert_eq!(attempts, 1, "a permanent refusal is not retried");
    assert!(
        reason.contains("550") && reason.contains("Recipient address rejected"),
        "{reason}"
    );
    app.wait_status(good, is_sent).await;
    let messages = server.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.messages().len(), 1);
    assert!(String::from_utf8_lossy(&messages[0]).contains("ada@example.com"));
    delivery.shutdown().await;
}

#[tokio::test]
async fn mail_queued_before_a_restart_is_delivered_after_it() {
    let port = free_port();
    let app = TestApp::new().await;
    let settings = smtp_settings(&format!("smtp://127.0.0.1:{port}"));
    let delivery = app.deliver(settings.clone());
    let id = app.enqueue_code("ada@example.com").await;
    app.wait_status(
        id,
        |s| matches!(s, DeliveryStatus::Queued { attempts, .. } if *attempts >= 1),
    )
    .await;

    // "Process exit": stop delivery, close the database.
    delivery.shutdown().await;
    let app = app.restart().await;
    let server = SmtpServer::start(ServerOptions {
        port: Some(port),
        ..Default::default()
    });

    let delivery = app.deliver(settings);
    app.wait_status(id, is_sent).await;
    server.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.messages().len(), 1);
    delivery.shutdown().await;
}

#[tokio::test]
async fn fixing_the_settings_sends_held_mail_at_once() {
    let app = TestApp::new().await;
    let delivery = app.deliver(smtp_settings(&format!("smtp://127.0.0.1:{}", free_port())));
    let id = app.enqueue_code("ada@example.com").await;
    app.wait_status(
        id,
        |s| matches!(s, DeliveryStatus::Queued { attempts, .. } if *attempts >= 1),
    )
    .await;

    let server = SmtpServer::plain();
    delivery.update_settings(smtp_settings(&server.url()));
    app.wait_status(id, is_sent).await;
    assert_eq!(server.wait_for(1).await.len(), 1);
    delivery.shutdown().await;
}

#[tokio::test]
async fn codes_are_never_in_the_database_file_in_clear() {
    let app = TestApp::new().await;
    app.enqueue_code("ada@example.com").await;
    let bytes = match crate::backend::backend() {
        latchkey_core::store::Backend::Postgres => crate::backend::server_rows(app.db.pool()).await,
        latchkey_core::store::Backend::Sqlite => {
            let mut conn = app.db.pool().acquire().await.unwrap();
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut *conn)
                .await
                .unwrap();
            drop(conn);
            let mut bytes = std::fs::read(app.db.path()).unwrap();
            if let Ok(wal) = std::fs::read(format!("{}-wal", app.db.path().display())) {
                bytes.extend(wal);
            }
            bytes
        }
    };
    for needle in [CODE, "918 273"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} found in the database"
        );
    }
    assert!(
        bytes.windows(15).any(|w| w == b"ada@example.com"),
        "sanity: the file was read"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_store_deliver_each_message_exactly_once() {
    let app = TestApp::new().await;
    let (other_db, other_signal) = app.second_instance().await;
    let server = SmtpServer::plain();
    let first = app.deliver(smtp_settings(&server.url()));
    let second = spawn_delivery(DeliveryConfig {
        pool: other_db.pool().clone(),
        key: app.key.clone(),
        settings: smtp_settings(&server.url()),
        clock: app.clock.clone(),
        signal: other_signal.clone(),
        options: fast_options(),
        sms: Default::default(),
    });
    let mut ids = Vec::new();
    for n in 0..30 {
        ids.push(app.enqueue_code(&format!("person{n}@example.com")).await);
        other_signal.notify();
    }
    for id in &ids {
        app.wait_status(*id, is_sent).await;
    }
    assert_eq!(server.wait_for(30).await.len(), 30);
    // Give a duplicate time to arrive: none must.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.messages().len(), 30, "each message was sent once");
    first.shutdown().await;
    second.shutdown().await;
}
