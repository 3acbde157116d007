package io.sigillo.operations.deadletters;

import io.sigillo.operations.kafka.PlatformGrants;
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
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The dead-letter topics ({@code pec.dlt.<service>}) as operators see them: the records not yet replayed, each with
 * where it came from and why it failed, and their replay into their source topic once the cause is fixed. What was
 * replayed is remembered as the offsets of the consumer group {@value PlatformGrants#REPLAY_GROUP}, so a record is
 * replayed once. Not thread-safe: one per command or page.
 */
public final class DeadLetters implements AutoCloseable {

    /** The consumer group whose offsets mark what was replayed. */
    public static final String GROUP = PlatformGrants.REPLAY_GROUP;

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /**
     * The longest a read waits for records it knows are there: a broker that stops answering mid-read ends it, a
     * long replay that keeps going does not.
     */
    private static final Duration READING = Duration.ofSeconds(30);

    /** One record on a dead-letter topic. */
    public record DeadLetter(int partition, long offset, String key, String sourceTopic, String failure,
            Instant parkedAt, byte[] value) {
    }

    /**
     * A replay stopped part-way, by a record Kafka would not take or by Kafka itself; what it replayed before is
     * marked, and every record not replayed yet waits for the next replay.
     */
    public static final class ReplayStopped extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final transient List<DeadLetter> replayed;

        ReplayStopped(List<DeadLetter> replayed, String why, Throwable cause) {
            super(why, cause);
            this.replayed = List.copyOf(replayed);
        }

        /** What was replayed before it stopped. */
        public List<DeadLetter> replayed() {
            return replayed;
        }
    }

    private final Map<String, Object> settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * The dead letters on the brokers at {@code bootstrapServers}, logged in with {@code login} (empty where the
     * brokers require none).
     */
    public DeadLetters(String bootstrapServers, Map<String, Object> login) {
        this.settings = new HashMap<>(login);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Properties consumerSettings = new Properties();
        consumerSettings.putAll(settings);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerSettings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER.toMillis());
        this.consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The first records of a topic not replayed yet, and how many there are in all. */
    public record Pending(List<DeadLetter> first, long total) {
    }

    /** The records of {@code topic} not replayed yet, oldest first per partition. */
    public List<DeadLetter> pending(String topic) {
        return pending(topic, Integer.MAX_VALUE).first();
    }

    /**
     * At most {@code limit} of the records of {@code topic} not replayed yet, oldest first per partition (from each
     * partition, those read are the oldest ones), and their total, counted without reading the rest: a flood of dead
     * letters is when an operator looks, and it need not be held in memory.
     */
    public Pending pending(String topic, int limit) {
        List<DeadLetter> found = new ArrayList<>();
        long total = readPending(topic, letter -> {
            found.add(letter.deadLetter());
            return true;
        }, () -> found.size() >= limit);
        return new Pending(found, total);
    }

    /** Replays every record of {@code topic} not replayed yet; see {@link #replay(String, Map)}. */
    public List<DeadLetter> replay(String topic) {
        return replay(topic, null);
    }

    /**
     * Sends the records of {@code topic} not replayed yet, up to offset {@code through.get(partition)} on each
     * partition (all of them where {@code through} is null), back to their source topics, with their key, value and
     * headers (not the dead-letter ones); waits for Kafka to take each, then marks it replayed. So the records an
     * operator was shown are replayed, and not one that was parked since. Returns them; throws {@link ReplayStopped}
     * at the first record Kafka refuses, or when Kafka fails part-way, saying what was replayed before.
     */
    public List<DeadLetter> replay(String topic, Map<Integer, Long> through) {
        List<DeadLetter> replayed = new ArrayList<>();
        try {
            readPending(topic, letter -> replayOne(topic, letter, through, replayed), () -> false);
        } catch (KafkaException e) {
            throw new ReplayStopped(replayed, "Kafka failed after " + replayed.size() + " replayed: "
                    + e.getMessage(), e);
        }
        return replayed;
    }

    /** Replays one record unless it is past what was shown; false ends its partition. */
    private boolean replayOne(String topic, Read letter, Map<Integer, Long> through, List<DeadLetter> replayed) {
        DeadLetter dead = letter.deadLetter();
        if (through != null && dead.offset() > through.getOrDefault(dead.partition(), -1L)) {
            return false;
        }
        if (dead.sourceTopic() == null) {
            throw new ReplayStopped(replayed, refused(dead, "it does not say which topic it came from"), null);
        }
        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(dead.sourceTopic(), null,
                letter.record().key(), letter.record().value());
        for (Header header : letter.record().headers()) {
            if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")) {
                again.headers().add(header);
            }
        }
        try {
            producer().send(again).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayStopped(replayed, refused(dead, "interrupted"), e);
        } catch (ExecutionException e) {
            throw new ReplayStopped(replayed, refused(dead, "Kafka did not take it into " + dead.sourceTopic() + ": "
                    + e.getCause().getMessage()), e.getCause());
        }
        replayed.add(dead);
        try {
            // Marked as each is taken, so a replay that stops half-way resumes where it stopped.
            consumer.commitSync(Map.of(new TopicPartition(topic, dead.partition()),
                    new OffsetAndMetadata(dead.offset() + 1)));
        } catch (KafkaException e) {
            throw new ReplayStopped(replayed, "dead letter " + dead.partition() + "/" + dead.offset() + " went back to "
                    + dead.sourceTopic() + " but was not marked replayed, so it will be offered again: "
                    + e.getMessage(), e);
        }
        return true;
    }

    private static String refused(DeadLetter dead, String why) {
        return "dead letter " + dead.partition() + "/" + dead.offset() + " was not replayed: " + why;
    }

    private record Read(DeadLetter deadLetter, ConsumerRecord<byte[], byte[]> record) {
    }

    /**
     * Reads what is pending on {@code topic} up to its end now, until {@code enough}; a partition stops where
     * {@code each} says false. Returns how many records were pending.
     */
    private long readPending(String topic, Predicate<Read> each, BooleanSupplier enough) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, ANSWER);
        if (partitions == null || partitions.isEmpty()) {
            return 0;
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(assigned);
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (TopicPartition partition : assigned) {
            // Records the topic's retention removed before anyone replayed them are gone: start at the first kept.
            OffsetAndMetadata from = committed.get(partition);
            consumer.seek(partition, Math.max(from == null ? 0 : from.offset(), beginnings.get(partition)));
        }
        long total = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            total += Math.max(0, end.getValue() - consumer.position(end.getKey()));
        }
        Map<TopicPartition, Long> remaining = new HashMap<>(ends);
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        consumer.pause(ends.keySet().stream().filter(p -> !remaining.containsKey(p)).toList());
        long deadline = System.nanoTime() + READING.toNanos();
        while (!remaining.isEmpty() && !enough.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no dead letter of " + topic + " came within " + READING);
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            if (!records.isEmpty()) {
                deadline = System.nanoTime() + READING.toNanos();
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (enough.getAsBoolean()) {
                    break;
                }
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                Long end = remaining.get(partition);
                if (end == null || record.offset() >= end) {
                    continue;
                }
                boolean goOn = each.test(new Read(new DeadLetter(record.partition(), record.offset(),
                        text(record.key()), header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                        header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), Instant.ofEpochMilli(record.timestamp()),
                        record.value()), record));
                if (!goOn || record.offset() + 1 >= end) {
                    remaining.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            // A partition read to its end without a record at the last offset (one removed meanwhile) ends too.
            remaining.entrySet().removeIf(e -> {
                boolean done = consumer.position(e.getKey()) >= e.getValue();
                if (done) {
                    consumer.pause(List.of(e.getKey()));
                }
                return done;
            });
        }
        consumer.unsubscribe();
        return total;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties producerSettings = new Properties();
            producerSettings.putAll(settings);
            producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
            producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producerSettings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ANSWER.toMillis());
            producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
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
        if (producer != null) {
            producer.close();
        }
    }
}
