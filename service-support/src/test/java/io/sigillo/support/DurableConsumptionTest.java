package io.sigillo.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How a consumer's failures end, on a real broker: waited out while they pass, parked once they will not; and when
 * what it handled is committed.
 */
@ExtendWith(InfrastructureAvailable.class)
class DurableConsumptionTest {

    private final String bootstrap = SharedTestInfrastructure.kafka().bootstrapServers();
    private final TopicProbe topics = new TopicProbe(bootstrap);

    @Test
    void aRecordThatFirstFailsForAPassingCauseThenForGoodIsParkedNotWaitedOutForever() {
        String topic = "durable." + UUID.randomUUID();
        String deadLetters = topic + ".dlt";
        AtomicInteger attempts = new AtomicInteger();
        // Raw bytes, as the binder consumes. As the binding reports them: the same wrapper around a database outage, then around a missing body.
        MessageListener<byte[], byte[]> listener = record -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("error occurred in message handler", new ConnectException("down"));
            }
            throw new IllegalStateException("error occurred in message handler",
                    new IllegalArgumentException("the body is not in the blob store"));
        };
        KafkaMessageListenerContainer<byte[], byte[]> container = durable(topic, listener, deadLetters);
        topics.send(topic, "opec.1@pec.alpha.example", "{}".getBytes(StandardCharsets.UTF_8));
        container.start();
        try {
            var parked = topics.await(deadLetters, r -> true, 1, Duration.ofSeconds(30));

            assertThat(parked).as("parked after %d attempts", attempts.get()).hasSize(1);
            assertThat(new String(parked.get(0).headers().lastHeader("kafka_dlt-exception-message").value(),
                    StandardCharsets.UTF_8)).contains("not in the blob store");
            // Two transient failures, then the binding's three attempts of the permanent one (one more may
            // start before the handler hears of the change).
            assertThat(attempts.get()).isBetween(5, 6);
        } finally {
            container.stop();
        }
    }

    @Test
    void handledRecordsNotYetCommittedAreCommittedWhenTheConsumerStops() throws Exception {
        String topic = "durable." + UUID.randomUUID();
        CountDownLatch handled = new CountDownLatch(3);
        KafkaMessageListenerContainer<byte[], byte[]> container = durable(topic, record -> handled.countDown(),
                topic + ".dlt");
        container.start();
        for (int i = 1; i <= 3; i++) {
            topics.send(topic, "opec." + i + "@pec.alpha.example", "{}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
        // Commits wait for the interval, so a stop well within it is what commits these three.
        container.stop();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long committed = admin.listConsumerGroupOffsets(container.getGroupId()).partitionsToOffsetAndMetadata()
                    .get().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(committed).isEqualTo(3);
        }
    }

    @Test
    void onlyARecordOnItsPartitionBeforeTheAssignmentOrOneRetriedAfterAFailureMayHaveBeenHandledBefore() {
        String topic = "durable." + UUID.randomUUID();
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        KafkaMessageListenerContainer<byte[], byte[]> container = durable(topic, record -> {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            handled.add(key + (Redeliveries.mayRepeat() ? " may repeat" : " first time"));
            if (key.equals("opec.4@pec.alpha.example") && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("error occurred in message handler", new ConnectException("down"));
            }
        }, topic + ".dlt");
        // Waiting before the consumer starts: one before it, killed, may have handled them without committing.
        send(topic, 1);
        send(topic, 2);
        container.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 2);
            send(topic, 3);
            send(topic, 4);
            send(topic, 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 6);

            // Three partitions: an order within each only.
            assertThat(handled).containsExactlyInAnyOrder("opec.1@pec.alpha.example may repeat",
                    "opec.2@pec.alpha.example may repeat", "opec.3@pec.alpha.example first time",
                    "opec.4@pec.alpha.example first time", "opec.4@pec.alpha.example may repeat",
                    "opec.5@pec.alpha.example first time");
            assertThat(handled.indexOf("opec.4@pec.alpha.example first time"))
                    .isLessThan(handled.indexOf("opec.4@pec.alpha.example may repeat"));
            // Off a consumer's thread nothing is known.
            assertThat(Redeliveries.mayRepeat()).isTrue();
        } finally {
            container.stop();
        }
    }

    @Test
    void aPollIsHandledForTheFirstTimeOnlyWhenEachOfItsRecordsIs() {
        String topic = "durable." + UUID.randomUUID();
        List<String> polls = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        BatchMessageListener<byte[], byte[]> listener = records -> {
            String keys = records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted()
                    .collect(Collectors.joining(","));
            polls.add(keys + (Redeliveries.mayRepeat() ? " may repeat" : " first time"));
            if (keys.equals("opec.4@pec.alpha.example") && failedOnce.compareAndSet(false, true)) {
                throw new BatchListenerFailedException("Dovecot is down",
                        new IllegalStateException("error occurred in message handler", new ConnectException("down")),
                        0);
            }
        };
        KafkaMessageListenerContainer<byte[], byte[]> container = durableBatches(topic, listener, topic + ".dlt");
        send(topic, 1);
        send(topic, 2);
        container.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> String.join(",", polls).split("opec").length == 3);
            // However the two came, every poll that held them was before the assignment's end.
            assertThat(polls).allSatisfy(poll -> assertThat(poll).endsWith(" may repeat"));
            int before = polls.size();
            for (int n = 3; n <= 5; n++) {
                int expected = polls.size() + (n == 4 ? 2 : 1);
                send(topic, n);
                await().atMost(Duration.ofSeconds(30)).until(() -> polls.size() >= expected);
            }

            assertThat(polls.subList(before, polls.size())).containsExactly("opec.3@pec.alpha.example first time",
                    "opec.4@pec.alpha.example first time", "opec.4@pec.alpha.example may repeat",
                    "opec.5@pec.alpha.example first time");
        } finally {
            container.stop();
        }
    }

    private void send(String topic, int n) {
        topics.send(topic, "opec." + n + "@pec.alpha.example", "{}".getBytes(StandardCharsets.UTF_8));
    }

    private KafkaMessageListenerContainer<byte[], byte[]> durable(String topic, MessageListener<byte[], byte[]> listener,
            String deadLetters) {
        return durableOf(topic, listener, deadLetters);
    }

    private KafkaMessageListenerContainer<byte[], byte[]> durableBatches(String topic,
            BatchMessageListener<byte[], byte[]> listener, String deadLetters) {
        return durableOf(topic, listener, deadLetters);
    }

    /** A container of {@code listener}, a record or a batch listener, configured as every service's is. */
    private KafkaMessageListenerContainer<byte[], byte[]> durableOf(String topic, Object listener, String deadLetters) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("durable-" + UUID.randomUUID());
        properties.setMessageListener(listener);
        KafkaMessageListenerContainer<byte[], byte[]> container = new KafkaMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()), properties);
        new DurableConsumption(bootstrap, Map.of(), new CountedDeadLetters(new SimpleMeterRegistry()), Duration.ofMillis(300))
                .configure(container, topic, properties.getGroupId(), (record, failure) -> new TopicPartition(
                        deadLetters, -1), new FixedBackOff(100, 2));
        return container;
    }
}
