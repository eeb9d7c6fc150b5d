-- Pending registrations (issue 8, item 2). An unverified account no longer holds its address's
-- unique key: several registrations of one address may wait side by side, each verified only
-- by its own code through its own opaque handle; when one is verified the others are deleted.
-- While pending, `email_key` holds a unique placeholder ('pending:<random>') and the real
-- case-folded address sits in `pending_email_key`.
ALTER TABLE accounts ADD COLUMN pending_email_key TEXT;
UPDATE accounts SET pending_email_key = email_key, email_key = 'pending:' || lower(hex(randomblob(16)))
    WHERE email_verified_at IS NULL;
CREATE INDEX accounts_pending_email ON accounts (pending_email_key) WHERE pending_email_key IS NOT NULL;

-- What a verify screen holds: SHA-256 of a 256-bit random handle, never the handle itself.
-- account_id is NULL for a registration of an address that already has a verified account
-- (it stands in, with decoy codes, so the answer looks the same).
CREATE TABLE registration_handles (
    handle_hash          BLOB    PRIMARY KEY,
    account_id           INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    sent_to              TEXT    NOT NULL,            -- the address as typed at registration
    created_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX registration_handles_by_account ON registration_handles (account_id);
