package io.sigillo.auditlog.trace;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.auditlog.receipts.IssuedRecording;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.support.BatchConsumption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The log's one consumer (binding {@code recordLog-in-0} ← pec.audit.events, pec.message.signed,
 * pec.receipt.received and pec.delivery.outcome, in batches, read by {@code EventsByTopic}). What a poll
 * brings is stored in one transaction: the audit events chained once each, the signed messages listed with the steps
 * of issuing those signed here, and the delivery point's steps from its outcomes (ADR 0017). So the log costs one
 * commit per poll, and one consumer's fetches while the platform is idle (ADR 0020).
 */
@Configuration
public class LogRecording {

    private final LogChain chain;
    private final IssuedRecording issued;
    private final DeliveryRecording deliveries;

    public LogRecording(LogChain chain, IssuedRecording issued, DeliveryRecording deliveries) {
        this.chain = chain;
        this.issued = issued;
        this.deliveries = deliveries;
    }

    @Bean
    public Consumer<List<Object>> recordLog() {
        return batch -> BatchConsumption.write(batch, this::recordAll, record -> recordAll(List.of(record)),
                LogRecording::name);
    }

    /** Chains the poll's steps in the order they came, and lists its signed messages along. */
    private void recordAll(List<Object> batch) {
        List<AuditEvent> steps = new ArrayList<>(batch.size());
        List<ProviderMessageSigned> signed = new ArrayList<>();
        for (Object record : batch) {
            if (record instanceof AuditEvent event) {
                steps.add(event);
            } else if (record instanceof ProviderMessageSigned announcement) {
                signed.add(announcement);
                issued.stepOfIssuing(announcement).ifPresent(steps::add);
            } else if (record instanceof DeliveryOutcome outcome) {
                deliveries.stepOf(outcome).ifPresent(steps::add);
            } else {
                throw new IllegalArgumentException("the log keeps no " + record.getClass().getName());
            }
        }
        chain.appendAll(steps, signed.isEmpty() ? () -> { } : () -> issued.list(signed));
    }

    private static String name(Object record) {
        if (record instanceof AuditEvent event) {
            return "event " + event.eventId();
        }
        if (record instanceof DeliveryOutcome outcome) {
            return "outcome " + outcome.eventId();
        }
        return record instanceof ProviderMessageSigned signed ? "announcement " + signed.signedMessageId().value()
                : String.valueOf(record);
    }
}
