-- Issue 12: a profile picture per account and a pending change of email address.
CREATE TABLE account_pictures (
    account_id  BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    image       BYTEA  NOT NULL,
    media_type  TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE email_changes (
    account_id     BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    new_email      TEXT   NOT NULL,
    new_email_key  TEXT   NOT NULL,
    taken          BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);

-- Code purposes are Rust's `CodePurpose`: no CHECK listing them (as on SQLite from 0006 on).
ALTER TABLE one_time_codes DROP CONSTRAINT IF EXISTS one_time_codes_purpose_check;
ALTER TABLE decoy_codes DROP CONSTRAINT IF EXISTS decoy_codes_purpose_check;
