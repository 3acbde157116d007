package io.sigillo.auditlog.trace;

import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.EventsByTopic;
import java.util.Map;

/**
 * Reads a record of the log's consumer as its topic's event: an {@link AuditEvent} from pec.audit.events, a
 * {@link DeliveryOutcome} from pec.delivery.outcome, a {@link ProviderMessageSigned} from the topics of signed
 * messages.
 */
public class LogRecordDeserializer extends EventsByTopic {

    public LogRecordDeserializer() {
        super(Map.of(Topics.AUDIT_EVENTS, AuditEvent.class, Topics.DELIVERY_OUTCOME, DeliveryOutcome.class,
                Topics.MESSAGE_SIGNED, ProviderMessageSigned.class, Topics.RECEIPT_RECEIVED,
                ProviderMessageSigned.class));
    }
}
