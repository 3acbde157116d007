package io.sigillo.operations.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.kafka.support.KafkaHeaders;

/** A dead-letter topic read as operators read it, when its retention has removed records nobody replayed. */
@ExtendWith(InfrastructureAvailable.class)
class DeadLettersTest {

    private static final String SOURCE = "pec.dead-letters-test.source";

    @Test
    void lettersTheRetentionRemovedBeforeAnyReplayAreNeitherCountedNorWaitedFor() throws Exception {
        String topic = "pec.dlt.dead-letters-test-" + System.nanoTime();
        String servers = SharedTestInfrastructure.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
            park(servers, topic, 5);
            try (DeadLetters letters = new DeadLetters(servers, Map.of())) {
                assertThat(letters.replay(topic, Map.of(0, 1L))).extracting(DeadLetters.DeadLetter::key)
                        .containsExactly("opec.0@pec.alpha.example", "opec.1@pec.alpha.example");
            }
            // As the retention does: the records before offset 4 are gone, two of them never replayed.
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(4))).all()
                    .get(20, TimeUnit.SECONDS);
        }

        try (DeadLetters letters = new DeadLetters(servers, Map.of())) {
            DeadLetters.Pending pending = letters.pending(topic, 100);
            assertThat(pending.total()).isEqualTo(1);
            assertThat(pending.first()).extracting(DeadLetters.DeadLetter::key)
                    .containsExactly("opec.4@pec.alpha.example");
            assertThat(letters.replay(topic)).extracting(DeadLetters.DeadLetter::key)
                    .containsExactly("opec.4@pec.alpha.example");
            assertThat(letters.pending(topic, 100).total()).isZero();
        }
    }

    private static void park(String servers, String topic, int count) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", servers),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, "opec." + i
                        + "@pec.alpha.example", "{}");
                record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, SOURCE.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(20, TimeUnit.SECONDS);
            }
        }
    }
}
