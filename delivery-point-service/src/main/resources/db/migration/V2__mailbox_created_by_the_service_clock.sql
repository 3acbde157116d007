-- A mailbox is dated by the service's clock, like everything else it records, not by the database's.
ALTER TABLE mailboxes ALTER COLUMN created_at DROP DEFAULT;
