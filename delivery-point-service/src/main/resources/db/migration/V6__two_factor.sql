-- Two-factor login (TOTP, RFC 6238) of mailbox owners. The secret stays readable, as checking a code needs it; a
-- row with no enabled_at is an enrolment the owner has not confirmed with a first code, and changes nothing.
CREATE TABLE two_factor (
    mailbox     text        PRIMARY KEY REFERENCES mailboxes (address),
    secret      text        NOT NULL,
    enrolled_at timestamptz NOT NULL,
    enabled_at  timestamptz
);

-- Single-use recovery codes, for an owner who lost the phone: SHA-256 only, shown once.
CREATE TABLE recovery_codes (
    mailbox text        NOT NULL REFERENCES two_factor (mailbox) ON DELETE CASCADE,
    sha256  char(64)    NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (mailbox, sha256)
);

-- The last TOTP step each account (a mailbox, or an operator by user name) logged in with: a code is good once.
CREATE TABLE totp_last_steps (
    account   text   PRIMARY KEY,
    last_step bigint NOT NULL
);
