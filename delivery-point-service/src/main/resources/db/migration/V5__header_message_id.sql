-- The Message-ID header of each stored message, by which a mailbox kept in Dovecot finds it (ADR 0026); the
-- message_id column is the signed key, which for a received receipt is not its header.
ALTER TABLE mailbox_messages ADD COLUMN header_message_id text;
