-- The sender-side clock, per certified recipient of each accepted message: a warning after 12 hours without
-- take-in-charge or delivery, a final notice after (about) 24 hours without delivery. Kept in PostgreSQL so
-- that a restart loses no clock.
CREATE TABLE delivery_timers (
    identifier         text        NOT NULL,
    recipient          text        NOT NULL,
    facts              text        NOT NULL,
    accepted_at        timestamptz NOT NULL,
    taken_in_charge_at timestamptz,
    closed_at          timestamptz,
    closed_by          text,
    warned_at          timestamptz,
    expired_at         timestamptz,
    PRIMARY KEY (identifier, recipient)
);

CREATE INDEX delivery_timers_running ON delivery_timers (accepted_at)
    WHERE closed_at IS NULL AND expired_at IS NULL;
