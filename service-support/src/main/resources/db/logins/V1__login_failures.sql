-- Failed HTTP logins, shared by every replica of every service of the provider (ADR 0021): a guesser spread over
-- replicas gets no more attempts than one aimed at a single one. Keys are SHA-256 digests of the lower-cased account
-- or client address, so any text fits and no user name is stored.
CREATE TABLE login_failures (
    kind         text        NOT NULL CHECK (kind IN ('ACCOUNT', 'ADDRESS')),
    key_sha256   char(64)    NOT NULL,
    failures     integer     NOT NULL CHECK (failures > 0),
    last_at      timestamptz NOT NULL,
    locked_until timestamptz,
    PRIMARY KEY (kind, key_sha256)
);

-- Forgetting the quiet ones goes by age.
CREATE INDEX login_failures_last_at ON login_failures (last_at);
