package io.sigillo.deliverypoint.audit;

import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.message.MessageFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/** Publishes the delivery point's steps to the provider's log. */
@Component
public class AuditPublisher {

    private static final String ACTOR = "delivery-point-service";

    private final StreamBridge bridge;

    public AuditPublisher(StreamBridge bridge) {
        this.bridge = bridge;
    }

    /** Records that {@code type} happened to the message of {@code facts}. */
    public void record(AuditEventType type, String provider, MessageFacts facts, String detail, Instant at) {
        AuditEvent event = AuditEvent.about(facts, type, ACTOR, provider, List.of(), detail, at);
        bridge.send(Topics.AUDIT_EVENTS, MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, event.identifier().getBytes(StandardCharsets.UTF_8)).build());
    }
}
