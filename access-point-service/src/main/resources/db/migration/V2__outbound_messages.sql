-- The relay's outbox: one row per signed message and destination (another provider, or an external domain),
-- kept until the other side answered 250, retried with backoff, and visible to operators when it gives up.
CREATE TABLE outbound_messages (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier        text        NOT NULL,
    signed_message_id text        NOT NULL,
    type              text        NOT NULL,
    destination       text        NOT NULL,
    certified         boolean     NOT NULL,
    mail_host         text,
    mail_from         text        NOT NULL,
    rcpt_to           text[]      NOT NULL,
    blob_sha256       text        NOT NULL,
    blob_size         bigint      NOT NULL,
    status            text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    last_error        text,
    created_at        timestamptz NOT NULL,
    sent_at           timestamptz,
    UNIQUE (signed_message_id, destination)
);

CREATE INDEX outbound_messages_due ON outbound_messages (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbound_messages_by_message ON outbound_messages (identifier);
