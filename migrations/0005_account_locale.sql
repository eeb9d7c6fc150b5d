-- The language an account reads its screens and emails in (a tag of locales/<tag>.ftl, e.g.
-- 'ru'); NULL until the person registers or chooses one.
ALTER TABLE accounts ADD COLUMN locale TEXT;
