package io.sigillo.auditlog.trace;

import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.message.NonDeliveryReason;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The delivery point's step of delivering an envelope to one recipient, or failing to, as the log keeps it: taken
 * from the delivery outcome the delivery point publishes for the receipt service (pec.delivery.outcome), which is the
 * step's record since schema 2, as a signed message's announcement is the step of issuing it (ADR 0017).
 */
@Component
public class DeliveryRecording {

    /** The service whose step an outcome records. */
    static final String DELIVERY_POINT = "delivery-point-service";

    private final ProviderKey key;

    public DeliveryRecording(ProviderKey key) {
        this.key = key;
    }

    /** The step an outcome records, if it is the delivery point's and of a schema that carries it. */
    public Optional<AuditEvent> stepOf(DeliveryOutcome outcome) {
        return stepOf(outcome, key.provider().domain());
    }

    /**
     * The step, with the id the delivery point gave it when it published the step itself (before schema 2). An
     * outcome for a virus is the incoming point's, which logs that step as a virus detected, not as a delivery.
     */
    static Optional<AuditEvent> stepOf(DeliveryOutcome outcome, String ourDomain) {
        if (outcome.schemaVersion() < DeliveryOutcome.STEP_IN_ANNOUNCEMENT
                || outcome.failure() == NonDeliveryReason.VIRUS) {
            return Optional.empty();
        }
        NonDeliveryReason failure = outcome.failure();
        return Optional.of(AuditEvent.about(outcome.facts(),
                failure == null ? AuditEventType.DELIVERED : AuditEventType.DELIVERY_FAILED, DELIVERY_POINT, ourDomain,
                List.of(), outcome.recipient() + (failure == null ? "" : ": " + failure.extended()), outcome.at()));
    }
}
