package io.sigillo.support;

import java.nio.charset.StandardCharsets;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

/** Publishes an event to a topic under a key (the PEC identifier), so one message's events stay ordered. */
public class KeyedPublisher {

    private final StreamBridge bridge;

    public KeyedPublisher(StreamBridge bridge) {
        this.bridge = bridge;
    }

    /** Sends {@code event} to {@code destination} (a topic or an output binding); throws when Kafka does not take it. */
    public void publish(String destination, String key, Object event) {
        if (!bridge.send(destination, MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, key.getBytes(StandardCharsets.UTF_8)).build())) {
            throw new IllegalStateException("could not publish to " + destination + " for " + key);
        }
    }
}
