package io.sigillo.deliverypoint.sent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sent message with every receipt and notice of it that its owner's mailbox holds, in the order they arrived.
 *
 * @param message the message, followed per recipient
 * @param steps   its receipts and notices
 */
public record SentTimeline(SentMessage message, List<Step> steps) {

    public SentTimeline {
        steps = List.copyOf(steps);
    }

    /**
     * One receipt or notice.
     *
     * @param id         the message in the owner's mailbox, to open or download
     * @param pecType    its X-Ricevuta value
     * @param receivedAt when it reached the mailbox
     * @param concerning the recipients it reports on
     * @param subject    its own subject
     */
    public record Step(UUID id, String pecType, Instant receivedAt, List<String> concerning, String subject) {

        public Step {
            concerning = List.copyOf(concerning);
        }
    }
}
