package io.sigillo.support;

import java.util.List;
import java.util.Map;
import org.springframework.cloud.function.context.MessageRoutingCallback;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * Lets a service read the topics it consumes with one Kafka consumer, the binding {@code functionRouter-in-0}: each
 * record goes to the function {@code sigillo.consumption.routes} names for its topic. Each consumer polls, fetches,
 * commits and heartbeats on its own, busy or idle, so one per topic cost the brokers and the service for nothing.
 */
public final class TopicRouting implements MessageRoutingCallback {

    private final Map<String, String> functionsByTopic;

    public TopicRouting(Map<String, String> functionsByTopic) {
        this.functionsByTopic = Map.copyOf(functionsByTopic);
    }

    /**
     * Refuses, at start, a routed binding that reads a topic with no route: its records would otherwise all go to
     * the dead-letter topic.
     */
    public TopicRouting requireRoutesFor(List<String> topics) {
        List<String> missing = topics.stream().filter(topic -> !functionsByTopic.containsKey(topic)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("sigillo.consumption.routes names no function for " + missing);
        }
        return this;
    }

    @Override
    public String routingResult(Message<?> message) {
        Object topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC);
        String function = functionsByTopic.get(topic);
        if (function == null) {
            // A configuration error, not a passing failure: the record goes to the dead-letter topic.
            throw new IllegalStateException("sigillo.consumption.routes names no function for topic " + topic);
        }
        return function;
    }
}
