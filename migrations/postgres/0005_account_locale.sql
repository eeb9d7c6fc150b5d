-- PostgreSQL twin of ../0005_account_locale.sql.
ALTER TABLE accounts ADD COLUMN locale TEXT;
