package io.sigillo.webmail.console;

import java.time.Instant;

/** A message the provider's log knows, as its search lists it ({@code GET /admin/v1/messages}). */
public record LoggedMessage(String messageId, String originalMessageId, String sender, String subject,
        Instant firstEventAt, Instant lastEventAt, long events) {
}
