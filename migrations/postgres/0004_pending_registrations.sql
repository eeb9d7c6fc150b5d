-- PostgreSQL twin of ../0004_pending_registrations.sql.
ALTER TABLE accounts ADD COLUMN pending_email_key TEXT;
UPDATE accounts SET pending_email_key = email_key, email_key = 'pending:' || md5(random()::text || id::text)
    WHERE email_verified_at IS NULL;
CREATE INDEX accounts_pending_email ON accounts (pending_email_key) WHERE pending_email_key IS NOT NULL;

CREATE TABLE registration_handles (
    handle_hash          BYTEA   PRIMARY KEY,
    account_id           BIGINT  REFERENCES accounts (id) ON DELETE CASCADE,
    sent_to              TEXT    NOT NULL,
    created_at           BIGINT  NOT NULL
);
CREATE INDEX registration_handles_by_account ON registration_handles (account_id);
