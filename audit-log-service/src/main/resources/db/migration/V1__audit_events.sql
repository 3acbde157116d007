-- The provider's log: one row per event, each stored once, never changed.
CREATE TABLE audit_events (
    event_id            text        PRIMARY KEY,
    seq                 bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
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
    recorded_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_events_by_message ON audit_events (identifier, occurred_at, seq);

-- Append-only: the application may insert, never rewrite history. (Retention drops whole partitions later.)
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_events_no_rewrite BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
