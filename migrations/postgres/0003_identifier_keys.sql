-- PostgreSQL twin of ../0003_identifier_keys.sql.
DELETE FROM login_throttle WHERE key LIKE 'identifier:%';
DELETE FROM decoy_codes;
