-- The 30-month log, tamper-evident and partitioned by month.
-- Each month is its own hash chain: every row carries the hash of the previous row of its month and its own
-- hash over its content; chain_heads holds each month's last link; seals hold signed chain heads. Retention
-- drops whole months (partition and chain together), so the remaining chains stay whole.

ALTER TABLE audit_events RENAME TO audit_events_v1;
ALTER INDEX audit_events_by_message RENAME TO audit_events_v1_by_message;

CREATE TABLE audit_events (
    month               date        NOT NULL,
    chain_seq           bigint      NOT NULL,
    event_id            text        NOT NULL,
    identifier          text        NOT NULL,
    original_message_id text,
    type                text        NOT NULL,
    actor               text        NOT NULL,
    provider            text,
    sender              text,
    recipients          text[]      NOT NULL DEFAULT '{}',
    subject             text,
    issued_message_ids  text[]      NOT NULL DEFAULT '{}',
    detail              text,
    occurred_at         timestamptz NOT NULL,
    recorded_at         timestamptz NOT NULL,
    prev_hash           text        NOT NULL,
    hash                text        NOT NULL,
    PRIMARY KEY (month, chain_seq)
) PARTITION BY RANGE (month);

CREATE INDEX audit_events_by_message ON audit_events (identifier, occurred_at, chain_seq);
CREATE INDEX audit_events_by_time ON audit_events (occurred_at);

-- Append-only, partitions included; the retention job drops whole partitions (DDL, not row deletes).
CREATE TRIGGER audit_events_no_rewrite BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- Each event id once, across months (a partitioned table's keys must include the month).
CREATE TABLE audit_event_ids (
    event_id text PRIMARY KEY,
    month    date NOT NULL
);
CREATE INDEX audit_event_ids_by_month ON audit_event_ids (month);

CREATE TABLE chain_heads (
    month     date   PRIMARY KEY,
    chain_seq bigint NOT NULL,
    hash      text   NOT NULL
);

CREATE TABLE seals (
    month      date        NOT NULL,
    chain_seq  bigint      NOT NULL,
    head_hash  text        NOT NULL,
    sealed_at  timestamptz NOT NULL,
    signer     text        NOT NULL,
    signature  bytea       NOT NULL,
    PRIMARY KEY (month, chain_seq)
);
