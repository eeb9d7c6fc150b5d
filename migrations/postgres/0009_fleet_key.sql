-- PostgreSQL twin of ../0009_fleet_key.sql: the fleet's install key, wrapped by the fleet key.
CREATE TABLE fleet_install_key (
    id                   BIGINT  PRIMARY KEY CHECK (id = 1),
    wrapped              BYTEA   NOT NULL,
    created_at           BIGINT  NOT NULL
);
