-- The client certificates bound to each account, as the delivery point announces them (ADR 0028): a JSON array of
-- {sha256, expiresAt}. A login by certificate looks its SHA-256 up in all accounts, hence the index.
ALTER TABLE accounts ADD COLUMN client_certificates jsonb NOT NULL DEFAULT '[]';

CREATE INDEX accounts_client_certificates ON accounts USING gin (client_certificates jsonb_path_ops);
