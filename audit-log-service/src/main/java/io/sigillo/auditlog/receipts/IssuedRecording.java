package io.sigillo.auditlog.receipts;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.support.BatchConsumption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the list of every signed message, envelopes included (binding {@code recordIssued-in-0} ←
 * pec.message.signed and pec.receipt.received, in batches), so that any receipt can be found and reproduced; and
 * logs the step of issuing each message signed here, whose announcement is the step's record (ADR 0017).
 */
@Configuration
public class IssuedRecording {

    /** The service that signs what this provider issues: the actor of every step of issuing. */
    static final String RECEIPT_SERVICE = "receipt-service";

    private final IssuedMessages issued;
    private final LogChain chain;
    private final ProviderKey key;
    private final Clock clock;

    public IssuedRecording(IssuedMessages issued, LogChain chain, ProviderKey key, Clock clock) {
        this.issued = issued;
        this.chain = chain;
        this.key = key;
        this.clock = clock;
    }

    @Bean
    public Consumer<List<ProviderMessageSigned>> recordIssued() {
        return batch -> BatchConsumption.write(batch, this::recordAll, signed -> recordAll(List.of(signed)),
                signed -> "announcement " + signed.signedMessageId().value());
    }

    /** Records the signed messages and logs the steps of issuing among them, in one transaction. */
    private void recordAll(List<ProviderMessageSigned> batch) {
        String ourDomain = key.provider().domain();
        Instant now = clock.instant();
        List<AuditEvent> steps = batch.stream().map(signed -> stepOfIssuing(signed, ourDomain))
                .flatMap(Optional::stream).toList();
        chain.appendAll(steps, () -> issued.recordAll(batch, ourDomain, now));
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
