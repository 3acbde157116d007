package io.sigillo.pec.event;

import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.Objects;

/**
 * One step of a message's life, for the provider's 30-month log.
 *
 * @param schemaVersion     version of this record's JSON form
 * @param eventId           unique per event: the log stores each once
 * @param identifier        the PEC message identifier
 * @param originalMessageId the user's Message-ID
 * @param type              what happened
 * @param actor             the service that saw it happen
 * @param provider          the domain of the provider whose log this is
 * @param sender            the sender's address
 * @param recipients        the recipients concerned
 * @param subject           the original subject
 * @param issuedMessageIds  the Message-IDs of receipts or envelopes issued at this step
 * @param detail            a reason or remark, may be null
 * @param occurredAt        when
 */
public record AuditEvent(int schemaVersion, String eventId, String identifier, String originalMessageId,
        AuditEventType type, String actor, String provider, String sender, List<String> recipients, String subject,
        List<String> issuedMessageIds, String detail, Instant occurredAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        issuedMessageIds = issuedMessageIds == null ? List.of() : List.copyOf(issuedMessageIds);
    }

    /** A fresh event about the message of {@code facts}. */
    public static AuditEvent about(MessageFacts facts, AuditEventType type, String actor, String provider,
            List<String> issuedMessageIds, String detail, Instant occurredAt) {
        return new AuditEvent(SCHEMA_VERSION, UUID.randomUUID().toString(), facts.identifier().value(),
                facts.originalMessageId(), type, actor, provider, facts.sender(),
                facts.recipients().stream().map(Recipient::address).toList(), facts.subject(), issuedMessageIds, detail,
                occurredAt);
    }
}
