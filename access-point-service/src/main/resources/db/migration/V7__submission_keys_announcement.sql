-- The event a keyed submission announces is kept with its answer until Kafka has it: an access point that dies
-- between the two leaves it here, and the client's retry publishes it again instead of submitting a second message.
-- Each claim has its own token, so a request that outlived a takeover of its key cannot overwrite the new one's row.
ALTER TABLE submission_keys
    ADD COLUMN claim_token        text,
    ADD COLUMN announcement_topic text,
    ADD COLUMN announcement_key   text,
    ADD COLUMN announcement       bytea,
    ADD CONSTRAINT announcement_whole CHECK ((announcement_topic IS NULL) = (announcement IS NULL)
        AND (announcement_key IS NULL) = (announcement IS NULL));
