-- Issue 12: a profile picture per account (re-encoded by the core, never the uploaded bytes) and
-- a pending change of email address (the old address stays in force until the code sent to the
-- new one is entered). Both go with their account.
CREATE TABLE account_pictures (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    image       BLOB    NOT NULL,
    media_type  TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE email_changes (
    account_id     INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    new_email      TEXT    NOT NULL,            -- as typed (display, recipient)
    new_email_key  TEXT    NOT NULL,            -- case-folded
    taken          INTEGER NOT NULL,            -- 1: another account holds it; a stand-in code was "sent"
    created_at     INTEGER NOT NULL
) STRICT;

-- Code purposes are Rust's `CodePurpose` (parsed on read); the CHECK listing them would need a
-- table rebuild for every new purpose (change_email here, phone codes next), so it goes.
CREATE TABLE one_time_codes_new (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose              TEXT    NOT NULL,
    code_mac             BLOB    NOT NULL,
    created_at           INTEGER NOT NULL,
    lifetime_ms          INTEGER NOT NULL,
    outbox_id            INTEGER REFERENCES outbox (id),
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    consumed_at          INTEGER,
    superseded_at        INTEGER
) STRICT;
INSERT INTO one_time_codes_new SELECT id, account_id, purpose, code_mac, created_at, lifetime_ms, outbox_id,
    failed_attempts, consumed_at, superseded_at FROM one_time_codes;
DROP TABLE one_time_codes;
ALTER TABLE one_time_codes_new RENAME TO one_time_codes;
CREATE INDEX one_time_codes_by_account ON one_time_codes (account_id, purpose, created_at DESC);

CREATE TABLE decoy_codes_new (
    id                   INTEGER PRIMARY KEY,
    identifier_key       TEXT    NOT NULL,
    purpose              TEXT    NOT NULL,
    created_at           INTEGER NOT NULL,
    lifetime_ms          INTEGER NOT NULL,
    outbox_id            INTEGER REFERENCES outbox (id),
    sent_at              INTEGER,
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    superseded_at        INTEGER
) STRICT;
INSERT INTO decoy_codes_new SELECT id, identifier_key, purpose, created_at, lifetime_ms, outbox_id, sent_at,
    failed_attempts, superseded_at FROM decoy_codes;
DROP TABLE decoy_codes;
ALTER TABLE decoy_codes_new RENAME TO decoy_codes;
CREATE INDEX decoy_codes_by_identifier ON decoy_codes (identifier_key, purpose, created_at DESC);
