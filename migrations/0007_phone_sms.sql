-- Issue 11: SMS through the same outbox as mail (a channel per message), and verified phones.
-- A phone counts as verified while phone_verified_e164 equals the account's phone_e164: any
-- change of the number (profile edit, admin) leaves it unverified until the new one is verified.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
ALTER TABLE accounts ADD COLUMN phone_verified_e164 TEXT;
ALTER TABLE accounts ADD COLUMN phone_verified_at INTEGER;
CREATE INDEX outbox_by_channel ON outbox (channel, status);
