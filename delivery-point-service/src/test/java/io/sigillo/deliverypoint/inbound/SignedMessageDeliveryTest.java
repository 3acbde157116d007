package io.sigillo.deliverypoint.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.admin.MailboxCreation;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.testing.TestProviders;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private long stored(String mailbox) {
        return jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(mailbox)
                .query(Long.class).single();
    }

    @Test
    void aSignedReceiptReachesTheSendersMailboxOnceEvenWhenAnnouncedTwice() {
        String alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        mailboxes.create(alice, "alice-secret", null);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                DemoMessages.facts().to(), List.of(), alice, "prova", "<" + UUID.randomUUID() + "@client.example>");
        SignedMessage receipt = TestProviders.sign(new AcceptanceReceipt(facts, DemoMessages.ALPHA, TestTime.now()));
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), receipt.type(), receipt.messageId(),
                blobs.put(receipt.bytes()), List.of(alice, "someone@pec.beta.example"), TestTime.now(), "pec.alpha.example",
                List.of());

        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(event));
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(event));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 1);
        String marker = UUID.randomUUID().toString();
        // A later message on the same key proves both copies above were processed.
        MessageFacts later = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice, facts.to(),
                List.of(), alice, marker, "<" + marker + "@client.example>");
        SignedMessage second = TestProviders.sign(new AcceptanceReceipt(later, DemoMessages.ALPHA, TestTime.now()));
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(
                new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                        later.identifier(), second.type(), second.messageId(), blobs.put(second.bytes()),
                        List.of(alice), TestTime.now(), "pec.alpha.example", List.of())));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 2);
    }
}
