package io.sigillo.operations.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.PersistentKafkaServer;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.operations.deadletters.DeadLetters;
import io.sigillo.pec.event.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The ACLs of {@link PlatformGrants} on a broker that requires a login: each service writes only its own topics,
 * only the access point reads the mailboxes' password hashes, and the console replays dead letters.
 */
@ExtendWith(InfrastructureAvailable.class)
class KafkaGrantsTest {

    private static PersistentKafkaServer broker;
    private static final Map<String, KafkaCredentials> USERS = new HashMap<>();

    @BeforeAll
    static void provision(@TempDir Path passwords) throws Exception {
        broker = SharedTestInfrastructure.securedKafka();
        Map<String, String> env = Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "SIGILLO_KAFKA_ADMIN_PASSWORD", broker.adminPassword(),
                "SIGILLO_KAFKA_PASSWORDS_DIR", passwords.toString(),
                "SIGILLO_KAFKA_GENERATE_PASSWORDS", "true");
        // Twice, as a redeployment runs it again: the second run reads the passwords the first one wrote.
        assertThat(KafkaProvisioningTool.provision(env)).contains("6 users");
        KafkaProvisioningTool.provision(env);
        for (ServiceGrants grant : PlatformGrants.PRINCIPALS) {
            USERS.put(grant.service(), new KafkaCredentials(grant.service(),
                    Files.readString(passwords.resolve(grant.service()))));
        }
        try (Admin admin = Admin.create(broker.adminSettings())) {
            assertThat(admin.listTopics().names().get()).containsAll(PlatformGrants.topics(PlatformGrants.ALL));
            assertThat(admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topics.MAILBOX_REGISTERED))).all().get().values().iterator().next().get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void theIncomingPointPublishesWhatArrivedButCannotForgeAMailboxOrASignedMessage() throws Exception {
        KafkaCredentials incoming = USERS.get("incoming-point-service");

        assertThat(send(incoming, Topics.ENVELOPE_VERIFIED).offset()).isGreaterThanOrEqualTo(0);
        assertThat(send(incoming, Topics.AUDIT_EVENTS).offset()).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> send(incoming, Topics.MAILBOX_REGISTERED))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(incoming, Topics.MESSAGE_SIGNED))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(incoming, Topics.DEAD_LETTER_PREFIX + "receipt-service"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void onlyTheAccessPointReadsThePasswordHashesTheDeliveryPointAnnounces() throws Exception {
        send(USERS.get("delivery-point-service"), Topics.MAILBOX_REGISTERED);

        assertThat(read(USERS.get("access-point-service"), Topics.MAILBOX_REGISTERED, "access-point-service"))
                .isNotEmpty();
        for (String other : List.of("receipt-service", "incoming-point-service", "audit-log-service")) {
            assertThatThrownBy(() -> read(USERS.get(other), Topics.MAILBOX_REGISTERED, other))
                    .as(other).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theLogWritesNothingButItsDeadLetters() throws Exception {
        KafkaCredentials log = USERS.get("audit-log-service");

        assertThat(send(log, Topics.DEAD_LETTER_PREFIX + "audit-log-service").offset()).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> send(log, Topics.AUDIT_EVENTS))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theConsoleReplaysADeadLetterIntoItsSourceButReadsNoInputAndWritesNoMailbox() throws Exception {
        KafkaCredentials console = USERS.get("console");
        String key = "opec.replay." + System.nanoTime() + "@pec.alpha.example";
        String receiptLetters = PlatformGrants.deadLetters("receipt-service");
        long parked = park(USERS.get("receipt-service"), receiptLetters, Topics.SUBMISSION_ACCEPTED, key).offset();

        try (DeadLetters letters = new DeadLetters(broker.bootstrapServers(), console.clientSettings("SASL_PLAINTEXT"))) {
            DeadLetters.DeadLetter shown = letters.pending(receiptLetters).stream().filter(l -> key.equals(l.key()))
                    .findFirst().orElseThrow();
            assertThat(shown.sourceTopic()).isEqualTo(Topics.SUBMISSION_ACCEPTED);
            assertThat(shown.failure()).isEqualTo("the blob is missing");
            assertThat(letters.replay(receiptLetters, Map.of(shown.partition(), parked))).extracting(
                    DeadLetters.DeadLetter::key).contains(key);
            assertThat(letters.pending(receiptLetters)).noneMatch(l -> key.equals(l.key()));
        }
        assertThat(read(USERS.get("receipt-service"), Topics.SUBMISSION_ACCEPTED, "receipt-service-grants"))
                .extracting(v -> new String(v, StandardCharsets.UTF_8)).contains("{\"replayed\":true}");
        assertThatThrownBy(() -> read(console, Topics.SUBMISSION_ACCEPTED, PlatformGrants.REPLAY_GROUP))
                .as("it reads dead letters, not the services' inputs").isInstanceOf(TopicAuthorizationException.class);

        // Whoever writes the mailbox topic sets a password: that letter waits for the administrator's command.
        String accessPointLetters = PlatformGrants.deadLetters("access-point-service");
        park(USERS.get("access-point-service"), accessPointLetters, Topics.MAILBOX_REGISTERED, key);
        try (DeadLetters letters = new DeadLetters(broker.bootstrapServers(), console.clientSettings("SASL_PLAINTEXT"))) {
            assertThatThrownBy(() -> letters.replay(accessPointLetters)).isInstanceOf(DeadLetters.ReplayStopped.class)
                    .hasMessageContaining(Topics.MAILBOX_REGISTERED);
            assertThat(letters.pending(accessPointLetters)).extracting(DeadLetters.DeadLetter::key).contains(key);
        }
    }

    @Test
    void aServiceConsumesOnlyInGroupsNamedAfterIt() {
        assertThatThrownBy(() -> read(USERS.get("receipt-service"), Topics.SUBMISSION_ACCEPTED,
                "access-point-service")).hasMessageContaining("access-point-service");
    }

    @Test
    void aStrangerOrAWrongPasswordCannotLogIn() {
        KafkaCredentials wrong = new KafkaCredentials("receipt-service", "not-its-password");
        KafkaCredentials stranger = new KafkaCredentials("pod-next-door", "anything");

        assertThatThrownBy(() -> send(wrong, Topics.MESSAGE_SIGNED)).hasRootCauseInstanceOf(
                SaslAuthenticationException.class);
        assertThatThrownBy(() -> send(stranger, Topics.AUDIT_EVENTS)).hasRootCauseInstanceOf(
                SaslAuthenticationException.class);
    }

    private static RecordMetadata send(KafkaCredentials user, String topic) throws Exception {
        Map<String, Object> settings = settings(user);
        settings.put("max.block.ms", 10_000);
        settings.put("acks", "all");
        try (var producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, "opec.grants@pec.alpha.example".getBytes(
                    StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(topic + " refused " + user.username(), e.getCause());
        }
    }

    /** Parks a record as a service's dead-letter publisher does, with the headers that say where it came from. */
    private static RecordMetadata park(KafkaCredentials service, String deadLetters, String source, String key)
            throws Exception {
        Map<String, Object> settings = settings(service);
        settings.put("acks", "all");
        try (var producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetters, key.getBytes(
                    StandardCharsets.UTF_8), "{\"replayed\":true}".getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, source.getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "the blob is missing".getBytes(
                    StandardCharsets.UTF_8));
            return producer.send(record).get(20, TimeUnit.SECONDS);
        }
    }

    private static List<byte[]> read(KafkaCredentials user, String topic, String group) {
        Map<String, Object> settings = settings(user);
        settings.put("group.id", group);
        settings.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    List<byte[]> values = new ArrayList<>();
                    records.forEach(r -> values.add(r.value()));
                    return values;
                }
            }
            return List.of();
        }
    }

    private static Map<String, Object> settings(KafkaCredentials user) {
        Map<String, Object> settings = new HashMap<>(user.clientSettings("SASL_PLAINTEXT"));
        settings.put("bootstrap.servers", broker.bootstrapServers());
        return settings;
    }
}
