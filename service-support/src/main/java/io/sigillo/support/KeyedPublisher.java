package io.sigillo.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes an event to a topic under a key (the PEC identifier), so one message's events stay ordered, and returns
 * only once Kafka has acknowledged it (acks=all, idempotent producer), or, within {@link #together}, when the step
 * ends: the offset of the record that caused it is committed afterwards (ADR 0005). It writes with its own producer,
 * not through the stream binder, whose lookup, message conversion and channel cost more than the send itself
 * (ADR 0032).
 */
public class KeyedPublisher implements AutoCloseable {

    private final DefaultKafkaProducerFactory<String, Object> producers;
    private final KafkaTemplate<String, Object> template;
    /** The sends of the step this thread runs in {@link #together}, if any. */
    private final ThreadLocal<List<Unacknowledged>> unacknowledged = new ThreadLocal<>();

    /**
     * A publisher to the brokers at {@code bootstrapServers} with the service's other producer settings
     * {@code clientSettings} (its login and trust store, {@code spring.kafka.producer.*}), writing each event as the
     * JSON {@code json} makes of it.
     */
    public KeyedPublisher(String bootstrapServers, Map<String, Object> clientSettings, JsonMapper json) {
        Map<String, Object> settings = acknowledgedByAll(bootstrapServers, clientSettings);
        // Sent at once, not after Kafka 4's default 5 ms wait for more records to share the request: a handler sends
        // a few events and waits for them, so there is rarely another to wait for (performance.md, step 13).
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
     * The settings of a producer to the brokers at {@code bootstrapServers}, with the service's {@code clientSettings},
     * whose every record is written by all in-sync replicas once and in order (acks=all, idempotent): the events' and
     * the dead letters' ({@link DurableConsumption}).
     */
    static Map<String, Object> acknowledgedByAll(String bootstrapServers, Map<String, Object> clientSettings) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return settings;
    }

    /**
     * Sends {@code event} to {@code topic} under {@code key} and waits for Kafka's acknowledgement (within
     * {@link #together}, until the step ends); throws what Kafka answered (a failure that passes is a
     * {@code RetriableException} among the causes, {@link TransientFailures}).
     */
    public void publish(String topic, String key, Object event) {
        CompletableFuture<?> sent;
        try {
            sent = template.send(new ProducerRecord<>(topic, key, event));
        } catch (KafkaException e) {
            // Refused before it was sent: no metadata for the topic in time, an event that cannot be written.
            throw notPublished(topic, key, e);
        }
        List<Unacknowledged> step = unacknowledged.get();
        if (step != null) {
            step.add(new Unacknowledged(topic, key, sent));
        } else {
            new Unacknowledged(topic, key, sent).await();
        }
    }

    /**
     * Runs {@code step}, sending what it publishes at once and waiting for every acknowledgement when it ends, so that
     * each one's round trip to the brokers overlaps the step's work instead of holding it up; throws the first failure
     * among them. The record that caused the step is still committed only once all are acknowledged (ADR 0005); if
     * one failed, the step is handled again, and every consumer already takes a repeated event as one.
     */
    public void together(Runnable step) {
        if (unacknowledged.get() != null) {
            step.run();
            return;
        }
        List<Unacknowledged> sent = new ArrayList<>();
        unacknowledged.set(sent);
        try {
            step.run();
        } finally {
            unacknowledged.remove();
        }
        RuntimeException first = null;
        for (Unacknowledged publication : sent) {
            try {
                publication.await();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A send not acknowledged yet. */
    private record Unacknowledged(String topic, String key, CompletableFuture<?> sent) {

        void await() {
            try {
                sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing to " + topic + " for " + key, e);
            } catch (ExecutionException e) {
                throw notPublished(topic, key, e.getCause());
            }
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
