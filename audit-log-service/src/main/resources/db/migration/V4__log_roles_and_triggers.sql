-- Who may change the log (ADR 0022). The service runs as a role that may read and append, nothing else: the tables
-- belong to the role Flyway migrates with. What the service must do beyond appending (a month's partition, a moving
-- chain head, retention after 30 months) goes through the functions below, which run as the owner and do only that.
-- Triggers guard every table of the log as well, so that even the owner cannot rewrite a row by mistake.

-- Set by the maintenance functions for the length of their own work: row deletes outside them are refused.
CREATE FUNCTION log_in_maintenance() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('sigillo.log_maintenance', true), '') = 'on'
$$;

CREATE FUNCTION log_rows_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND log_in_maintenance() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is part of the log: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE FUNCTION log_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.month = OLD.month AND NEW.chain_seq > OLD.chain_seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a chain head only moves forward: month % from % to %', OLD.month, OLD.chain_seq, NEW.chain_seq;
END;
$$;

CREATE FUNCTION log_not_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is part of the log: TRUNCATE refused', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER audit_event_ids_stay BEFORE UPDATE OR DELETE ON audit_event_ids
    FOR EACH ROW EXECUTE FUNCTION log_rows_stay();
CREATE TRIGGER seals_stay BEFORE UPDATE OR DELETE ON seals
    FOR EACH ROW EXECUTE FUNCTION log_rows_stay();
CREATE TRIGGER issued_messages_stay BEFORE UPDATE OR DELETE ON issued_messages
    FOR EACH ROW EXECUTE FUNCTION log_rows_stay();
CREATE TRIGGER chain_heads_stay BEFORE DELETE ON chain_heads
    FOR EACH ROW EXECUTE FUNCTION log_rows_stay();
CREATE TRIGGER chain_heads_forward BEFORE UPDATE ON chain_heads
    FOR EACH ROW EXECUTE FUNCTION log_head_moves_forward();

CREATE TRIGGER audit_events_not_truncated BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION log_not_truncated();
CREATE TRIGGER audit_event_ids_not_truncated BEFORE TRUNCATE ON audit_event_ids
    FOR EACH STATEMENT EXECUTE FUNCTION log_not_truncated();
CREATE TRIGGER chain_heads_not_truncated BEFORE TRUNCATE ON chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION log_not_truncated();
CREATE TRIGGER seals_not_truncated BEFORE TRUNCATE ON seals
    FOR EACH STATEMENT EXECUTE FUNCTION log_not_truncated();
CREATE TRIGGER issued_messages_not_truncated BEFORE TRUNCATE ON issued_messages
    FOR EACH STATEMENT EXECUTE FUNCTION log_not_truncated();

-- A month's partition, created ahead of time by the service.
CREATE FUNCTION log_create_month(month date) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
BEGIN
    IF month <> date_trunc('month', month)::date THEN
        RAISE EXCEPTION 'not the first day of a month: %', month;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
        'audit_events_' || to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date);
END;
$$;

-- Retention: a whole month goes, its partition, chain head, seals and event ids together, never a single row.
CREATE FUNCTION log_drop_month(month date) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM set_config('sigillo.log_maintenance', 'on', true);
    EXECUTE format('DROP TABLE IF EXISTS %I', 'audit_events_' || to_char(month, 'YYYY_MM'));
    DELETE FROM audit_event_ids WHERE audit_event_ids.month = log_drop_month.month;
    DELETE FROM chain_heads WHERE chain_heads.month = log_drop_month.month;
    DELETE FROM seals WHERE seals.month = log_drop_month.month;
    PERFORM set_config('sigillo.log_maintenance', 'off', true);
END;
$$;

-- Retention of the list of signed messages, kept as long as the log; returns how many rows went.
CREATE FUNCTION log_forget_issued(cutoff timestamptz) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
DECLARE
    gone integer;
BEGIN
    PERFORM set_config('sigillo.log_maintenance', 'on', true);
    DELETE FROM issued_messages WHERE recorded_at < cutoff;
    GET DIAGNOSTICS gone = ROW_COUNT;
    PERFORM set_config('sigillo.log_maintenance', 'off', true);
    RETURN gone;
END;
$$;

-- The log kept before chaining (V2), once its events are in the chained log.
CREATE FUNCTION log_drop_unchained() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
BEGIN
    DROP TABLE IF EXISTS audit_events_v1;
END;
$$;

REVOKE ALL ON FUNCTION log_create_month(date), log_drop_month(date), log_forget_issued(timestamptz),
    log_drop_unchained() FROM PUBLIC;

-- The service's own role, when it is not the one migrating (spring.flyway.user set apart from the datasource's).
DO $$
DECLARE
    writer text := '${writer}';
BEGIN
    IF writer = '' OR writer = current_user THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), writer);
    EXECUTE format('GRANT SELECT, INSERT ON audit_events, audit_event_ids, chain_heads, seals, issued_messages TO %I',
        writer);
    EXECUTE format('GRANT UPDATE (chain_seq, hash) ON chain_heads TO %I', writer);
    EXECUTE format('GRANT EXECUTE ON FUNCTION log_create_month(date), log_drop_month(date), '
        || 'log_forget_issued(timestamptz), log_drop_unchained() TO %I', writer);
    IF to_regclass('audit_events_v1') IS NOT NULL THEN
        EXECUTE format('GRANT SELECT ON audit_events_v1 TO %I', writer);
    END IF;
END;
$$;
