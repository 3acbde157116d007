-- Mailboxes of this provider's users and the messages delivered into them.
CREATE TABLE mailboxes (
    address       text        PRIMARY KEY CHECK (address = lower(address)),
    password_hash text        NOT NULL,
    quota_bytes   bigint      NOT NULL CHECK (quota_bytes > 0),
    used_bytes    bigint      NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mailbox_messages (
    id                      uuid        PRIMARY KEY,
    mailbox                 text        NOT NULL REFERENCES mailboxes (address),
    -- Message-ID of the stored message: a redelivered copy of the same message is refused by this key.
    message_id              text        NOT NULL,
    received_at             timestamptz NOT NULL,
    from_address            text,
    subject                 text,
    pec_type                text,
    riferimento_message_id  text,
    size_bytes              bigint      NOT NULL,
    blob_sha256             char(64)    NOT NULL,
    UNIQUE (mailbox, message_id)
);

CREATE INDEX mailbox_messages_newest_first ON mailbox_messages (mailbox, received_at DESC, id);
