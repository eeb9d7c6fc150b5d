-- The fleet's install key (issue 10), only used when the store is a shared PostgreSQL server;
-- on SQLite the key stays in install.key next to the database and this table stays empty. It is
-- kept on both backends so that `latchkey store copy` and the schema stay the same.
-- wrapped = nonce (12 bytes) || ChaCha20-Poly1305(fleet key, install key): the database alone
-- cannot open it; every kiosk gets the fleet key through LATCHKEY_FLEET_KEY or its keyring.
CREATE TABLE fleet_install_key (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    wrapped              BLOB    NOT NULL,
    created_at           INTEGER NOT NULL
) STRICT;
