-- Stand-ins for one-time codes that no one can receive: asked for an identifier that matches
-- no account (password reset), or for an address that already has a verified account
-- (registration with enumeration protection). They evolve exactly like real codes (status,
-- cooldowns, attempts) so answers never reveal whether an account exists; no code exists for
-- them, so no input can ever match one.
CREATE TABLE decoy_codes (
    id                   INTEGER PRIMARY KEY,
    identifier_key       TEXT    NOT NULL,            -- case-folded email or username
    purpose              TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at           INTEGER NOT NULL,
    lifetime_ms          INTEGER NOT NULL,
    outbox_id            INTEGER REFERENCES outbox (id), -- the notice to the real owner, if any
    sent_at              INTEGER,                     -- simulated delivery when outbox_id IS NULL
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    superseded_at        INTEGER
) STRICT;
CREATE INDEX decoy_codes_by_identifier ON decoy_codes (identifier_key, purpose, created_at DESC);
