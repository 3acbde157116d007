-- Every signed message this provider issued (and every one it received from another provider), with where its
-- bytes are in the blob store: what compliance staff list per message and reproduce. Kept as long as the log.
CREATE TABLE issued_messages (
    signed_message_id text        PRIMARY KEY,
    identifier        text        NOT NULL,
    type              text        NOT NULL,
    issuer            text,
    ours              boolean     NOT NULL,
    blob_sha256       text        NOT NULL,
    blob_size         bigint      NOT NULL,
    deliver_to        text[]      NOT NULL,
    concerning        text[]      NOT NULL,
    signed_at         timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL
);

CREATE INDEX issued_messages_by_message ON issued_messages (identifier, signed_at);
CREATE INDEX issued_messages_by_age ON issued_messages (recorded_at);
