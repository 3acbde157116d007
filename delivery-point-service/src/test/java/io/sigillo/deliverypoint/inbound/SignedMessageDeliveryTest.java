package io.sigillo.deliverypoint.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.admin.MailboxCreation;
import io.sigillo.deliverypoint.mailbox.SignedListing;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.Replay;
import io.sigillo.pec.testing.TestProviders;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import io.sigillo.deliverypoint.mailbox.DeletionRetention;
import io.sigillo.deliverypoint.mailbox.MailboxContents;
import io.sigillo.infra.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class SignedMessageDeliveryTest extends DeliveryPointTestSupport {

    @Autowired
    MailboxCreation mailboxes;

    @Autowired
    BlobStore blobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MailboxContents contents;

    @Autowired
    DeletionRetention retention;

    @Autowired
    MovableClock clock;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private long stored(String mailbox) {
        return jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(mailbox)
                .query(Long.class).single();
    }

    @Test
    void aSignedReceiptReachesTheSendersMailboxOnceEvenWhenAnnouncedTwiceUnderAnotherMessageId() {
        String alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        mailboxes.create(alice, "alice-secret", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                DemoMessages.facts().to(), List.of(), alice, "prova", "<" + UUID.randomUUID() + "@client.example>");
        SignedMessage receipt = TestProviders.sign(new AcceptanceReceipt(facts, DemoMessages.ALPHA, TestTime.now()));
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), receipt.type(), receipt.messageId(),
                blobs.put(receipt.bytes()), new Routing(List.of(alice), List.of("someone@pec.beta.example"), List.of()),
                TestTime.now(), "pec.alpha.example", List.of(), facts, null, null, null);

        // The second is a copy under another Message-ID: the same receipt by what it signs.
        ProviderMessageSigned replay = new ProviderMessageSigned(event.schemaVersion(), UUID.randomUUID().toString(),
                event.identifier(), event.type(), event.signedMessageId(), blobs.put(Replay.withOuterHeader(
                        receipt.bytes(), "Message-ID", "<replay." + UUID.randomUUID() + "@pec.alpha.example>")),
                event.routing(), event.signedAt(), event.issuer(), event.concerning(), facts, null, null, null);

        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(event));
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(replay));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 1);
        String marker = UUID.randomUUID().toString();
        // A later message on the same key proves both copies above were processed.
        MessageFacts later = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice, facts.to(),
                List.of(), alice, marker, "<" + marker + "@client.example>");
        SignedMessage second = TestProviders.sign(new AcceptanceReceipt(later, DemoMessages.ALPHA, TestTime.now()));
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(
                new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                        later.identifier(), second.type(), second.messageId(), blobs.put(second.bytes()),
                        Routing.local(List.of(alice)), TestTime.now(), "pec.alpha.example", List.of(), later, null,
                        null, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 2);
    }

    @Test
    void aReceiptFromAnotherProviderReplayedUnderANewMessageIdIsStoredOnceAndOneForAnotherRecipientIsNot() {
        String alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        mailboxes.create(alice, "alice-secret", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                List.of(Recipient.certified("carol@pec.beta.example"), Recipient.certified("dave@pec.beta.example")),
                List.of(), alice, "prova", "<" + UUID.randomUUID() + "@client.example>");
        List<ProviderMessageSigned> arrivals = new java.util.ArrayList<>();
        for (String recipient : List.of("carol@pec.beta.example", "dave@pec.beta.example")) {
            SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                    recipient, ReceiptType.COMPLETA, DemoMessages.original()));
            arrivals.add(received(facts, receipt.messageId(), blobs.put(receipt.bytes()), alice, recipient));
            if (arrivals.size() == 1) {
                // The incoming point announces a replay under the Message-ID it arrived with.
                MessageIdentifier replayId = MessageIdentifier.parse("<replay." + UUID.randomUUID()
                        + "@pec.beta.example>");
                arrivals.add(received(facts, replayId, blobs.put(Replay.withOuterHeader(receipt.bytes(),
                        "Message-ID", replayId.asHeader())), alice, recipient));
            }
        }

        arrivals.forEach(event -> topics.send(Topics.RECEIPT_RECEIVED, facts.identifier().value(),
                json.writeValueAsBytes(event)));

        // Dave's receipt comes last on its partition: once it is stored, the replay before it was handled.
        String daves = SignedListing.of(arrivals.get(2), "pec.alpha.example").key();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM mailbox_messages WHERE mailbox = ? AND message_id = ?").params(alice, daves)
                .query(Long.class).single() == 1);
        assertThat(stored(alice)).isEqualTo(2);
    }

    @Test
    void aReceiptItsOwnerDeletedIsNotDeliveredAgainWhenItComesBackUntilTheDeletionIsThirtyMonthsOld() {
        String alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        mailboxes.create(alice, "alice-secret", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                List.of(Recipient.certified("carol@pec.beta.example")), List.of(), alice, "prova",
                "<" + UUID.randomUUID() + "@client.example>");
        SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "carol@pec.beta.example", ReceiptType.SINTETICA, null));
        BlobRef blob = blobs.put(receipt.bytes());
        topics.send(Topics.RECEIPT_RECEIVED, facts.identifier().value(), json.writeValueAsBytes(
                received(facts, receipt.messageId(), blob, alice, "carol@pec.beta.example")));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 1);
        UUID id = jdbc.sql("SELECT id FROM mailbox_messages WHERE mailbox = ?").param(alice).query(UUID.class).single();

        assertThat(contents.delete(alice, id)).isTrue();
        // The same receipt comes back (replayed to the SMTP port, or announced again), then a message of its own.
        topics.send(Topics.RECEIPT_RECEIVED, facts.identifier().value(), json.writeValueAsBytes(
                received(facts, receipt.messageId(), blob, alice, "carol@pec.beta.example")));
        SignedMessage later = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "dave@pec.beta.example", ReceiptType.SINTETICA, null));
        topics.send(Topics.RECEIPT_RECEIVED, facts.identifier().value(), json.writeValueAsBytes(
                received(facts, later.messageId(), blobs.put(later.bytes()), alice, "dave@pec.beta.example")));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 1);
        assertThat(jdbc.sql("SELECT id FROM mailbox_messages WHERE mailbox = ?").param(alice).query(UUID.class)
                .single()).as("only the later receipt").isNotEqualTo(id);
        String deletedKey = "SELECT count(*) FROM deleted_messages WHERE mailbox = ?";
        assertThat(jdbc.sql(deletedKey).param(alice).query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofDays(31 * 31));
        try {
            assertThat(retention.forgetOld()).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThat(jdbc.sql(deletedKey).param(alice).query(Long.class).single()).isZero();
    }

    private static ProviderMessageSigned received(MessageFacts facts, MessageIdentifier messageId, BlobRef blob,
            String sender, String recipient) {
        return new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts.identifier(), PecType.DELIVERY, messageId, blob, Routing.local(List.of(sender)), TestTime.now(),
                "pec.beta.example", List.of(recipient), facts, null, null, null);
    }

    @Test
    void anEnvelopeOfOurOwnSenderReachesTheLocalRecipientsStraightFromTheReceiptServiceAndIsReported() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob." + run + "@pec.alpha.example";
        mailboxes.create(bob, "bob-secret-1", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified(bob), Recipient.certified("carol@pec.beta.example")), List.of(), null,
                "Verbale", "<" + run + "@client.example>");
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, TestTime.now(),
                DemoMessages.original(), ReceiptType.SINTETICA));
        BlobRef original = blobs.put(DemoMessages.original().bytes());
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), envelope.type(), envelope.messageId(),
                blobs.put(envelope.bytes()), new Routing(List.of(bob), List.of("carol@pec.beta.example"), List.of()),
                TestTime.now(), "pec.alpha.example", List.of(), facts, original, ReceiptType.SINTETICA, null);

        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(event));

        DeliveryOutcome outcome = json.readValue(topics.await(Topics.DELIVERY_OUTCOME,
                r -> facts.identifier().value().equals(r.key()), 1, Duration.ofSeconds(30)).get(0).value(),
                DeliveryOutcome.class);
        assertThat(outcome.recipient()).isEqualTo(bob);
        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.original()).isEqualTo(original);
        assertThat(outcome.receiptType()).isEqualTo(ReceiptType.SINTETICA);
        assertThat(jdbc.sql("SELECT pec_type FROM mailbox_messages WHERE mailbox = ?").param(bob)
                .query(String.class).single()).isEqualTo("posta-certificata");
        // Only bob is ours: carol's copy is the relay's.
        assertThat(topics.await(Topics.DELIVERY_OUTCOME, r -> facts.identifier().value().equals(r.key()), 2,
                Duration.ofSeconds(2))).hasSize(1);
    }
}
