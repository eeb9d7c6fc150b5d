-- Roles, invite codes and account locks (issue 13). Times are Unix epoch milliseconds.

-- An account's roles (names from the config's `roles` list; `admin` is built in).
CREATE TABLE account_roles (
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role                 TEXT    NOT NULL,
    granted_at           INTEGER NOT NULL,
    PRIMARY KEY (account_id, role)
) STRICT;
CREATE INDEX account_roles_by_role ON account_roles (role);

-- Invite codes: 8 Crockford base32 characters, stored canonical (upper case, no dash). Not
-- secrets (people hand them to each other); redemption is throttled. `kind` 'personal' is an
-- account's own code (owner_id, unlimited uses, grants no role); 'admin' was made by an
-- administrator (created_by) with roles, an expiry, a use limit and maybe a bound address.
CREATE TABLE invites (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT    NOT NULL UNIQUE,
    kind                 TEXT    NOT NULL CHECK (kind IN ('personal', 'admin')),
    owner_id             INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    created_by           INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    roles                TEXT    NOT NULL DEFAULT '',   -- comma-separated role names
    bound_email_key      TEXT,                          -- case-folded address, or NULL
    max_uses             INTEGER,                       -- NULL: unlimited
    uses                 INTEGER NOT NULL DEFAULT 0,
    expires_at           INTEGER,
    revoked_at           INTEGER,
    created_at           INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX invites_personal_owner ON invites (owner_id) WHERE kind = 'personal';

-- Who redeemed which invite, when. An account is "invited by" at most one personal code.
CREATE TABLE invite_redemptions (
    id                   INTEGER PRIMARY KEY,
    invite_id            INTEGER NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    personal             INTEGER NOT NULL DEFAULT 0,    -- 1 when the invite is a personal code
    redeemed_at          INTEGER NOT NULL,
    UNIQUE (invite_id, account_id)
) STRICT;
CREATE UNIQUE INDEX invite_redemptions_one_inviter ON invite_redemptions (account_id) WHERE personal = 1;
CREATE INDEX invite_redemptions_by_invite ON invite_redemptions (invite_id, redeemed_at);

-- Locked accounts: cannot sign in (answered like a wrong password) until unlocked or until
-- locked_until passes. notice_sent_at: the last "your account is locked" email (at most hourly).
CREATE TABLE account_locks (
    account_id           INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    locked_at            INTEGER NOT NULL,
    locked_until         INTEGER,
    locked_by            INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    reason               TEXT    NOT NULL DEFAULT '',
    notice_sent_at       INTEGER
) STRICT;
