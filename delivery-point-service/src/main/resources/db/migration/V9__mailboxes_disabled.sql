-- An operator may disable a mailbox (ADR 0036): from then on its owner logs in nowhere (REST, webmail, IMAP, POP3,
-- SMTP submission), while what is sent to it is still delivered and kept; enabling it again clears the column.
ALTER TABLE mailboxes ADD COLUMN disabled_at timestamptz;
