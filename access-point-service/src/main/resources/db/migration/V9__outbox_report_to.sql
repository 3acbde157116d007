-- Whom a failure is reported to: the PEC sender of ordinary mail to an external recipient, who gets a delivery
-- status notification (RFC 3464) when the relay gives up, as from any mail server. Null for PEC destinations,
-- whose failures the PEC receipts report.
ALTER TABLE outbound_messages ADD COLUMN report_to text;
