//! `test_connection` and `send_test`: clear, actionable errors.

use std::time::Duration;

use latchkey_core::mail::{MailSettings, MailTransport, SmtpSettings, SmtpUrl, send_test, test_connection};

use crate::helpers::*;

const T: Duration = Duration::from_secs(3);

fn smtp(url: &str, password: Option<&str>, ca: Option<&TestCert>) -> SmtpSettings {
    SmtpSettings {
        url: SmtpUrl::parse(url).unwrap(),
        password: password.map(Into::into),
        ca_file: ca.map(|c| c.cert.clone()),
    }
}

#[tokio::test]
async fn a_working_plain_server_passes() {
    let server = SmtpServer::plain();
    test_connection(&smtp(&server.url(), None, None), T).await.unwrap();
}

#[tokio::test]
async fn nothing_listening_is_a_connect_error_that_names_the_server() {
    let port = free_port();
    let err = test_connection(&smtp(&format!("smtp://127.0.0.1:{port}"), None, None), T)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "smtp_connect");
    assert!(err.to_string().contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(err.to_string().contains("Check the host name and port"), "{err}");
}

#[tokio::test]
async fn starttls_and_sign_in_pass_with_the_ca_file_and_the_right_password() {
    let cert = self_signed_cert();
    let server = SmtpServer::start(ServerOptions {
        starttls: Some(&cert),
        auth: Some("mailer:s3cret"),
        ..Default::default()
    });
    let url = format!("smtp://mailer@localhost:{}?tls=required", server.port);
    test_connection(&smtp(&url, Some("s3cret"), Some(&cert)), T)
        .await
        .unwrap();

    let err = test_connection(&smtp(&url, Some("wrong"), Some(&cert)), T)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "smtp_auth", "{err}");
    assert!(err.to_string().contains("535"), "{err}");
    assert!(err.to_string().contains("password"), "{err}");
}

#[tokio::test]
async fn an_untrusted_certificate_says_how_to_trust_it() {
    let cert = self_signed_cert();
    let server = SmtpServer::start(ServerOptions {
        starttls: Some(&cert),
        ..Default::default()
    });
    let url = format!("smtp://localhost:{}?tls=required", server.port);
    let err = test_connection(&smtp(&url, None, None), T).await.unwrap_err();
    assert_eq!(err.code(), "smtp_tls", "{err}");
    assert!(err.to_string().contains("not trusted"), "{err}");
    assert!(err.to_string().contains("LATCHKEY_SMTP_CA_FILE"), "{err}");
}

#[tokio::test]
async fn requiring_starttls_from_a_server_without_it_is_a_tls_error() {
    let server = SmtpServer::plain();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.port);
    let err = test_connection(&smtp(&url, None, None), T).await.unwrap_err();
    assert_eq!(err.code(), "smtp_tls", "{err}");
    assert!(err.to_string().contains("does not offer STARTTLS"), "{err}");
}

#[tokio::test]
async fn smtps_against_a_starttls_port_points_at_the_tls_mode() {
    let cert = self_signed_cert();
    let server = SmtpServer::start(ServerOptions {
        starttls: Some(&cert),
        ..Default::default()
    });
    let url = format!("smtps://localhost:{}", server.port);
    let err = test_connection(&smtp(&url, None, Some(&cert)), T).await.unwrap_err();
    assert!(matches!(err.code().as_str(), "smtp_tls" | "smtp_connect"), "{err}");
    assert!(err.to_string().contains("smtps://"), "{err}");
}

#[tokio::test]
async fn a_server_that_wants_sign_in_says_to_add_a_user() {
    let server = SmtpServer::start(ServerOptions {
        auth: Some("mailer:s3cret"),
        ..Default::default()
    });
    let app = TestApp::new().await;
    let settings = smtp_settings(&server.url());
    let err = send_test(
        app.db.pool(),
        &app.key,
        &app.signal,
        &settings,
        "ada@example.com",
        app.clock.now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "smtp_auth", "{err}");
    assert!(err.to_string().contains("user name"), "{err}");
}

#[tokio::test]
async fn send_test_over_smtp_reports_acceptance_and_the_mail_arrives() {
    let server = SmtpServer::plain();
    let app = TestApp::new().await;
    let outcome = send_test(
        app.db.pool(),
        &app.key,
        &app.signal,
        &smtp_settings(&server.url()),
        "ada@example.com",
        app.clock.now(),
    )
    .await
    .unwrap();
    assert!(outcome.ok);
    assert!(outcome.message.contains("accepted"), "{}", outcome.message);
    assert_eq!(server.wait_for(1).await.len(), 1);

    let err = send_test(
        app.db.pool(),
        &app.key,
        &app.signal,
        &smtp_settings(&server.url()),
        "not an address",
        app.clock.now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(err.fields()[0].field, "to");
}

#[tokio::test]
async fn send_test_in_dev_mailbox_mode_lands_in_the_mailbox() {
    let app = TestApp::new().await;
    let settings = MailSettings::dev_mailbox();
    assert!(matches!(settings.transport, MailTransport::DevMailbox));
    let delivery = app.deliver(settings.clone());
    let outcome = send_test(
        app.db.pool(),
        &app.key,
        &app.signal,
        &settings,
        "ada@example.com",
        app.clock.now(),
    )
    .await
    .unwrap();
    assert!(outcome.message.contains("dev mailbox"));
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let mut conn = app.db.pool().acquire().await.unwrap();
        let list =
            latchkey_core::mail::mailbox::list(&mut conn, &latchkey_core::mail::mailbox::MailboxReader::Operator, 10)
                .await
                .unwrap();
        if list.len() == 1 {
            assert_eq!(list[0].subject, "Latchkey test email");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the test email never reached the dev mailbox"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    delivery.shutdown().await;
}
