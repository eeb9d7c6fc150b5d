-- Identifiers that match no account are no longer stored as typed (case-folded) but as
-- hex(HMAC-SHA256(install key's "identifier-keys" subkey, case-folded identifier)): people
-- type passwords into the identifier field. Login throttle rows of unknown identifiers now
-- use the key `identifier-hmac:<hex>`, and decoy_codes.identifier_key holds the hex MAC.
-- Rows in the old form are dropped: throttle entries and decoys are short-lived, and losing
-- them only restarts a count.
DELETE FROM login_throttle WHERE key LIKE 'identifier:%';
DELETE FROM decoy_codes;
