package io.sigillo.auditlog.trace;

import io.sigillo.pec.format.PecTimestamp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Compliance staff read a message's trace: every step, in order, with UTC and Italian times. */
@RestController
public class TraceController {

    private final AuditLog log;

    public TraceController(AuditLog log) {
        this.log = log;
    }

    /** The trace document. */
    public record Trace(String messageId, String originalMessageId, List<Step> events) {

        /** The trace of a message from its log entries, of which at least one is a step of its path. */
        static Trace of(String messageId, List<AuditLog.Entry> entries) {
            // A staff call logged first carries no original Message-ID: take the first step that does.
            String originalMessageId = entries.stream().map(AuditLog.Entry::originalMessageId)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            return new Trace(messageId, originalMessageId, entries.stream().map(e -> new Step(
                    e.type(), e.actor(), e.provider(), e.occurredAt().withOffsetSameInstant(ZoneOffset.UTC),
                    e.occurredAt().atZoneSameInstant(PecTimestamp.ROME), e.sender(), e.recipients(), e.subject(),
                    e.issuedMessageIds(), e.detail())).toList());
        }
    }

    /** One step. */
    public record Step(String type, String actor, String provider, OffsetDateTime occurredAtUtc,
            ZonedDateTime occurredAtRome, String sender, List<String> recipients, String subject,
            List<String> issuedMessageIds, String detail) {
    }

    /** 404 when the log knows nothing of the identifier. */
    @Operation(summary = "Every logged step of a message",
            description = "In order, with UTC and Europe/Rome times. The log records each step from the event the "
                    + "service publishes, a moment later: up to a second when the platform is quiet, more under "
                    + "a backlog.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the trace")
    @ApiResponse(responseCode = "403", description = "operators may only verify the log",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "the log knows nothing of this identifier",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/messages/{messageId}/trace")
    public Trace trace(@PathVariable String messageId) {
        return Trace.of(messageId, stepsOf(log, messageId));
    }

    /**
     * Every log entry of a known message, staff calls included; unknown when no step of its path is logged, so that
     * looking an identifier up (which the log records) never makes it a message.
     */
    static List<AuditLog.Entry> stepsOf(AuditLog log, String messageId) {
        List<AuditLog.Entry> entries = log.trace(messageId);
        if (entries.stream().noneMatch(AuditLog.Entry::stepOfPath)) {
            throw new UnknownMessageException(messageId);
        }
        return entries;
    }

    /** No event of that message in the log. */
    public static class UnknownMessageException extends RuntimeException {
        public UnknownMessageException(String messageId) {
            super("the log holds no event of message " + messageId);
        }
    }
}
