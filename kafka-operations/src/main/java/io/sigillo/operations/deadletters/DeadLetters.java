package io.sigillo.operations.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A service's dead-letter topic as operators see it: the records not yet replayed, each with where it came from and
 * why it failed, and their replay into their source topic once the cause is fixed. What was replayed is remembered
 * as the offsets of the consumer group {@value #GROUP}, so a record is replayed once.
 */
public final class DeadLetters implements AutoCloseable {

    /** The consumer group whose offsets mark what was replayed. */
    public static final String GROUP = "sigillo-dead-letter-replay";

    private static final Duration POLL = Duration.ofMillis(500);

    /** One record on a dead-letter topic. */
    public record DeadLetter(int partition, long offset, String key, String sourceTopic, String failure,
            Instant parkedAt, byte[] value) {
    }

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * The dead letters of {@code topic} ({@code pec.dlt.<service>}) on the brokers at {@code bootstrapServers}, logged
     * in with {@code login} (empty where the brokers require none).
     */
    public DeadLetters(String bootstrapServers, Map<String, Object> login, String topic) {
        this.topic = topic;
        Properties consumerSettings = new Properties();
        consumerSettings.putAll(login);
        consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties producerSettings = new Properties();
        producerSettings.putAll(login);
        producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The records not replayed yet, oldest first per partition. */
    public List<DeadLetter> pending() {
        List<DeadLetter> found = new ArrayList<>();
        readPending(read -> found.add(read.deadLetter()));
        return found;
    }

    /**
     * Sends every record not replayed yet back to its source topic, with its key, value and headers (not the
     * dead-letter ones), waits for Kafka to take each, then marks them replayed. Returns them.
     */
    public List<DeadLetter> replay() {
        List<DeadLetter> replayed = new ArrayList<>();
        readPending(letter -> {
            ConsumerRecord<byte[], byte[]> record = letter.record();
            if (letter.deadLetter().sourceTopic() == null) {
                throw new IllegalStateException("dead letter " + letter.deadLetter().partition() + "/"
                        + letter.deadLetter().offset() + " does not say which topic it came from");
            }
            ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(letter.deadLetter().sourceTopic(), null,
                    record.key(), record.value());
            for (Header header : record.headers()) {
                if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")) {
                    again.headers().add(header);
                }
            }
            try {
                producer.send(again).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not take the replayed record: " + e.getCause(), e);
            }
            replayed.add(letter.deadLetter());
            // Marked as each is taken, so a replay that stops half-way resumes where it stopped.
            consumer.commitSync(Map.of(new TopicPartition(topic, record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
        });
        return replayed;
    }

    private record Read(DeadLetter deadLetter, ConsumerRecord<byte[], byte[]> record) {
    }

    private void readPending(Consumer<Read> each) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            return;
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata from = committed.get(partition);
            if (from == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, from.offset());
            }
        }
        Map<TopicPartition, Long> remaining = new HashMap<>(ends);
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                Long end = remaining.get(partition);
                if (end == null || record.offset() >= end) {
                    continue;
                }
                each.accept(new Read(new DeadLetter(record.partition(), record.offset(), text(record.key()),
                        header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC), header(record,
                                KafkaHeaders.DLT_EXCEPTION_MESSAGE), Instant.ofEpochMilli(record.timestamp()),
                        record.value()), record));
                if (record.offset() + 1 >= end) {
                    remaining.remove(partition);
                }
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
