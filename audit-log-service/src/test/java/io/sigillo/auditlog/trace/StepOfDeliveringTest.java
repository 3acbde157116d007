package io.sigillo.auditlog.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery point's step of delivering is logged from its delivery outcome, once, under the id the delivery point
 * gave it when it published the step itself (ADR 0017); an outcome for a virus is not a step of delivering.
 */
class StepOfDeliveringTest extends AuditLogTestSupport {

    private static final BlobRef ORIGINAL = new BlobRef("0".repeat(64), 1234);

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private static MessageFacts facts() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified("bob@pec.alpha.example"), Recipient.certified("dan@pec.alpha.example")),
                List.of(), null, "Contratto", "<" + UUID.randomUUID() + "@client.example>");
    }

    private static DeliveryOutcome outcome(int schema, MessageFacts facts, String recipient, NonDeliveryReason failure,
            Instant at) {
        return new DeliveryOutcome(schema, UUID.randomUUID().toString(), facts, failure == null ? ORIGINAL : null,
                ReceiptType.COMPLETA, recipient, failure, at);
    }

    private void publish(DeliveryOutcome outcome) {
        topics.send(Topics.DELIVERY_OUTCOME, outcome.facts().identifier().value(), json.writeValueAsBytes(outcome));
    }

    private List<Map<String, Object>> logged(MessageFacts facts) {
        return jdbc.sql("SELECT event_id, type, actor, provider, detail FROM audit_events WHERE identifier = ?"
                + " ORDER BY chain_seq").param(facts.identifier().value()).query().listOfRows();
    }

    @Test
    void eachRecipientsOutcomeIsLoggedOnceAsTheDeliveryPointsStep() {
        MessageFacts facts = facts();
        Instant at = TestTime.now();
        // Before schema 2 the delivery point published the step as an audit event of its own: not logged again here.
        publish(outcome(1, facts, "carl@pec.alpha.example", null, at));
        DeliveryOutcome delivered = outcome(DeliveryOutcome.SCHEMA_VERSION, facts, "bob@pec.alpha.example", null, at);
        publish(delivered);
        publish(new DeliveryOutcome(delivered.schemaVersion(), UUID.randomUUID().toString(), facts,
                delivered.original(), delivered.receiptType(), delivered.recipient(), null, at));
        publish(outcome(DeliveryOutcome.SCHEMA_VERSION, facts, "dan@pec.alpha.example", NonDeliveryReason.MAILBOX_FULL,
                at));

        await().atMost(Duration.ofSeconds(30)).until(() -> logged(facts).size() >= 2);

        List<Map<String, Object>> log = logged(facts);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).containsEntry("type", "DELIVERED").containsEntry("actor", "delivery-point-service")
                .containsEntry("provider", "pec.alpha.example").containsEntry("detail", "bob@pec.alpha.example")
                .containsEntry("event_id", AuditEvent.about(facts, AuditEventType.DELIVERED, "delivery-point-service",
                        "pec.alpha.example", List.of(), "bob@pec.alpha.example", at).eventId());
        assertThat(log.get(1)).containsEntry("type", "DELIVERY_FAILED")
                .containsEntry("detail", "dan@pec.alpha.example: " + NonDeliveryReason.MAILBOX_FULL.extended());
    }

    @Test
    void anOutcomeForAVirusIsTheIncomingPointsStepNotADelivery() {
        MessageFacts facts = facts();
        Instant at = TestTime.now();

        assertThat(DeliveryRecording.stepOf(outcome(DeliveryOutcome.SCHEMA_VERSION, facts, "bob@pec.alpha.example",
                NonDeliveryReason.VIRUS, at), "pec.alpha.example")).isEmpty();
        assertThat(DeliveryRecording.stepOf(outcome(DeliveryOutcome.SCHEMA_VERSION, facts, "bob@pec.alpha.example",
                NonDeliveryReason.UNKNOWN_MAILBOX, at), "pec.alpha.example")).get()
                .extracting(AuditEvent::type).isEqualTo(AuditEventType.DELIVERY_FAILED);
    }
}
