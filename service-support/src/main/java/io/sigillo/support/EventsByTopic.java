package io.sigillo.support;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Reads each record of a consumer subscribed to several topics as its topic's event, for a binding in batch mode
 * that decodes natively: wrapped in Spring Kafka's {@code ErrorHandlingDeserializer}, a record it cannot read reaches
 * the consumer as no value and is parked ({@link BatchConsumption}), where a batch's own conversion would drop it
 * without a word. A subclass names the event of each topic; Kafka makes it by its class name.
 */
public abstract class EventsByTopic implements Deserializer<Object> {

    private final Map<String, JacksonJsonDeserializer<?>> readers = new HashMap<>();

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
