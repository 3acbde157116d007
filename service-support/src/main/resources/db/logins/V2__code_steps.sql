-- The last step of an authenticator app's codes each account used (ADR 0036), so that a code is good once across
-- every replica: a code seen over a shoulder or in a log does not log in again. Keys are SHA-256 digests of the
-- account, as for failures.
CREATE TABLE code_steps (
    account_sha256 char(64) PRIMARY KEY,
    last_step      bigint   NOT NULL
);
