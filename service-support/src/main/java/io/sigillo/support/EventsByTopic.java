package io.sigillo.support;

import io.sigillo.pec.event.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Reads each record as its topic's event ({@link Topics#EVENTS}), for every consumer of the platform, which decodes
 * natively: one reader per topic, made once, instead of the binder's conversion of each record (ADR 0032). Wrapped in
 * Spring Kafka's {@code ErrorHandlingDeserializer}, a record it cannot read reaches the consumer as no value with the
 * failure, and is parked on the dead-letter topic as it came ({@link BatchConsumption} for a batch). Kafka makes it by
 * its class name.
 */
public class EventsByTopic implements Deserializer<Object> {

    private final Map<String, JacksonJsonDeserializer<?>> readers = new HashMap<>();

    /** Reads the records of every topic of the platform. */
    public EventsByTopic() {
        this(Topics.EVENTS);
    }

    /** Reads the records of each topic of {@code eventsByTopic} as its event's JSON. */
    protected EventsByTopic(Map<String, Class<?>> eventsByTopic) {
        eventsByTopic.forEach((topic, type) -> readers.put(topic, new JacksonJsonDeserializer<>(type, false)));
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        JacksonJsonDeserializer<?> reader = readers.get(topic);
        if (reader == null) {
            throw new IllegalArgumentException("no event is read from topic " + topic);
        }
        return reader.deserialize(topic, headers, data);
    }

    @Override
    public void close() {
        readers.values().forEach(JacksonJsonDeserializer::close);
    }
}
