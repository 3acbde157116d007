package io.sigillo.auditlog.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.testing.TestProviders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The step of issuing a message signed here is logged from its announcement, once, under its own id (ADR 0017). */
class StepOfIssuingTest extends AuditLogTestSupport {

    @Autowired
    BlobStore blobs;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private static MessageFacts facts() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null, "Contratto",
                "<" + UUID.randomUUID() + "@client.example>");
    }

    private ProviderMessageSigned signed(int schema, ProviderMessage message, Provider issuer, String detail,
            Instant at) {
        SignedMessage bytes = TestProviders.sign(message);
        return new ProviderMessageSigned(schema, UUID.randomUUID().toString(), message.facts().identifier(),
                bytes.type(), bytes.messageId(), blobs.put(bytes.bytes()),
                Routing.local(List.of(message.facts().sender())), at, issuer.domain(), message.concerning(),
                message.facts(), null, null, detail);
    }

    private void announce(ProviderMessageSigned event) {
        topics.send(Topics.MESSAGE_SIGNED, event.identifier().value(), json.writeValueAsBytes(event));
    }

    private List<Map<String, Object>> logged(MessageFacts facts) {
        return jdbc.sql("SELECT event_id, type, actor, provider, detail, issued_message_ids::text AS issued"
                + " FROM audit_events WHERE identifier = ? ORDER BY chain_seq").param(facts.identifier().value())
                .query().listOfRows();
    }

    @Test
    void aReceiptSignedHereIsLoggedAsIssuedOnceWithTheReceiptServicesIdAndDetail() {
        MessageFacts facts = facts();
        Instant at = TestTime.now();
        // Announced before schema 4, a message came with its own audit event: not logged again from here.
        announce(signed(3, new AcceptanceReceipt(facts, DemoMessages.ALPHA, at), DemoMessages.ALPHA, null, at));
        ProviderMessageSigned receipt = signed(ProviderMessageSigned.SCHEMA_VERSION, new DeliveryReceipt(facts,
                DemoMessages.ALPHA, at, "bob@pec.alpha.example", ReceiptType.COMPLETA, DemoMessages.original()),
                DemoMessages.ALPHA, "bob@pec.alpha.example", at);
        announce(receipt);
        announce(receipt);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM issued_messages WHERE identifier = ?").param(facts.identifier().value())
                .query(Integer.class).single() == 2);

        // Same key, same partition, one consumer: the three announcements were handled in order by now.
        List<Map<String, Object>> log = logged(facts);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).containsEntry("type", "DELIVERY_RECEIPT_ISSUED")
                .containsEntry("actor", "receipt-service").containsEntry("provider", "pec.alpha.example")
                .containsEntry("detail", "bob@pec.alpha.example")
                .containsEntry("issued", "{" + receipt.signedMessageId().value() + "}")
                .containsEntry("event_id", AuditEvent.about(facts, AuditEventType.DELIVERY_RECEIPT_ISSUED,
                        "receipt-service", "pec.alpha.example", List.of(receipt.signedMessageId().value()),
                        "bob@pec.alpha.example", at).eventId());
    }

    @Test
    void aReceiptAnotherProviderSignedIsNotAStepOfIssuing() {
        MessageFacts facts = facts();
        Instant at = TestTime.now();
        ProviderMessageSigned fromBeta = signed(ProviderMessageSigned.SCHEMA_VERSION, new DeliveryReceipt(facts,
                DemoMessages.BETA, at, "bob@pec.beta.example", ReceiptType.COMPLETA, DemoMessages.original()),
                DemoMessages.BETA, null, at);
        ProviderMessageSigned ours = signed(ProviderMessageSigned.SCHEMA_VERSION,
                new AcceptanceReceipt(facts, DemoMessages.ALPHA, at), DemoMessages.ALPHA, null, at);

        assertThat(IssuedRecording.stepOfIssuing(fromBeta, "pec.alpha.example")).isEmpty();
        assertThat(IssuedRecording.stepOfIssuing(ours, "PEC.Alpha.Example")).get()
                .extracting(AuditEvent::type).isEqualTo(AuditEventType.ACCEPTANCE_RECEIPT_ISSUED);
    }
}
