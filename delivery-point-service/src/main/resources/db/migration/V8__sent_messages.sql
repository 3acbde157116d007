-- What a receipt or notice in its sender's mailbox reports on, so that the owner's sent messages can be followed
-- per recipient from the receipts that prove each step (issue 15): the recipients a receipt covers (for an
-- acceptance or non-acceptance, all of the original's), those of them that are ordinary mail (acceptance only),
-- and the original's subject as the signed facts state it. Null for rows written before, and for envelopes.
ALTER TABLE mailbox_messages
    ADD COLUMN concerning          text[],
    ADD COLUMN external_recipients text[],
    ADD COLUMN original_subject    text;

-- A sent message's receipts, found by the Message-ID they all refer to.
CREATE INDEX mailbox_messages_by_reference ON mailbox_messages (mailbox, riferimento_message_id)
    WHERE riferimento_message_id IS NOT NULL;

-- The sent messages of a mailbox, newest first: one acceptance (or non-acceptance) each.
CREATE INDEX mailbox_messages_sent ON mailbox_messages (mailbox, received_at DESC, id)
    WHERE pec_type IN ('accettazione', 'non-accettazione');
