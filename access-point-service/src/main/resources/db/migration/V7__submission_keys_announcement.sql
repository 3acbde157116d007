-- The event a keyed submission announces is kept with its answer until Kafka has it: an access point that dies
-- between the two leaves it here, and the client's retry publishes it again instead of submitting a second message.
ALTER TABLE submission_keys
    ADD COLUMN announcement_topic text,
    ADD COLUMN announcement_key   text,
    ADD COLUMN announcement       bytea;
