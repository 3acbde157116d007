package io.sigillo.webmail.mailbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sent message and each receipt and notice of it in the mailbox, in the order they arrived.
 *
 * @param message the message, followed per recipient
 * @param steps   its receipts and notices
 */
public record SentTimeline(SentMessage message, List<Step> steps) {

    public SentTimeline {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** One receipt or notice: a message of the mailbox, its type, when it came and whom it reports on. */
    public record Step(UUID id, String pecType, Instant receivedAt, List<String> concerning, String subject) {

        public Step {
            concerning = concerning == null ? List.of() : List.copyOf(concerning);
        }
    }
}
