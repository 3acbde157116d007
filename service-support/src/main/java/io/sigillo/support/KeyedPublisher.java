package io.sigillo.support;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes an event to a topic under a key (the PEC identifier), so one message's events stay ordered, and returns
 * only once Kafka has acknowledged it (acks=all, idempotent producer): the offset of the record that caused it is
 * committed afterwards (ADR 0005). It writes with its own producer, not through the stream binder, whose lookup,
 * message conversion and channel cost more than the send itself (ADR 0032).
 */
public class KeyedPublisher implements AutoCloseable {

    private final DefaultKafkaProducerFactory<String, Object> producers;
    private final KafkaTemplate<String, Object> template;

    /**
     * A publisher to the brokers at {@code bootstrapServers} with the service's other producer settings
     * {@code clientSettings} (its login and trust store, {@code spring.kafka.producer.*}), writing each event as the
     * JSON {@code json} makes of it.
     */
    public KeyedPublisher(String bootstrapServers, Map<String, Object> clientSettings, JsonMapper json) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Sent at once, not after Kafka 4's default 5 ms wait for more records to share the request: each caller
        // waits for its acknowledgement before it sends the next, so there is rarely another to wait for.
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producers = new DefaultKafkaProducerFactory<>(settings, new StringSerializer(),
                new JacksonJsonSerializer<>(json).noTypeInfo());
        this.template = new KafkaTemplate<>(producers);
        // The caller hears of a failure and says what it was doing; the default listener would log each event's
        // content, a mailbox's password hash among them.
        template.setProducerListener(new ProducerListener<>() {
        });
    }

    /**
     * Sends {@code event} to {@code topic} under {@code key} and waits for Kafka's acknowledgement; throws what Kafka
     * answered (a failure that passes is a {@code RetriableException} among the causes, {@link TransientFailures}).
     */
    public void publish(String topic, String key, Object event) {
        try {
            template.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic + " for " + key, e);
        } catch (ExecutionException e) {
            throw notPublished(topic, key, e.getCause());
        } catch (KafkaException e) {
            // Refused before it was sent: no metadata for the topic in time, an event that cannot be written.
            throw notPublished(topic, key, e);
        }
    }

    private static IllegalStateException notPublished(String topic, String key, Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return new IllegalStateException("could not publish to " + topic + " for " + key + ": "
                + cause.getMessage(), failure);
    }

    /** Sends what is still buffered and closes the producer. */
    @Override
    public void close() {
        producers.destroy();
    }
}
