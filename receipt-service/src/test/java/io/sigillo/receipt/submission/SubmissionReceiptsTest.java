package io.sigillo.receipt.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.operations.deadletters.DeadLetters;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionChannel;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.receipt.ReceiptServiceTestSupport;
import io.sigillo.support.CountedDeadLetters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class SubmissionReceiptsTest extends ReceiptServiceTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JsonMapper json;

    @Autowired
    BlobStore blobs;

    @Autowired
    MeterRegistry meters;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private MessageFacts freshFacts() {
        MessageFacts demo = DemoMessages.facts();
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), demo.sender(), demo.to(), demo.cc(),
                demo.replyTo(), demo.subject(), "<" + UUID.randomUUID() + "@client.example>");
    }

    private SubmissionAccepted accepted(MessageFacts facts) {
        return new SubmissionAccepted(SubmissionAccepted.SCHEMA_VERSION, UUID.randomUUID().toString(), facts,
                blobs.put(DemoMessages.original().bytes()), ReceiptType.COMPLETA, TestTime.now(),
                SubmissionChannel.REST);
    }

    private void publish(String topic, MessageFacts facts, Object event) {
        topics.send(topic, facts.identifier().value(), json.writeValueAsBytes(event));
    }

    private List<ProviderMessageSigned> signed(String topic, MessageFacts facts, int count) {
        return topics.await(topic, r -> facts.identifier().value().equals(r.key()), count, WAIT).stream()
                .map(r -> json.readValue(r.value(), ProviderMessageSigned.class)).toList();
    }

    private Classification classify(ProviderMessageSigned event) {
        return TestProviders.classifier().classify(blobs.get(event.signed()).orElseThrow());
    }

    @Test
    void anAcceptedSubmissionGetsASignedAcceptanceReceiptAndTransportEnvelope() {
        MessageFacts facts = freshFacts();
        SubmissionAccepted event = accepted(facts);

        publish(Topics.SUBMISSION_ACCEPTED, facts, event);

        List<ProviderMessageSigned> both = signed(Topics.MESSAGE_SIGNED, facts, 2);
        assertThat(both).extracting(ProviderMessageSigned::type)
                .containsExactly(PecType.ACCEPTANCE, PecType.TRANSPORT_ENVELOPE);
        ProviderMessageSigned receipt = both.get(0);
        assertThat(receipt.routing().local()).containsExactly("alice@pec.alpha.example");
        assertThat(receipt.routing().all()).containsExactly("alice@pec.alpha.example");
        Classification receiptCheck = classify(receipt);
        assertThat(receiptCheck.outcome()).as(receiptCheck.reason()).isEqualTo(Outcome.VALID);
        assertThat(receiptCheck.daticert().orElseThrow().identifier()).isEqualTo(facts.identifier().value());

        ProviderMessageSigned envelope = both.get(1);
        assertThat(envelope.signedMessageId()).isEqualTo(facts.identifier());
        // Every recipient, split once here: beta's for the relay, external ones as ordinary mail.
        assertThat(envelope.routing().local()).isEmpty();
        assertThat(envelope.routing().otherProviders()).containsExactly("bob@pec.beta.example",
                "carol@pec.beta.example");
        assertThat(envelope.routing().external()).containsExactly("dave@mail.example");
        assertThat(envelope.facts()).isEqualTo(facts);
        assertThat(blobs.get(envelope.original()).orElseThrow()).isEqualTo(DemoMessages.original().bytes());
        assertThat(envelope.receiptType()).isEqualTo(ReceiptType.COMPLETA);
        assertThat(envelope.issuer()).isEqualTo("pec.alpha.example");
        Classification envelopeCheck = classify(envelope);
        assertThat(envelopeCheck.outcome()).isEqualTo(Outcome.VALID);
        assertThat(envelopeCheck.postacert().orElseThrow().bytes()).isEqualTo(DemoMessages.original().bytes());

        // The announcements are the log's record of issuing them (ADR 0017): no audit event of their own.
        assertThat(both).extracting(ProviderMessageSigned::schemaVersion).containsOnly(4);
        assertThat(both).extracting(ProviderMessageSigned::detail).containsOnlyNulls();
        List<AuditEvent> logged = topics.await(Topics.AUDIT_EVENTS,
                r -> facts.identifier().value().equals(r.key()), 1, WAIT).stream()
                .map(r -> json.readValue(r.value(), AuditEvent.class)).toList();
        assertThat(logged).extracting(AuditEvent::type).containsExactly(AuditEventType.SUBMISSION_ACCEPTED);
        // The access point's step, logged from its announcement under the id the access point would give it.
        assertThat(logged.get(0).actor()).isEqualTo("access-point-service");
        assertThat(logged.get(0).occurredAt()).isEqualTo(event.acceptedAt());
        assertThat(logged.get(0).eventId()).isEqualTo(AuditEvent.about(facts, AuditEventType.SUBMISSION_ACCEPTED,
                "access-point-service", "pec.alpha.example", List.of(), null, event.acceptedAt()).eventId());
    }

    @Test
    void aRedeliveredAcceptedEventYieldsTheSameReceiptIdentifierSoDownstreamSeesTheDuplicate() {
        MessageFacts facts = freshFacts();
        SubmissionAccepted event = accepted(facts);

        publish(Topics.SUBMISSION_ACCEPTED, facts, event);
        publish(Topics.SUBMISSION_ACCEPTED, facts, event);

        List<ProviderMessageSigned> signed = signed(Topics.MESSAGE_SIGNED, facts, 4);
        assertThat(signed).hasSize(4);
        for (PecType type : List.of(PecType.ACCEPTANCE, PecType.TRANSPORT_ENVELOPE)) {
            assertThat(signed).filteredOn(e -> e.type() == type).extracting(ProviderMessageSigned::signedMessageId)
                    .hasSize(2).containsOnly(signed.stream().filter(e -> e.type() == type).findFirst().orElseThrow()
                            .signedMessageId());
        }
        // The access point's step is announced twice under one id, so the log keeps it once; the steps of issuing
        // are the announcements above (ADR 0017), so nothing else reaches the audit topic, however long one reads.
        List<AuditEvent> logged = topics.await(Topics.AUDIT_EVENTS, r -> facts.identifier().value().equals(r.key()),
                10, Duration.ofSeconds(3)).stream().map(r -> json.readValue(r.value(), AuditEvent.class)).toList();
        assertThat(logged).hasSize(2).extracting(AuditEvent::type).containsOnly(AuditEventType.SUBMISSION_ACCEPTED);
        assertThat(logged.stream().map(AuditEvent::eventId).distinct()).hasSize(1);
    }

    @Test
    void aRejectedSubmissionGetsASignedNonAcceptanceNoticeWithTheReason() {
        MessageFacts facts = freshFacts();

        publish(Topics.SUBMISSION_REJECTED, facts, new SubmissionRejected(SubmissionRejected.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts, PecError.ALTRO, "Il mittente non corrisponde alla casella",
                TestTime.now()));

        ProviderMessageSigned notice = signed(Topics.MESSAGE_SIGNED, facts, 1).get(0);
        assertThat(notice.type()).isEqualTo(PecType.NON_ACCEPTANCE);
        Classification check = classify(notice);
        assertThat(check.outcome()).isEqualTo(Outcome.VALID);
        assertThat(check.daticert().orElseThrow().extendedError()).isEqualTo("Il mittente non corrisponde alla casella");
        // The reason goes to the log with the announcement, the log's record of issuing the notice (ADR 0017);
        // the access point's refusal is logged here, from its announcement.
        assertThat(notice.detail()).isEqualTo("Il mittente non corrisponde alla casella");
        List<AuditEventType> logged = topics.await(Topics.AUDIT_EVENTS,
                r -> facts.identifier().value().equals(r.key()), 1, WAIT).stream()
                .map(r -> json.readValue(r.value(), AuditEvent.class).type()).toList();
        assertThat(logged).containsExactly(AuditEventType.SUBMISSION_REJECTED);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndTheServiceKeepsWorking() {
        String key = "poison-" + UUID.randomUUID();
        topics.send(Topics.SUBMISSION_ACCEPTED, key, "{not json".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> dead = topics.await(Topics.DEAD_LETTER_PREFIX + "receipt-service",
                r -> key.equals(r.key()), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(meters.find(CountedDeadLetters.METRIC).tag("topic", Topics.SUBMISSION_ACCEPTED).counter())
                .isNotNull().extracting(c -> c.count()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE)
                .isGreaterThanOrEqualTo(1.0);

        MessageFacts facts = freshFacts();
        publish(Topics.SUBMISSION_ACCEPTED, facts, accepted(facts));
        assertThat(signed(Topics.MESSAGE_SIGNED, facts, 2)).extracting(ProviderMessageSigned::type)
                .containsExactly(PecType.ACCEPTANCE, PecType.TRANSPORT_ENVELOPE);
    }

    @Test
    void aDeadLetterReplayedAfterItsCauseIsFixedCompletesItsMessageOnce() {
        MessageFacts facts = freshFacts();
        // The original is not in the blob store (as after a restore that missed it): no retry can help.
        byte[] original = ("From: alice@pec.alpha.example\r\nTo: bob@pec.beta.example\r\nSubject: " + facts.subject()
                + "\r\nMessage-ID: " + facts.originalMessageId() + "\r\n\r\nritrovato\r\n")
                .getBytes(StandardCharsets.UTF_8);
        BlobRef missing = new BlobRef(sha256(original), original.length);
        publish(Topics.SUBMISSION_ACCEPTED, facts, new SubmissionAccepted(SubmissionAccepted.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts, missing, ReceiptType.COMPLETA, TestTime.now(), SubmissionChannel.REST));
        String dlt = Topics.DEAD_LETTER_PREFIX + "receipt-service";
        assertThat(topics.await(dlt, r -> facts.identifier().value().equals(r.key()), 1, WAIT)).hasSize(1);
        assertThat(topics.await(Topics.MESSAGE_SIGNED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).as("nothing issued before the failure").isEmpty();

        try (DeadLetters letters = new DeadLetters(SharedTestInfrastructure.kafka().bootstrapServers(), Map.of())) {
            assertThat(letters.pending(dlt)).filteredOn(l -> facts.identifier().value().equals(l.key())).singleElement()
                    .satisfies(l -> {
                        assertThat(l.sourceTopic()).isEqualTo(Topics.SUBMISSION_ACCEPTED);
                        assertThat(l.failure()).contains("not in the blob store");
                    });
            blobs.put(original);

            assertThat(letters.replay(dlt)).anyMatch(l -> facts.identifier().value().equals(l.key()));
            assertThat(letters.pending(dlt)).noneMatch(l -> facts.identifier().value().equals(l.key()));
            assertThat(letters.replay(dlt)).noneMatch(l -> facts.identifier().value().equals(l.key()));
        }

        assertThat(signed(Topics.MESSAGE_SIGNED, facts, 2)).extracting(ProviderMessageSigned::type)
                .containsExactly(PecType.ACCEPTANCE, PecType.TRANSPORT_ENVELOPE);
        assertThat(topics.await(Topics.MESSAGE_SIGNED, r -> facts.identifier().value().equals(r.key()), 3,
                Duration.ofSeconds(3))).as("once").hasSize(2);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
