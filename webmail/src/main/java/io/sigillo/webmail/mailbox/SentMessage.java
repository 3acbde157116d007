package io.sigillo.webmail.mailbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message the owner sent, followed per recipient, as the delivery point answers it.
 *
 * @param id         its acceptance (or non-acceptance) in the mailbox
 * @param reference  the original's Message-ID
 * @param acceptedAt when the acceptance arrived
 * @param subject    the original's subject
 * @param refused    refused at acceptance
 * @param recipients each recipient and how far it went for them
 */
public record SentMessage(UUID id, String reference, Instant acceptedAt, String subject, boolean refused,
        List<RecipientProgress> recipients) {

    public SentMessage {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * One recipient: how far the message went for them, and the receipt that proves it.
     *
     * @param address   the address
     * @param certified false for ordinary mail
     * @param progress  REFUSED, ACCEPTED, SENT_AS_ORDINARY_MAIL, WARNED, DELIVERED or NOT_DELIVERED
     * @param at        when that receipt arrived
     * @param receipt   that receipt, a message of the mailbox
     */
    public record RecipientProgress(String address, boolean certified, String progress, Instant at, UUID receipt) {

        /** Whether the step is a failure the sender must act on. */
        public boolean failed() {
            return "NOT_DELIVERED".equals(progress) || "REFUSED".equals(progress);
        }
    }
}
