package io.sigillo.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

/** How a consumer's failures end, on a real broker: waited out while they pass, parked once they will not. */
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
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("durable-" + UUID.randomUUID());
        properties.setMessageListener(listener);
        KafkaMessageListenerContainer<byte[], byte[]> container = new KafkaMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()), properties);
        new DurableConsumption(bootstrap, new CountedDeadLetters(new SimpleMeterRegistry()), Duration.ofMillis(300))
                .configure(container, topic, properties.getGroupId(), (record, failure) -> new TopicPartition(
                        deadLetters, -1), new FixedBackOff(100, 2));
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
}
