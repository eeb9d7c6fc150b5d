-- Issue 11: SMS through the same outbox as mail (a channel per message), and verified phones.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
ALTER TABLE accounts ADD COLUMN phone_verified_e164 TEXT;
ALTER TABLE accounts ADD COLUMN phone_verified_at BIGINT;
CREATE INDEX outbox_by_channel ON outbox (channel, status);
