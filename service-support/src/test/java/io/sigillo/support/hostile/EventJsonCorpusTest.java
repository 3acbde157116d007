package io.sigillo.support.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionChannel;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.testing.HostileCorpus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka events as an insider could publish them, {@link HostileCorpus#CASES} in all over the event types the
 * services consume: each is either read into its record, with the record's own checks passed (text neutralised,
 * required fields present), or refused by Jackson, which is what the binder's error-handling deserializer parks
 * with its bytes. No other exception reaches a consumer.
 */
class EventJsonCorpusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = DemoMessages.ACCEPTED_AT;

    @Test
    void kafkaEventJson() {
        MessageFacts facts = DemoMessages.facts();
        BlobRef blob = new BlobRef("0".repeat(64), 1234);
        Map<Class<?>, Object> seeds = new LinkedHashMap<>();
        seeds.put(SubmissionAccepted.class, new SubmissionAccepted(SubmissionAccepted.SCHEMA_VERSION, "e1", facts,
                blob, ReceiptType.COMPLETA, AT, SubmissionChannel.SMTP));
        seeds.put(ProviderMessageSigned.class, new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, "e2",
                facts.identifier(), PecType.DELIVERY, MessageIdentifier.derived("pec.beta.example", "x"), blob,
                new Routing(List.of("alice@pec.alpha.example"), List.of(), List.of()), AT, "pec.beta.example",
                List.of("carol@pec.beta.example"), facts, null, null, null));
        seeds.put(EnvelopeVerified.class, new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION, "e3", facts, blob,
                blob, ReceiptType.BREVE, List.of("bob@pec.alpha.example"), "posta-certificata@pec.beta.example", AT));
        seeds.put(AnomalyDetected.class, new AnomalyDetected(AnomalyDetected.SCHEMA_VERSION, "e4", facts, blob,
                "NOT_PEC: ordinary mail", false, List.of("bob@pec.alpha.example"), AT));
        seeds.put(DeliveryOutcome.class, new DeliveryOutcome(DeliveryOutcome.SCHEMA_VERSION, "e5", facts, blob,
                ReceiptType.COMPLETA, "bob@pec.alpha.example", NonDeliveryReason.MAILBOX_FULL, AT));
        seeds.put(MailboxRegistered.class, new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION,
                "bob@pec.alpha.example", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv", true, AT,
                List.of(new MailboxRegistered.AppPassword("p1", "0".repeat(64), AT)), true));
        seeds.put(CredentialUsed.class, new CredentialUsed(CredentialUsed.SCHEMA_VERSION, "bob@pec.alpha.example",
                CredentialUsed.Kind.APP_PASSWORD, "p1", AT));
        seeds.put(AuditEvent.class, AuditEvent.about(facts, AuditEventType.DELIVERED, "delivery-point-service",
                "pec.alpha.example", List.of(), "bob@pec.alpha.example", AT));

        int perType = HostileCorpus.CASES / seeds.size() + 1;
        int total = 0;
        for (Map.Entry<Class<?>, Object> seed : seeds.entrySet()) {
            Class<?> type = seed.getKey();
            List<byte[]> valid = List.of(JSON.writeValueAsBytes(seed.getValue()));
            HostileCorpus.Edge consumer = bytes -> {
                try {
                    Object event = JSON.readValue(bytes, type);
                    // What a consumer goes on to store: no NUL, which PostgreSQL refuses in text.
                    assertThat(texts(JSON.valueToTree(event))).noneMatch(text -> text.indexOf('\u0000') >= 0);
                    return "read";
                } catch (JacksonException e) {
                    return "parked as unreadable";
                }
            };
            HostileCorpus bytes = new HostileCorpus("Kafka event JSON, " + type.getSimpleName() + ", bytes", valid)
                    .run(perType, consumer);
            HostileCorpus values = new HostileCorpus("Kafka event JSON, " + type.getSimpleName() + ", values",
                    HostileCorpus.hostileJsonValues(valid)).run(perType, consumer);
            assertThat(bytes.outcomes()).containsKey("parked as unreadable");
            assertThat(values.outcomes()).containsKey("read");
            total += bytes.total() + values.total();
        }
        System.out.println("hostile corpus: Kafka event JSON: " + total + " cases in all");
        assertThat(total).isGreaterThanOrEqualTo(2 * HostileCorpus.CASES);
    }

    /** Every text value in a JSON tree. */
    private static List<String> texts(JsonNode node) {
        if (node.isString()) {
            return List.of(node.asString());
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode child : node) {
            texts.addAll(texts(child));
        }
        return texts;
    }
}
