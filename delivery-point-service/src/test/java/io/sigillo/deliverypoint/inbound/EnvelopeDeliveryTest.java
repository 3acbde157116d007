package io.sigillo.deliverypoint.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.admin.MailboxCreation;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.Replay;
import io.sigillo.pec.testing.TestProviders;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeDeliveryTest extends DeliveryPointTestSupport {

    @Autowired
    MailboxCreation mailboxes;

    @Autowired
    BlobStore blobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    @Test
    void eachLocalRecipientGetsTheEnvelopeOrANonDeliveryReason() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob." + run + "@pec.alpha.example";
        String ghost = "ghost." + run + "@pec.alpha.example";
        mailboxes.create(bob, "bob-secret-1", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified(bob)), List.of(Recipient.certified(ghost)), null, "Verbale",
                "<" + run + "@client.example>");
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, TestTime.now(),
                DemoMessages.original()));
        EnvelopeVerified verified = new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts, blobs.put(envelope.bytes()), blobs.put(DemoMessages.original().bytes()), ReceiptType.BREVE,
                List.of(bob, ghost), "posta-certificata@pec.alpha.example", TestTime.now());

        topics.send(Topics.ENVELOPE_VERIFIED, facts.identifier().value(), json.writeValueAsBytes(verified));

        List<DeliveryOutcome> outcomes = topics.await(Topics.DELIVERY_OUTCOME,
                r -> facts.identifier().value().equals(r.key()), 2, Duration.ofSeconds(30)).stream()
                .map(r -> json.readValue(r.value(), DeliveryOutcome.class)).toList();
        assertThat(outcomes).extracting(DeliveryOutcome::recipient).containsExactly(bob, ghost);
        assertThat(outcomes.get(0).failure()).isNull();
        assertThat(outcomes.get(0).receiptType()).isEqualTo(ReceiptType.BREVE);
        assertThat(outcomes.get(1).failure()).isEqualTo(NonDeliveryReason.UNKNOWN_MAILBOX);
        String stored = jdbc.sql("SELECT pec_type FROM mailbox_messages WHERE mailbox = ?").param(bob)
                .query(String.class).single();
        assertThat(stored).isEqualTo("posta-certificata");
    }

    @Test
    void anEnvelopeReplayedUnderANewMessageIdAndSenderNameIsStoredOnceAndListedUnderItsSignedSender() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob." + run + "@pec.alpha.example";
        mailboxes.create(bob, "bob-secret-1", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.beta.example"), "carol@pec.beta.example",
                List.of(Recipient.certified(bob)), List.of(), null, "Preventivo", "<" + run + "@client.example>");
        byte[] envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                DemoMessages.original())).bytes();
        // Outside the signature: a replay that the classifier still finds validly signed.
        byte[] replayed = Replay.withOuterHeader(Replay.withOuterHeader(envelope, "Message-ID",
                "<replay." + run + "@pec.beta.example>"), "From",
                "\"Per conto di: direzione@banca.example\" <posta-certificata@pec.beta.example>");
        BlobRef original = blobs.put(DemoMessages.original().bytes());

        for (byte[] copy : List.of(envelope, replayed)) {
            topics.send(Topics.ENVELOPE_VERIFIED, facts.identifier().value(), json.writeValueAsBytes(
                    new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION, UUID.randomUUID().toString(), facts,
                            blobs.put(copy), original, ReceiptType.COMPLETA, List.of(bob),
                            "posta-certificata@pec.beta.example", TestTime.now())));
        }

        // Both copies are reported delivered (the second as already delivered), and only one is stored.
        assertThat(topics.await(Topics.DELIVERY_OUTCOME, r -> facts.identifier().value().equals(r.key()), 2,
                Duration.ofSeconds(30))).hasSize(2);
        assertThat(jdbc.sql("SELECT from_address, message_id FROM mailbox_messages WHERE mailbox = ?").param(bob)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).list())
                .containsExactly("carol@pec.beta.example " + facts.identifier().asHeader());
    }
}
