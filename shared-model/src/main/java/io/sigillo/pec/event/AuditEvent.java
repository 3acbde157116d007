package io.sigillo.pec.event;

import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One step of a message's life, for the provider's 30-month log.
 *
 * @param schemaVersion     version of this record's JSON form
 * @param eventId           unique per step, derived from what it records ({@link #stepId}): the log stores each once
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
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        identifier = HeaderText.neutralised(Objects.requireNonNull(identifier, "identifier"));
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        recipients = HeaderText.neutralisedAll(recipients);
        issuedMessageIds = HeaderText.neutralisedAll(issuedMessageIds);
        originalMessageId = HeaderText.neutralised(originalMessageId);
        actor = HeaderText.neutralised(actor);
        provider = HeaderText.neutralised(provider);
        sender = HeaderText.neutralised(sender);
        subject = HeaderText.neutralised(subject);
        detail = HeaderText.neutralised(detail);
    }

    /** The event of a step about the message of {@code facts}. */
    public static AuditEvent about(MessageFacts facts, AuditEventType type, String actor, String provider,
            List<String> issuedMessageIds, String detail, Instant occurredAt) {
        List<String> recipients = facts.recipients().stream().map(Recipient::address).toList();
        return new AuditEvent(SCHEMA_VERSION, stepId(facts.identifier().value(), type, actor, provider, recipients,
                issuedMessageIds, detail), facts.identifier().value(), facts.originalMessageId(), type, actor,
                provider, facts.sender(), recipients, facts.subject(), issuedMessageIds, detail, occurredAt);
    }

    /**
     * The id of a step, derived from what it records and not from when: a handler that runs again after a crash or
     * a redelivery records the same step under the same id, and the log keeps it once.
     */
    public static String stepId(String identifier, AuditEventType type, String actor, String provider,
            List<String> recipients, List<String> issuedMessageIds, String detail) {
        MessageDigest sha = sha256();
        for (String field : List.of(identifier, type.name(), String.valueOf(actor), String.valueOf(provider),
                String.join("\u0001", recipients == null ? List.of() : recipients),
                String.join("\u0001", issuedMessageIds == null ? List.of() : issuedMessageIds),
                String.valueOf(detail))) {
            sha.update(field.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return "step-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
