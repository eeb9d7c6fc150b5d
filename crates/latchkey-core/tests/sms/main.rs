//! Texts through a real HTTP server on 127.0.0.1 standing in for the SMS provider (issue 11):
//! it records every request and answers as told (2xx, 4xx, 5xx, or never). The app is the
//! real thing: a SQLite file, the delivery task, the gateway's HTTP client.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use latchkey_core::mail::{
    DeliveryConfig, DeliveryHandle, DeliveryOptions, DeliveryStatus, MailSettings, spawn_delivery,
};
use latchkey_core::sms::inbox::{self, SmsReader};
use latchkey_core::sms::{BodyFormat, SmsAuth, SmsConfig, SmsSettings};
use latchkey_core::{Config, ConfigError, Latchkey, RegistrationForm, SessionToken};
use secrecy::SecretString;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "s3cr3t-auth-token";

#[derive(Debug, Clone)]
enum Reply {
    Status(u16, &'static str),
    Hang,
}

#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: String,
}

/// The stand-in SMS provider.
#[derive(Clone)]
struct Provider {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
}

impl Provider {
    /// Answers the queued replies in order, then 201 Created.
    async fn start(replies: Vec<Reply>) -> Provider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let provider = Provider {
            url: format!("http://127.0.0.1:{port}/2010-04-01/Accounts/AC123/Messages.json"),
            requests: Default::default(),
            replies: Arc::new(Mutex::new(replies.into())),
        };
        let p = provider.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let p = p.clone();
                tokio::spawn(async move { p.serve(socket).await });
            }
        });
        provider
    }

    async fn serve(&self, mut socket: tokio::net::TcpStream) {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            let n = socket.read(&mut chunk).await.unwrap_or(0);
            if n == 0 {
                return;
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_owned();
        let path = first.next().unwrap_or_default().to_owned();
        let headers: BTreeMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = buf[head_end + 4..].to_vec();
        while body.len() < length {
            let n = socket.read(&mut chunk).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        self.requests.lock().unwrap().push(Request {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        let reply = self
            .replies
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Reply::Status(201, r#"{"sid":"SM1"}"#));
        match reply {
            Reply::Hang => tokio::time::sleep(Duration::from_secs(30)).await,
            Reply::Status(code, text) => {
                let response = format!(
                    "HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        }
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    async fn wait_requests(&self, n: usize) -> Vec<Request> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let requests = self.requests();
            if requests.len() >= n {
                return requests;
            }
            assert!(
                Instant::now() < deadline,
                "the provider got {} requests, not {n}",
                requests.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn form_field(body: &str, name: &str) -> String {
    form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {body}"))
}

fn twilio_like(url: &str) -> SmsConfig {
    SmsConfig {
        gateway_url: url.to_owned(),
        body_format: BodyFormat::Form,
        body_template: "To={to}&From=%2B15005550006&Body={text}".to_owned(),
        auth: SmsAuth::Basic,
        username: "AC123".to_owned(),
        domain: "example.com".to_owned(),
        timeout_secs: 1,
        ..SmsConfig::default()
    }
}

struct App {
    _dir: tempfile::TempDir,
    latchkey: Latchkey,
    _delivery: DeliveryHandle,
}

fn config(sms: SmsConfig) -> Config {
    Config {
        argon2_memory_kib: 1024,
        argon2_iterations: 1,
        sms,
        ..Config::default()
    }
}

async fn app(sms: SmsConfig, secret: Option<&str>) -> App {
    let dir = tempfile::tempdir().unwrap();
    let latchkey = Latchkey::open(dir.path(), config(sms.clone())).await.unwrap();
    let settings = SmsSettings::resolve_with_secret(&sms, secret.map(SecretString::from)).unwrap();
    let delivery = spawn_delivery(DeliveryConfig {
        pool: latchkey.database().pool().clone(),
        key: latchkey.install_key().clone(),
        settings: MailSettings::dev_mailbox(),
        clock: latchkey.clock().clone(),
        signal: latchkey.outbox_signal().clone(),
        options: DeliveryOptions {
            poll_interval: Duration::from_millis(50),
            backoff_base: Duration::from_millis(200),
            backoff_max: Duration::from_millis(400),
            smtp_timeout: Duration::from_secs(2),
        },
        sms: settings,
    });
    App {
        _dir: dir,
        latchkey,
        _delivery: delivery,
    }
}

impl App {
    /// A verified account (`ana@example.org`, `+14155551001`), signed in.
    async fn signed_in(&self) -> SessionToken {
        let registered = self
            .latchkey
            .register(RegistrationForm {
                first_name: "Ana".to_owned(),
                last_name: "Kowalska".to_owned(),
                email: "ana@example.org".to_owned(),
                phone: "+1 415 555 1001".to_owned(),
                username: "ana".to_owned(),
                password: SecretString::from("correct horse battery staple"),
            })
            .await
            .unwrap();
        let code = self.wait_code("ana@example.org", "verify_email").await;
        self.latchkey
            .verify_email(registered.handle.as_str(), &code, "test")
            .await
            .unwrap()
            .token
    }

    /// The code in the latest delivered message to `to` for `purpose` (mail or text).
    async fn wait_code(&self, to: &str, purpose: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            self.latchkey.settle().await;
            let row: Option<Vec<u8>> = sqlx::query_scalar(
                "SELECT body_sealed FROM outbox WHERE recipient = $1 AND purpose = $2 AND sent_at IS NOT NULL
                 ORDER BY id DESC LIMIT 1",
            )
            .bind(to)
            .bind(purpose)
            .fetch_optional(self.latchkey.database().pool())
            .await
            .unwrap();
            if let Some(sealed) = row {
                let (text, _) = latchkey_core::mail::outbox::open(self.latchkey.install_key(), &sealed).unwrap();
                return six_digits(&text);
            }
            assert!(Instant::now() < deadline, "no {purpose} message to {to}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn wait_phone_delivery(
        &self,
        token: &SessionToken,
        done: impl Fn(&DeliveryStatus) -> bool,
    ) -> DeliveryStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let status = self.latchkey.phone_status(token).await.unwrap();
            if let Some(delivery) = status.delivery.filter(|d| done(d)) {
                return delivery;
            }
            assert!(Instant::now() < deadline, "delivery never got there");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The first group of six digits (mail groups them `123 456`).
fn six_digits(text: &str) -> String {
    text.replace(' ', "")
        .split(|c: char| !c.is_ascii_digit())
        .find(|g| g.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text}"))
        .to_owned()
}

#[tokio::test]
async fn a_phone_is_verified_with_the_code_the_provider_received() {
    let provider = Provider::start(vec![]).await;
    let app = app(twilio_like(&provider.url), Some(SECRET)).await;
    let token = app.signed_in().await;
    app.latchkey.request_phone_code(&token).await.unwrap();
    let requests = provider.wait_requests(1).await;
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/2010-04-01/Accounts/AC123/Messages.json");
    assert_eq!(request.headers["content-type"], "application/x-www-form-urlencoded");
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("AC123:{SECRET}"));
    assert_eq!(request.headers["authorization"], format!("Basic {basic}"));
    assert_eq!(form_field(&request.body, "To"), "+14155551001");
    assert_eq!(form_field(&request.body, "From"), "+15005550006");
    let text = form_field(&request.body, "Body");
    let code = six_digits(&text);
    assert!(text.starts_with("Latchkey: "), "{text}");
    assert!(text.contains("10 minutes"), "{text}");
    assert!(text.ends_with(&format!("\n\n@example.com #{code}")), "{text}");
    let delivery = app
        .wait_phone_delivery(&token, |d| matches!(d, DeliveryStatus::Sent { .. }))
        .await;
    assert!(delivery.sent_at().is_some());

    let status = app.latchkey.confirm_phone(&token, &code).await.unwrap();
    assert!(status.verified);
    // Texts sent through the gateway are never readable in the app.
    let mut conn = app.latchkey.database().pool().acquire().await.unwrap();
    let texts = inbox::list(&mut conn, app.latchkey.install_key(), &SmsReader::Operator, 10)
        .await
        .unwrap();
    assert!(texts.is_empty(), "{texts:?}");
}

#[tokio::test]
async fn a_4xx_fails_with_the_provider_s_words_and_no_secret() {
    let provider = Provider::start(vec![Reply::Status(
        400,
        r#"{"code":21211,"message":"The 'To' number is not a valid phone number.","auth":"s3cr3t-auth-token"}"#,
    )])
    .await;
    let app = app(twilio_like(&provider.url), Some(SECRET)).await;
    let token = app.signed_in().await;
    app.latchkey.request_phone_code(&token).await.unwrap();
    let failed = app
        .wait_phone_delivery(&token, |d| matches!(d, DeliveryStatus::Failed { .. }))
        .await;
    let DeliveryStatus::Failed { attempts, reason } = failed else {
        unreachable!()
    };
    assert_eq!(attempts, 1);
    assert!(
        reason.contains("400") && reason.contains("is not a valid phone number"),
        "{reason}"
    );
    assert!(!reason.contains(SECRET), "{reason}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(provider.requests().len(), 1, "a refused text is not retried");
}

#[tokio::test]
async fn a_5xx_or_a_provider_that_does_not_answer_is_retried_until_it_takes_the_text() {
    let provider = Provider::start(vec![
        Reply::Status(503, "busy"),
        Reply::Hang,
        Reply::Status(500, "oops"),
    ])
    .await;
    let app = app(twilio_like(&provider.url), Some(SECRET)).await;
    let token = app.signed_in().await;
    app.latchkey.request_phone_code(&token).await.unwrap();
    let queued = app
        .wait_phone_delivery(&token, |d| matches!(d, DeliveryStatus::Queued { attempts: 1.., .. }))
        .await;
    let DeliveryStatus::Queued { last_error, .. } = queued else {
        unreachable!()
    };
    assert!(last_error.unwrap().contains("503"));
    let requests = provider.wait_requests(4).await;
    let sent = app
        .wait_phone_delivery(&token, |d| matches!(d, DeliveryStatus::Sent { .. }))
        .await;
    assert!(sent.sent_at().is_some());
    // The same text every time; the code in the last one verifies the phone.
    let bodies: Vec<String> = requests.iter().map(|r| form_field(&r.body, "Body")).collect();
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    let code = six_digits(&bodies[3]);
    assert!(app.latchkey.confirm_phone(&token, &code).await.unwrap().verified);
}

#[tokio::test]
async fn json_bodies_with_a_bearer_token_and_sign_in_by_text() {
    let provider = Provider::start(vec![]).await;
    let sms = SmsConfig {
        gateway_url: provider.url.clone(),
        body_format: BodyFormat::Json,
        body_template: r#"{"to": "{to}", "message": {"text": "{text}", "otp": "{code}"}, "flash": false}"#.to_owned(),
        auth: SmsAuth::Bearer,
        headers: [("X-Api-Version".to_owned(), "2".to_owned())].into(),
        timeout_secs: 1,
        ..SmsConfig::default()
    };
    let app = app(sms, Some(SECRET)).await;
    let token = app.signed_in().await;
    app.latchkey.request_phone_code(&token).await.unwrap();
    let request = provider.wait_requests(1).await.remove(0);
    assert_eq!(request.headers["authorization"], format!("Bearer {SECRET}"));
    assert_eq!(request.headers["x-api-version"], "2");
    assert_eq!(request.headers["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["to"], "+14155551001");
    assert_eq!(body["flash"], false);
    let code = body["message"]["otp"].as_str().unwrap().to_owned();
    assert!(body["message"]["text"].as_str().unwrap().contains(&code));
    app.latchkey.confirm_phone(&token, &code).await.unwrap();

    // Sign in by text; an unknown phone gets the same answer and sends nothing.
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
    assert_eq!(known.code_status.state, unknown.code_status.state);
    assert_eq!(known.code_status.attempts_left, unknown.code_status.attempts_left);
    let requests = provider.wait_requests(2).await;
    let body: serde_json::Value = serde_json::from_str(&requests[1].body).unwrap();
    assert_eq!(body["to"], "+14155551001");
    let code = body["message"]["otp"].as_str().unwrap();
    let signed_in = app
        .latchkey
        .sign_in_with_code("+14155551001", code, "test")
        .await
        .unwrap();
    assert_eq!(signed_in.account.username, "ana");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(provider.requests().len(), 2, "nothing went to the unknown phone");
}

#[tokio::test]
async fn without_a_gateway_texts_land_in_the_dev_sms_inbox() {
    let app = app(SmsConfig::default(), None).await;
    let token = app.signed_in().await;
    app.latchkey.request_phone_code(&token).await.unwrap();
    app.wait_phone_delivery(&token, |d| matches!(d, DeliveryStatus::DeliveredLocally { .. }))
        .await;
    let mut conn = app.latchkey.database().pool().acquire().await.unwrap();
    let key = app.latchkey.install_key();
    let mine = inbox::list(&mut conn, key, &SmsReader::Phone("+14155551001".to_owned()), 10)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].to, "+14155551001");
    let code = six_digits(&mine[0].text);
    let others = inbox::list(&mut conn, key, &SmsReader::Phone("+14155559999".to_owned()), 10)
        .await
        .unwrap();
    assert!(others.is_empty());
    let err = inbox::read(
        &mut conn,
        key,
        &SmsReader::Phone("+14155559999".to_owned()),
        mine[0].id,
        latchkey_core::Timestamp(0),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
    // Not in the dev mailbox (that is mail).
    let mails =
        latchkey_core::mail::mailbox::list(&mut conn, &latchkey_core::mail::mailbox::MailboxReader::Operator, 50)
            .await
            .unwrap();
    assert!(mails.iter().all(|m| m.to != "+14155551001"), "{mails:?}");
    drop(conn);
    assert!(app.latchkey.confirm_phone(&token, &code).await.unwrap().verified);
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_sends_nothing() {
    let provider = Provider::start(vec![]).await;
    let app = app(twilio_like(&provider.url), Some(SECRET)).await;
    let token = app.signed_in().await;
    let err = app.latchkey.confirm_phone(&token, "12ab56").await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = app.latchkey.request_sign_in_code("+1 (12", "sms").await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = app
        .latchkey
        .sign_in_with_code("+1 415 555 1001", "12345a", "t")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(provider.requests().is_empty());

    // A template without {code} or {text}, a secret-less basic auth: refused at load.
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    };
    let err = Config::from_sources(
        None,
        env(&[
            ("LATCHKEY_SMS_GATEWAY_URL", "https://api.example.com/sms"),
            ("LATCHKEY_SMS_BODY_TEMPLATE", "To={to}&Body=hello"),
        ]),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Invalid {
                setting: "sms.body_template",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("{code} or {text}"), "{err}");
    let config = Config::from_sources(
        None,
        env(&[
            ("LATCHKEY_SMS_GATEWAY_URL", "https://api.example.com/sms"),
            ("LATCHKEY_SMS_BODY_TEMPLATE", "To={to}&Body={text}"),
            ("LATCHKEY_SMS_AUTH", "basic"),
            ("LATCHKEY_SMS_USERNAME", "AC123"),
        ]),
    )
    .unwrap();
    let err = SmsSettings::resolve(&config.sms, |_| None).unwrap_err();
    assert!(err.to_string().contains("LATCHKEY_SMS_SECRET"), "{err}");
    let err = Config::from_sources(None, env(&[("LATCHKEY_CODE_LENGTH", "4")])).unwrap_err();
    assert!(err.to_string().contains("6 to 10"), "{err}");
}
