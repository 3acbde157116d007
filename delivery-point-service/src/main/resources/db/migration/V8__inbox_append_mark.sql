-- The last message the delivery point appended to a mailbox's INBOX in Dovecot, as the transaction that recorded its
-- delivery committed it (ADR 0026). An APPEND whose UID follows it at once cannot have been preceded by an attempt
-- that never reached the ledger (a crash, a failed commit), so only a gap costs Dovecot a search for a copy.
ALTER TABLE mailboxes ADD COLUMN inbox_uid_validity bigint, ADD COLUMN inbox_last_uid bigint;
