-- What mail clients may log in with, as the delivery point announces it (ADR 0025): the app passwords' hashes
-- and expiries, and whether the owner uses two-factor login (then the main password alone no longer serves them).
ALTER TABLE accounts ADD COLUMN app_passwords jsonb NOT NULL DEFAULT '[]';
ALTER TABLE accounts ADD COLUMN two_factor boolean NOT NULL DEFAULT false;
