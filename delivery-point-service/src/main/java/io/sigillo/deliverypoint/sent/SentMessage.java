package io.sigillo.deliverypoint.sent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message its owner sent, followed per recipient.
 *
 * @param id         the acceptance (or non-acceptance) in the owner's mailbox that opens it
 * @param reference  the original's Message-ID, to which every receipt of it refers
 * @param acceptedAt when the acceptance (or refusal) reached the mailbox
 * @param subject    the original's subject, as the signed facts state it
 * @param refused    whether it was refused at acceptance
 * @param recipients each recipient and how far the message went for them
 */
public record SentMessage(UUID id, String reference, Instant acceptedAt, String subject, boolean refused,
        List<RecipientProgress> recipients) {

    public SentMessage {
        recipients = List.copyOf(recipients);
    }

    /**
     * One recipient of a sent message.
     *
     * @param address  the recipient's address
     * @param certified false for an ordinary address, to which no receipt will come
     * @param progress  how far the message went for them
     * @param at        when the receipt that proves it arrived
     * @param receipt   that receipt, in the owner's mailbox
     */
    public record RecipientProgress(String address, boolean certified, Progress progress, Instant at, UUID receipt) {
    }
}
