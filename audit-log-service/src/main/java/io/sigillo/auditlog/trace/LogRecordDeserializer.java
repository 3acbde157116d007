package io.sigillo.auditlog.trace;

import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Reads a record of the log's consumer as its topic's event: an {@link AuditEvent} from pec.audit.events, a
 * {@link DeliveryOutcome} from pec.delivery.outcome, a {@link ProviderMessageSigned} from the topics of signed
 * messages. Wrapped in Spring Kafka's
 * {@code ErrorHandlingDeserializer}, so that a record it cannot read reaches the consumer as no value and is parked.
 */
public class LogRecordDeserializer implements Deserializer<Object> {

    private final JacksonJsonDeserializer<AuditEvent> events = new JacksonJsonDeserializer<>(AuditEvent.class, false);
    private final JacksonJsonDeserializer<ProviderMessageSigned> announcements =
            new JacksonJsonDeserializer<>(ProviderMessageSigned.class, false);
    private final JacksonJsonDeserializer<DeliveryOutcome> outcomes =
            new JacksonJsonDeserializer<>(DeliveryOutcome.class, false);

    @Override
    public Object deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        if (Topics.AUDIT_EVENTS.equals(topic)) {
            return events.deserialize(topic, headers, data);
        }
        return Topics.DELIVERY_OUTCOME.equals(topic) ? outcomes.deserialize(topic, headers, data)
                : announcements.deserialize(topic, headers, data);
    }

    @Override
    public void close() {
        events.close();
        announcements.close();
        outcomes.close();
    }
}
