-- Sender credentials, a replica of the delivery point's mailboxes fed by pec.mailbox.registered.
CREATE TABLE accounts (
    address       text        PRIMARY KEY CHECK (address = lower(address)),
    password_hash text        NOT NULL,
    active        boolean     NOT NULL,
    updated_at    timestamptz NOT NULL
);
