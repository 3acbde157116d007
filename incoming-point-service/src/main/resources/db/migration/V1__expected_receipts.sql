-- The receipts this provider waits for from other providers: one row per message it signed and recipient at another
-- provider, fed by pec.message.signed. A receipt about anything else is not ours to deliver (ADR 0021).
CREATE TABLE expected_receipts (
    identifier text        NOT NULL,
    recipient  text        NOT NULL CHECK (recipient = lower(recipient)),
    sender     text        NOT NULL CHECK (sender = lower(sender)),
    signed_at  timestamptz NOT NULL,
    PRIMARY KEY (identifier, recipient)
);

-- Forgetting what is no longer expected goes by age.
CREATE INDEX expected_receipts_signed_at ON expected_receipts (signed_at);
