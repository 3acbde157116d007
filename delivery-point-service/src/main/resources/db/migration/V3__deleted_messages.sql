-- What an owner deleted from a mailbox, by its signed key (ADR 0021): a copy of it replayed later, a genuine receipt
-- or envelope sent again, is recognised as delivered already instead of filling the mailbox again. Kept 30 months,
-- as long as the log.
CREATE TABLE deleted_messages (
    mailbox    text        NOT NULL REFERENCES mailboxes (address),
    message_id text        NOT NULL,
    deleted_at timestamptz NOT NULL,
    PRIMARY KEY (mailbox, message_id)
);

CREATE INDEX deleted_messages_deleted_at ON deleted_messages (deleted_at);
