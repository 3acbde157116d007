package io.sigillo.webmail.console;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Every step the provider's log holds of a message, in order ({@code GET /admin/v1/messages/{id}/trace}).
 *
 * @param messageId         the provider's identifier of the message
 * @param originalMessageId the Message-ID its sender gave the original
 * @param events            the steps
 */
public record MessageTrace(String messageId, String originalMessageId, List<Step> events) {

    public MessageTrace {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** One logged step: what happened, which service did it, for whom, and what it issued. */
    public record Step(String type, String actor, String provider, OffsetDateTime occurredAtUtc, String sender,
            List<String> recipients, String subject, List<String> issuedMessageIds, String detail) {
    }
}
