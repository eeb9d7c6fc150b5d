//! Mail integration tests against a real SMTP server (Python aiosmtpd on 127.0.0.1, started
//! per test from `tests/smtp_server/server.py`). Needs a Python with aiosmtpd: set
//! `LATCHKEY_TEST_PYTHON` (default `python3`), e.g.
//! `python3 -m venv /work/.venv-mail && /work/.venv-mail/bin/pip install aiosmtpd`.
//! The STARTTLS tests need the `openssl` command to make a throwaway certificate.

#[path = "../support/backend.rs"]
mod backend;
mod connection;
mod delivery;
mod dev_mailbox;
mod end_to_end;
mod held;
mod helpers;
mod qa_faults;
