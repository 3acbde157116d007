-- Idempotency-Key of REST submissions: the first answer to a (sender, key), replayed to a retry of the same request
-- instead of submitting it again. A row without an answer is a submission in progress. Kept a day.
CREATE TABLE submission_keys (
    sender          text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_sha256  text        NOT NULL,
    status          integer,
    content_type    text,
    body            bytea,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (sender, idempotency_key)
);

CREATE INDEX submission_keys_by_age ON submission_keys (created_at);
