-- Who holds a row's lease: a relay pass writes its own token when it takes the row and finishes the row only while
-- the token is still its own, so a pass that outlived its lease cannot overwrite what another instance did since.
ALTER TABLE outbound_messages ADD COLUMN lease text;
