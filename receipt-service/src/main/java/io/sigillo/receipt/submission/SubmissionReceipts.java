package io.sigillo.receipt.submission;

import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.NonAcceptanceNotice;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.receipt.signing.ProviderProperties;
import io.sigillo.receipt.signing.SignedMessagePublisher;
import io.sigillo.receipt.signing.StoredOriginals;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.KeyedPublisher;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Answers the access point: an accepted submission gets the acceptance receipt (to the sender) and then the
 * transport envelope (to the certified recipients); a rejected one gets the non-acceptance notice.
 * Functions, routed to by topic from the service's one consumer: {@code signAccepted} ← pec.submission.accepted,
 * {@code signRejected} ← pec.submission.rejected.
 */
@Configuration
public class SubmissionReceipts {

    /** The service whose steps the submission topics announce (its {@code spring.application.name}). */
    private static final String ACCESS_POINT = "access-point-service";

    private final SignedMessagePublisher publisher;
    private final AuditPublisher audit;
    private final StoredOriginals originals;
    private final Provider provider;
    private final KeyedPublisher events;

    public SubmissionReceipts(SignedMessagePublisher publisher, AuditPublisher audit, StoredOriginals originals,
            ProviderProperties provider, KeyedPublisher events) {
        this.publisher = publisher;
        this.events = events;
        this.audit = audit;
        this.originals = originals;
        this.provider = provider.asProvider();
    }

    @Bean
    public Consumer<SubmissionAccepted> signAccepted() {
        // The log's event and both signed messages are sent as they are made and acknowledged together at the end.
        return accepted -> events.together(() -> {
            var facts = accepted.facts();
            // The access point's acceptance is logged here, from its announcement: an access point that dies
            // between announcing and logging cannot leave the log without it.
            audit.recordFor(ACCESS_POINT, AuditEventType.SUBMISSION_ACCEPTED, provider.domain(), facts, null,
                    accepted.acceptedAt());
            // First what can fail for good, so a record parked on the dead-letter topic has issued nothing yet.
            OriginalMessage original = originals.load(accepted.original(), facts.identifier());
            publisher.publish(new AcceptanceReceipt(facts, provider, accepted.acceptedAt()), List.of(facts.sender()),
                    null);
            // Every recipient: the delivery point takes the local ones, the relay the others (external ones as
            // ordinary mail).
            publisher.publish(
                    new TransportEnvelope(facts, provider, accepted.acceptedAt(), original, accepted.receiptType()),
                    accepted.original());
        });
    }

    @Bean
    public Consumer<SubmissionRejected> signRejected() {
        return rejected -> events.together(() -> {
            var facts = rejected.facts();
            if (rejected.error() == PecError.VIRUS) {
                audit.recordFor(ACCESS_POINT, AuditEventType.VIRUS_DETECTED, provider.domain(), facts,
                        rejected.reason(), rejected.rejectedAt());
            }
            audit.recordFor(ACCESS_POINT, AuditEventType.SUBMISSION_REJECTED, provider.domain(), facts,
                    rejected.reason(), rejected.rejectedAt());
            publisher.publish(new NonAcceptanceNotice(facts, provider, rejected.rejectedAt(), rejected.error(),
                    rejected.reason()), List.of(facts.sender()), rejected.reason());
        });
    }
}
