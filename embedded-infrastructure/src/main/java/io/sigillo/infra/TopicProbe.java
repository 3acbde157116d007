package io.sigillo.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes raw records to a topic and reads them back, as a test sees the platform from outside. */
public final class TopicProbe {

    private final String bootstrapServers;

    /** A probe on the given broker. */
    public TopicProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record and waits for the broker to acknowledge it. */
    public void send(String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match, or the timeout passes; returns
     * what matched.
     */
    public List<ConsumerRecord<String, byte[]>> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
            int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "probe-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
