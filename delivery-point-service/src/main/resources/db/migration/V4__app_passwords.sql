-- App passwords: one per mail client of a mailbox, shown to the owner once and kept as the SHA-256 of a random
-- secret (ADR 0025). Revoking one deletes its row.
CREATE TABLE app_passwords (
    id           uuid        PRIMARY KEY,
    mailbox      text        NOT NULL REFERENCES mailboxes (address),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    sha256       char(64)    NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz
);

CREATE INDEX app_passwords_mailbox ON app_passwords (mailbox, created_at);
