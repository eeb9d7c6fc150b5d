-- A message's language is the one its recipient's account chose, looked up by the address it
-- goes to (mail::enqueue, on every code sent): without an index that was a scan of every
-- account, inside the write transaction.
CREATE INDEX accounts_by_email ON accounts (email);
