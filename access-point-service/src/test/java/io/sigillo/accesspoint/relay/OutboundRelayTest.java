package io.sigillo.accesspoint.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestProviders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The relay hands what alpha signed for other providers to their mail hosts, retrying until they take it. */
class OutboundRelayTest extends AccessPointTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FakeMailHost beta;

    @Autowired
    BlobStore blobs;

    @Autowired
    Outbox outbox;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    @BeforeAll
    static void betaListens() throws Exception {
        beta = new FakeMailHost(BETA_MAIL_PORT);
    }

    @AfterAll
    static void betaStops() {
        beta.close();
    }

    /** alice writes to bob (alpha), carol (beta) and dave (ordinary e-mail). */
    private static MessageFacts mixedRecipients() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified("bob@pec.alpha.example"), Recipient.certified("carol@pec.beta.example")),
                List.of(Recipient.external("dave@mail.example")), null, "Relay " + UUID.randomUUID(),
                "<" + UUID.randomUUID() + "@client.example>");
    }

    private SignedMessage announceEnvelope(MessageFacts facts) {
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, TestTime.now(),
                DemoMessages.original()));
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(),
                json.writeValueAsBytes(signedEvent(facts, envelope)));
        return envelope;
    }

    /** The receipt service's announcement of the envelope, routed as it splits alice's recipients. */
    private ProviderMessageSigned signedEvent(MessageFacts facts, SignedMessage envelope) {
        return new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts.identifier(), envelope.type(), envelope.messageId(), blobs.put(envelope.bytes()),
                new Routing(List.of("bob@pec.alpha.example"), List.of("carol@pec.beta.example"),
                        List.of("dave@mail.example")),
                TestTime.now(), "pec.alpha.example", List.of(), facts, blobs.put(DemoMessages.original().bytes()),
                null, null);
    }

    private List<FakeMailHost.Received> receivedBy(String rcpt, SignedMessage message) {
        String id = message.messageId().asHeader();
        return beta.received().stream().filter(r -> r.rcptTo().contains(rcpt)
                && new String(r.data(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(id)).toList();
    }

    @Test
    void anEnvelopeGoesOnceToBetaForBetasRecipientsOnlyByteForByte() {
        MessageFacts facts = mixedRecipients();
        SignedMessage envelope = announceEnvelope(facts);
        announceEnvelopeAgain(facts, envelope);

        await().atMost(WAIT).until(() -> receivedBy("carol@pec.beta.example", envelope).size() == 1);
        FakeMailHost.Received got = receivedBy("carol@pec.beta.example", envelope).get(0);
        assertThat(got.rcptTo()).containsExactly("carol@pec.beta.example");
        assertThat(got.mailFrom()).isEqualTo("posta-certificata@pec.alpha.example");
        assertThat(got.data()).isEqualTo(envelope.bytes());

        await().atMost(WAIT).until(() -> outbox.forMessage(facts.identifier().value()).stream()
                .anyMatch(e -> e.status() == Outbox.Status.SENT));
        List<Outbox.Entry> rows = outbox.forMessage(facts.identifier().value());
        // dave's copy goes to mail.example's MX hosts on a row of its own (ExternalMailTest follows it).
        assertThat(rows).extracting(e -> e.message().destination() + " " + e.message().mailHost())
                .containsExactlyInAnyOrder("pec.beta.example localhost:" + BETA_MAIL_PORT,
                        "mail.example mx:mail.example");
        assertThat(auditOf(facts, AuditEventType.RELAYED, "carol@pec.beta.example")).hasSize(1);
        // Redelivered event, one hand-over.
        assertThat(receivedBy("carol@pec.beta.example", envelope)).hasSize(1);
    }

    @Test
    void aMailHostThatTakesTimeToAnswerGetsSeveralMessagesAtOnceEachOnce() {
        beta.takeTimeToAnswer(Duration.ofMillis(300));
        try {
            List<SignedMessage> envelopes = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                envelopes.add(announceEnvelope(mixedRecipients()));
            }

            await().atMost(WAIT).until(() -> envelopes.stream()
                    .allMatch(e -> receivedBy("carol@pec.beta.example", e).size() == 1));
            // One session would take them one verdict after another.
            assertThat(beta.mostAtOnce()).isBetween(2, 4);
        } finally {
            beta.takeTimeToAnswer(Duration.ZERO);
        }
    }

    @Test
    void aLargeEnvelopeIsStreamedWholeAndNotTakenWhileItsStoredBytesFailTheirDigest() {
        MessageFacts facts = mixedRecipients();
        StringBuilder raw = new StringBuilder("From: alice@pec.alpha.example\r\nTo: carol@pec.beta.example\r\n"
                + "Subject: large\r\nMessage-ID: " + facts.originalMessageId() + "\r\n\r\n");
        while (raw.length() < 3 * 1024 * 1024) {
            raw.append("Riga ").append(raw.length()).append(" di un allegato grande, in chiaro.\r\n");
        }
        OriginalMessage original = OriginalMessage.of(raw.toString().getBytes(StandardCharsets.US_ASCII));
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, TestTime.now(),
                original));
        BlobRef stored = blobs.put(envelope.bytes());
        flipAByteOfTheSecondChunk(stored);

        announceEnvelopeAgain(facts, envelope);

        await().atMost(WAIT).ignoreException(NoSuchElementException.class)
                .untilAsserted(() -> assertThat(carolsRow(facts).lastError())
                .contains("does not match its digest"));
        assertThat(carolsRow(facts).status()).isEqualTo(Outbox.Status.PENDING);
        assertThat(receivedBy("carol@pec.beta.example", envelope)).as("a part of it is never taken").isEmpty();

        flipAByteOfTheSecondChunk(stored);
        await().atMost(WAIT).until(() -> receivedBy("carol@pec.beta.example", envelope).size() == 1);
        assertThat(receivedBy("carol@pec.beta.example", envelope).get(0).data()).isEqualTo(envelope.bytes());
    }

    private Outbox.Entry carolsRow(MessageFacts facts) {
        return outbox.forMessage(facts.identifier().value()).stream().filter(e -> e.message().certified())
                .findFirst().orElseThrow();
    }

    /** Flips one bit in the second chunk of a stored body: same length, other digest; a second flip mends it. */
    private void flipAByteOfTheSecondChunk(BlobRef ref) {
        assertThat(jdbc.update("UPDATE blobstore.blob_chunks k SET content = set_byte(k.content, 7, "
                + "get_byte(k.content, 7) # 1) FROM blobstore.blobs b WHERE b.chunks = k.upload AND b.sha256 = ? "
                + "AND k.seq = 1", ref.sha256())).isEqualTo(1);
    }

    @Test
    void handOversOneAfterAnotherKeepTheirSessionsOpenInsteadOfConnectingEachTime() {
        List<String> connections = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SignedMessage envelope = announceEnvelope(mixedRecipients());
            await().atMost(WAIT).until(() -> receivedBy("carol@pec.beta.example", envelope).size() == 1);
            connections.add(receivedBy("carol@pec.beta.example", envelope).get(0).connection());
        }

        // Eight passes, each with one message: at most one connection per session (four), not one per pass.
        assertThat(connections.stream().distinct().count()).isLessThanOrEqualTo(4);
    }

    @Test
    void aTemporaryRefusalIsRetriedWithBackoffUntilTaken() {
        beta.failTemporarily(2);
        MessageFacts facts = mixedRecipients();
        SignedMessage envelope = announceEnvelope(facts);

        await().atMost(WAIT).until(() -> receivedBy("carol@pec.beta.example", envelope).size() == 1);
        // The row is marked sent just after the other side's 250, so it may still read pending for a moment.
        await().atMost(WAIT).untilAsserted(() -> {
            Outbox.Entry row = outbox.forMessage(facts.identifier().value()).stream()
                    .filter(e -> e.message().certified()).findFirst().orElseThrow();
            assertThat(row.status()).isEqualTo(Outbox.Status.SENT);
            assertThat(row.message().attempts()).isEqualTo(3);
        });
    }

    @Test
    void aPermanentRefusalIsRecordedAsFailedAndLogged() {
        beta.failPermanently(1);
        MessageFacts facts = mixedRecipients();
        SignedMessage envelope = announceEnvelope(facts);

        await().atMost(WAIT).until(() -> outbox.forMessage(facts.identifier().value()).stream()
                .anyMatch(e -> e.message().certified() && e.status() == Outbox.Status.FAILED));
        assertThat(receivedBy("carol@pec.beta.example", envelope)).isEmpty();
        assertThat(auditOf(facts, AuditEventType.RELAY_FAILED)).anySatisfy(e -> {
            assertThat(e.recipients()).containsExactly("carol@pec.beta.example");
            assertThat(e.detail()).contains("550");
        });
    }

    private void announceEnvelopeAgain(MessageFacts facts, SignedMessage envelope) {
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(),
                json.writeValueAsBytes(signedEvent(facts, envelope)));
    }

    private List<AuditEvent> auditOf(MessageFacts facts, AuditEventType type) {
        return auditOf(facts, type, "carol@pec.beta.example");
    }

    /** The log's records of {@code type} about the message and {@code recipient}: dave's go elsewhere. */
    private List<AuditEvent> auditOf(MessageFacts facts, AuditEventType type, String recipient) {
        return topics.await(Topics.AUDIT_EVENTS, r -> {
            if (!facts.identifier().value().equals(r.key())) {
                return false;
            }
            AuditEvent event = json.readValue(r.value(), AuditEvent.class);
            return event.type() == type && event.recipients().contains(recipient);
        }, 1, WAIT).stream().map(r -> json.readValue(r.value(), AuditEvent.class)).toList();
    }
}
