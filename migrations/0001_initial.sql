-- Latchkey schema, version 1. Migrations only move forward.
-- Times are Unix epoch milliseconds (INTEGER), always UTC.

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    first_name           TEXT    NOT NULL,
    last_name            TEXT    NOT NULL,
    email                TEXT    NOT NULL,            -- as the person typed it (display)
    email_key            TEXT    NOT NULL UNIQUE,     -- case-folded, for uniqueness and lookup
    phone_e164           TEXT    NOT NULL UNIQUE,
    username             TEXT    NOT NULL,
    username_key         TEXT    NOT NULL UNIQUE,     -- case-folded
    password_hash        TEXT    NOT NULL,            -- argon2id PHC string
    email_verified_at    INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;

-- Login throttling. key is 'account:<id>' for known accounts and 'identifier:<folded>' for
-- identifiers that match no account, so unknown identifiers are throttled the same way
-- (no enumeration through the delay message). Survives restarts by living here.
CREATE TABLE login_throttle (
    key                  TEXT    PRIMARY KEY,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    blocked_until        INTEGER,
    updated_at           INTEGER NOT NULL
) STRICT;

-- Outgoing mail. Every message is a row before it is anything else, written in the same
-- transaction as what it announces. Bodies are sealed (AEAD, per-install key): codes in
-- them never sit in the database file in clear.
CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY,
    recipient            TEXT    NOT NULL,
    subject              TEXT    NOT NULL,
    body_sealed          BLOB    NOT NULL,            -- nonce || ciphertext of {text, html}
    purpose              TEXT    NOT NULL,
    status               TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'delivered_locally', 'failed')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_at      INTEGER NOT NULL,
    last_error           TEXT,
    created_at           INTEGER NOT NULL,
    sent_at              INTEGER,                     -- accepted by the SMTP server or stored locally
    read_at              INTEGER                      -- dev mailbox: opened in the app
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_recent ON outbox (created_at DESC);

-- One-time codes. Only an HMAC-SHA256 of the code (keyed by the per-install secret) is kept.
-- A code's lifetime starts when its email leaves: expires_at = outbox.sent_at + lifetime_ms.
CREATE TABLE one_time_codes (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose              TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    code_mac             BLOB    NOT NULL,
    created_at           INTEGER NOT NULL,
    lifetime_ms          INTEGER NOT NULL,
    outbox_id            INTEGER REFERENCES outbox (id),
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    consumed_at          INTEGER,
    superseded_at        INTEGER
) STRICT;
CREATE INDEX one_time_codes_by_account ON one_time_codes (account_id, purpose, created_at DESC);

-- Sessions. Only SHA-256(token) is stored; the token itself is handed out once.
CREATE TABLE sessions (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash           BLOB    NOT NULL UNIQUE,
    device_label         TEXT    NOT NULL,
    created_at           INTEGER NOT NULL,
    last_seen_at         INTEGER NOT NULL,
    revoked_at           INTEGER,
    revoke_reason        TEXT
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account_id, revoked_at);

-- Security events. Never holds a secret.
CREATE TABLE audit_events (
    id                   INTEGER PRIMARY KEY,
    at                   INTEGER NOT NULL,
    account_id           INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    kind                 TEXT    NOT NULL,
    detail               TEXT    NOT NULL DEFAULT '{}'  -- JSON, non-secret context
) STRICT;
CREATE INDEX audit_events_by_account ON audit_events (account_id, at DESC);

-- Settings written by the app itself (e.g. mail settings screen). Secrets never go here.
CREATE TABLE settings (
    key                  TEXT    PRIMARY KEY,
    value                TEXT    NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
