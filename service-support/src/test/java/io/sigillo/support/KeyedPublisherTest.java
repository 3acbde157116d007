package io.sigillo.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/** What a service publishes reaches the broker under its key, as JSON its consumers read back, or fails loudly. */
@ExtendWith(InfrastructureAvailable.class)
class KeyedPublisherTest {

    /** An event as the services publish them: a record with an identifier and an instant. */
    record Stamped(String identifier, Instant at, List<String> recipients) {
    }

    /** A consumer's view: the topic's records read as {@link Stamped}. */
    static final class StampedByTopic extends EventsByTopic {
        StampedByTopic(String topic) {
            super(Map.of(topic, Stamped.class));
        }
    }

    private final String bootstrap = SharedTestInfrastructure.kafka().bootstrapServers();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anEventIsOnTheTopicUnderItsKeyWhenPublishReturnsAndReadsBackAsTheSameEvent() {
        String topic = "published." + UUID.randomUUID();
        Stamped event = new Stamped("opec.1@pec.alpha.example", Instant.parse("2026-03-02T10:15:30.123Z"),
                List.of("bob@pec.alpha.example", "carol@pec.beta.example"));

        try (KeyedPublisher publisher = new KeyedPublisher(bootstrap, Map.of(), json)) {
            publisher.publish(topic, event.identifier(), event);
        }

        List<ConsumerRecord<String, byte[]>> records = new TopicProbe(bootstrap).await(topic, r -> true, 1,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("opec.1@pec.alpha.example");
        // No type headers: the consumers decode by topic, and a dead letter replays as it came.
        assertThat(records.get(0).headers().toArray()).isEmpty();
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
                .contains("\"at\":\"2026-03-02T10:15:30.123Z\"");
        try (StampedByTopic reader = new StampedByTopic(topic)) {
            assertThat(reader.deserialize(topic, records.get(0).value())).isEqualTo(event);
        }
    }

    @Test
    void aStepsPublicationsAreAllOnTheTopicInOrderWhenItEnds() {
        String topic = "published." + UUID.randomUUID();
        String key = "opec.3@pec.alpha.example";
        List<Stamped> events = List.of(new Stamped(key, Instant.parse("2026-03-02T10:15:30Z"), List.of("first")),
                new Stamped(key, Instant.parse("2026-03-02T10:15:31Z"), List.of("second")),
                new Stamped(key, Instant.parse("2026-03-02T10:15:32Z"), List.of("third")));

        try (KeyedPublisher publisher = new KeyedPublisher(bootstrap, Map.of(), json)) {
            publisher.together(() -> events.forEach(e -> publisher.publish(topic, key, e)));
        }

        List<ConsumerRecord<String, byte[]>> records = new TopicProbe(bootstrap).await(topic, r -> true, 3,
                Duration.ofSeconds(30));
        try (StampedByTopic reader = new StampedByTopic(topic)) {
            assertThat(records).extracting(r -> reader.deserialize(topic, r.value())).containsExactlyElementsOf(events);
        }
    }

    @Test
    void aPublicationTheBrokerRefusesFailsTheStepWhenItEnds() {
        String topic = "published." + UUID.randomUUID();
        // Over the test broker's largest record (4 MiB) but within what this producer sends: refused by the broker,
        // after the send returned.
        Stamped large = new Stamped("opec.4@pec.alpha.example", Instant.EPOCH, List.of("x".repeat(5_000_000)));
        AtomicBoolean stepEnded = new AtomicBoolean();
        try (KeyedPublisher publisher = new KeyedPublisher(bootstrap,
                Map.of("max.request.size", 8_000_000, "buffer.memory", 16_000_000), json)) {
            assertThatThrownBy(() -> publisher.together(() -> {
                publisher.publish(topic, large.identifier(), large);
                stepEnded.set(true);
            })).hasMessageContaining("could not publish to " + topic + " for opec.4@pec.alpha.example");
        }
        assertThat(stepEnded).as("the step ran on; its publication failed when it ended").isTrue();
    }

    @Test
    void aBrokerThatCannotBeReachedFailsThePublicationAsAFailureThatPasses() {
        // Nothing listens on port 1; the producer gives up on the cluster's metadata after a second.
        try (KeyedPublisher publisher = new KeyedPublisher("localhost:1", Map.of("max.block.ms", 1000), json)) {
            assertThatThrownBy(() -> publisher.publish("published.nowhere", "opec.2@pec.alpha.example",
                    new Stamped("opec.2@pec.alpha.example", Instant.EPOCH, List.of())))
                    .hasMessageContaining("could not publish to published.nowhere for opec.2@pec.alpha.example")
                    .satisfies(failure -> assertThat(TransientFailures.isTransient(failure)).isTrue());
        }
    }
}
