package io.sigillo.auditlog.receipts;

import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.ProviderMessageSigned;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the log keeps of each signed message's announcement (pec.message.signed and pec.receipt.received, read by
 * the log's consumer, {@code LogRecording}): the list of every signed message, envelopes included, so that any
 * receipt can be found and reproduced; and the step of issuing each message signed here, whose announcement is the
 * step's record (ADR 0017).
 */
@Component
public class IssuedRecording {

    /** The service that signs what this provider issues: the actor of every step of issuing. */
    static final String RECEIPT_SERVICE = "receipt-service";

    private final IssuedMessages issued;
    private final ProviderKey key;
    private final Clock clock;

    public IssuedRecording(IssuedMessages issued, ProviderKey key, Clock clock) {
        this.issued = issued;
        this.key = key;
        this.clock = clock;
    }

    /** Lists the signed messages, within the transaction that logs their steps. */
    public void list(List<ProviderMessageSigned> batch) {
        issued.recordAll(batch, key.provider().domain(), clock.instant());
    }

    /** The step of issuing an announced message, when this provider signed it. */
    public Optional<AuditEvent> stepOfIssuing(ProviderMessageSigned signed) {
        return stepOfIssuing(signed, key.provider().domain());
    }

    /**
     * The log's step of issuing a message signed here, with the id the receipt service gave it when it published
     * the step itself (before schema 4, whose announcements came with their own audit event); nothing for one
     * received from another provider, which the incoming point logs as received.
     */
    static Optional<AuditEvent> stepOfIssuing(ProviderMessageSigned signed, String ourDomain) {
        if (signed.schemaVersion() < ProviderMessageSigned.STEP_IN_ANNOUNCEMENT
                || !ourDomain.equalsIgnoreCase(signed.issuer())) {
            return Optional.empty();
        }
        return Optional.of(AuditEvent.about(signed.facts(), AuditEventType.issuing(signed.type()), RECEIPT_SERVICE,
                signed.issuer(), List.of(signed.signedMessageId().value()), signed.detail(), signed.signedAt()));
    }
}
