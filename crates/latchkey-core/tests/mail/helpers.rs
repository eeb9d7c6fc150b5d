//! One test app (database + key + delivery) and one SMTP server per test.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use latchkey_core::mail::{
    DeliveryConfig, DeliveryHandle, DeliveryOptions, DeliveryStatus, MailSettings, OutboxId, OutboxSignal,
    SmtpSettings, SmtpUrl, Template, delivery_status, enqueue, spawn_delivery,
};
use latchkey_core::{Clock, Database, InstallKey, SystemClock};

pub const CODE: &str = "918273";

/// Fast timings so retries happen within a test's few seconds.
pub fn fast_options() -> DeliveryOptions {
    DeliveryOptions {
        poll_interval: Duration::from_millis(100),
        backoff_base: Duration::from_millis(200),
        backoff_max: Duration::from_secs(1),
        smtp_timeout: Duration::from_secs(5),
    }
}

pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub db: Database,
    pub key: InstallKey,
    pub signal: OutboxSignal,
    pub clock: Arc<dyn Clock>,
}

impl TestApp {
    pub async fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let (db, _) = crate::backend::open_store(dir.path()).await;
        let key = InstallKey::load_or_create(dir.path()).unwrap();
        TestApp {
            dir,
            db,
            key,
            signal: OutboxSignal::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// Closes the database and opens it again from disk, as a restarted process would.
    pub async fn restart(self) -> TestApp {
        self.db.close().await;
        let (db, status) = crate::backend::open_store(self.dir.path()).await;
        assert!(!status.created);
        let key = InstallKey::load_or_create(self.dir.path()).unwrap();
        TestApp {
            dir: self.dir,
            db,
            key,
            signal: OutboxSignal::default(),
            clock: self.clock,
        }
    }

    /// A second instance on the same store (another kiosk of a fleet): its own pool and
    /// signal, the same key.
    pub async fn second_instance(&self) -> (Database, OutboxSignal) {
        let (db, _) = crate::backend::open_store(self.dir.path()).await;
        (db, OutboxSignal::default())
    }

    pub fn deliver(&self, settings: MailSettings) -> DeliveryHandle {
        spawn_delivery(DeliveryConfig {
            pool: self.db.pool().clone(),
            key: self.key.clone(),
            settings,
            clock: self.clock.clone(),
            signal: self.signal.clone(),
            options: fast_options(),
            sms: Default::default(),
        })
    }

    pub async fn enqueue(&self, to: &str, template: &Template<'_>) -> OutboxId {
        // As every writer of the outbox: take the write lock first (enqueue reads, then writes).
        let mut tx = self.db.write().await.unwrap();
        let id = enqueue(&mut tx, &self.key, to, template, self.clock.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        self.signal.notify();
        id
    }

    pub async fn enqueue_code(&self, to: &str) -> OutboxId {
        self.enqueue(
            to,
            &Template::VerifyEmail {
                first_name: "Ada",
                code: CODE,
                lifetime: Duration::from_secs(900),
            },
        )
        .await
    }

    pub async fn status(&self, id: OutboxId) -> DeliveryStatus {
        let mut conn = self.db.pool().acquire().await.unwrap();
        delivery_status(&mut conn, id)
            .await
            .unwrap()
            .expect("the outbox row exists")
    }

    /// Waits (up to 10 s) until `id`'s status satisfies `done`.
    pub async fn wait_status(&self, id: OutboxId, done: impl Fn(&DeliveryStatus) -> bool) -> DeliveryStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let status = self.status(id).await;
            if done(&status) {
                return status;
            }
            assert!(Instant::now() < deadline, "timed out waiting; last status {status:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

pub fn is_sent(s: &DeliveryStatus) -> bool {
    matches!(s, DeliveryStatus::Sent { .. })
}

pub fn smtp_settings(url: &str) -> MailSettings {
    MailSettings::smtp(SmtpUrl::parse(url).unwrap(), None)
}

pub fn smtp_only(settings: &MailSettings) -> SmtpSettings {
    match &settings.transport {
        latchkey_core::mail::MailTransport::Smtp(s) => s.clone(),
        other => panic!("not SMTP: {other:?}"),
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A throwaway self-signed server certificate for localhost / 127.0.0.1 that rustls accepts.
pub struct TestCert {
    _dir: tempfile::TempDir,
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub fn self_signed_cert() -> TestCert {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("the `openssl` command is needed to make a test certificate");
    assert!(
        out.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    TestCert { _dir: dir, cert, key }
}

#[derive(Default)]
pub struct ServerOptions<'a> {
    pub port: Option<u16>,
    pub starttls: Option<&'a TestCert>,
    pub implicit_tls: Option<&'a TestCert>,
    pub auth: Option<&'a str>,
    pub fail_first: u32,
    pub reject_rcpt: Option<&'a str>,
}

/// The Python SMTP server; killed when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start(options: ServerOptions<'_>) -> SmtpServer {
        let python = std::env::var("LATCHKEY_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp_server/server.py");
        let dir = tempfile::tempdir().unwrap();
        let stderr = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let mut cmd = Command::new(&python);
        cmd.arg(&script)
            .arg("--port")
            .arg(options.port.unwrap_or(0).to_string())
            .arg("--outdir")
            .arg(dir.path().join("mail"))
            .arg("--fail-first")
            .arg(options.fail_first.to_string());
        for (flag, cert) in [
            ("--starttls", options.starttls),
            ("--implicit-tls", options.implicit_tls),
        ] {
            if let Some(cert) = cert {
                cmd.arg(flag).arg("--cert").arg(&cert.cert).arg("--key").arg(&cert.key);
            }
        }
        if let Some(auth) = options.auth {
            cmd.arg("--auth").arg(auth);
        }
        if let Some(pattern) = options.reject_rcpt {
            cmd.arg("--reject-rcpt").arg(pattern);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {python} (set LATCHKEY_TEST_PYTHON): {e}"));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(15)).unwrap_or_default();
        let Some(port) = line.strip_prefix("READY ").and_then(|p| p.trim().parse().ok()) else {
            let _ = child.kill();
            let _ = child.wait();
            let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
            panic!(
                "the test SMTP server did not start (python: {python}). It needs aiosmtpd: \
                 python3 -m venv /work/.venv-mail && /work/.venv-mail/bin/pip install aiosmtpd, \
                 then LATCHKEY_TEST_PYTHON=/work/.venv-mail/bin/python.\n{log}"
            );
        };
        SmtpServer { child, port, dir }
    }

    pub fn plain() -> SmtpServer {
        SmtpServer::start(ServerOptions::default())
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(self.dir.path().join("mail")) {
            Ok(entries) => entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }

    /// Waits (up to 10 s) for `n` messages.
    pub async fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} messages, got {}",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
