package io.sigillo.receipt.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.blob.BlobStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.DeliveryOverdue;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.event.VirusDetected;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.receipt.ReceiptServiceTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class DeliveryReceiptsTest extends ReceiptServiceTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JsonMapper json;

    @Autowired
    BlobStore blobs;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private static MessageFacts facts() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null, "Verbale",
                "<" + UUID.randomUUID() + "@client.example>");
    }

    private ProviderMessageSigned signedFor(MessageFacts facts, Object event, String topic) {
        topics.send(topic, facts.identifier().value(), json.writeValueAsBytes(event));
        var records = topics.await(Topics.MESSAGE_SIGNED, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        return json.readValue(records.get(0).value(), ProviderMessageSigned.class);
    }

    private Classification classify(ProviderMessageSigned event) {
        Classification c = TestProviders.classifier().classify(blobs.get(event.signed()).orElseThrow());
        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        return c;
    }

    @Test
    void aDeliveryBecomesASignedReceiptOfTheRequestedKindForTheSender() {
        MessageFacts facts = facts();
        DeliveryOutcome delivered = new DeliveryOutcome(DeliveryOutcome.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts, blobs.put(DemoMessages.original().bytes()), ReceiptType.BREVE, "bob@pec.alpha.example", null,
                TestTime.now());

        ProviderMessageSigned receipt = signedFor(facts, delivered, Topics.DELIVERY_OUTCOME);

        assertThat(receipt.type()).isEqualTo(PecType.DELIVERY);
        assertThat(receipt.routing().local()).containsExactly("alice@pec.alpha.example");
        Classification c = classify(receipt);
        assertThat(c.headers().raw(PecHeaders.X_TIPO_RICEVUTA)).isEqualTo("breve");
        assertThat(c.daticert().orElseThrow().deliveredTo()).isEqualTo("bob@pec.alpha.example");
        assertThat(new String(c.postacert().orElseThrow().bytes())).contains("fattura.pdf.sha256");
    }

    @Test
    void aFailedDeliveryBecomesANonDeliveryNoticeWithTheFixedReason() {
        MessageFacts facts = facts();
        DeliveryOutcome failed = new DeliveryOutcome(DeliveryOutcome.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts, blobs.put(DemoMessages.original().bytes()), ReceiptType.COMPLETA, "bob@pec.alpha.example",
                NonDeliveryReason.UNKNOWN_MAILBOX, TestTime.now());

        ProviderMessageSigned notice = signedFor(facts, failed, Topics.DELIVERY_OUTCOME);

        assertThat(notice.type()).isEqualTo(PecType.NON_DELIVERY);
        assertThat(classify(notice).daticert().orElseThrow().extendedError())
                .isEqualTo("5.1.1 - Utente sconosciuto: la casella di destinazione non esiste");
    }

    /** bob's clock run out now, for a message accepted {@code hours} ago. */
    private static DeliveryOverdue overdue(MessageFacts facts, DeliveryOverdue.Kind kind, int hours) {
        Instant accepted = TestTime.now().minusSeconds(hours * 3600L);
        return new DeliveryOverdue(DeliveryOverdue.SCHEMA_VERSION, UUID.randomUUID().toString(), facts,
                "bob@pec.alpha.example", kind, accepted, accepted.plusSeconds(hours * 3600L));
    }

    @Test
    void twelveHoursWithoutReceiptsBecomeANonDeliveryWarningForTheSender() {
        MessageFacts facts = facts();

        ProviderMessageSigned warning = signedFor(facts, overdue(facts, DeliveryOverdue.Kind.WARNING, 12),
                Topics.DELIVERY_OVERDUE);

        assertThat(warning.type()).isEqualTo(PecType.NON_DELIVERY_WARNING);
        assertThat(warning.routing().local()).containsExactly("alice@pec.alpha.example");
        assertThat(warning.concerning()).containsExactly("bob@pec.alpha.example");
        Classification c = classify(warning);
        assertThat(c.headers().decoded("Subject")).isEqualTo("AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: Verbale");
        assertThat(c.headers().raw(PecHeaders.X_RIFERIMENTO_MESSAGE_ID)).isEqualTo(facts.originalMessageId());
        assertThat(c.daticert().orElseThrow().deliveredTo()).isEqualTo("bob@pec.alpha.example");
    }

    @Test
    void theTimeLimitBecomesAFinalNonDeliveryNoticeForTimeout() {
        MessageFacts facts = facts();

        ProviderMessageSigned notice = signedFor(facts, overdue(facts, DeliveryOverdue.Kind.TIMEOUT, 23),
                Topics.DELIVERY_OVERDUE);

        assertThat(notice.type()).isEqualTo(PecType.NON_DELIVERY);
        Classification c = classify(notice);
        assertThat(c.headers().decoded("Subject")).isEqualTo("AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: Verbale");
        assertThat(c.daticert().orElseThrow().extendedError()).startsWith("5.4.7");
    }

    @Test
    void aVirusInAnotherProvidersEnvelopeBecomesAVirusDetectionNoticeForThatProvider() {
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.beta.example"), "carol@pec.beta.example",
                List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null, "Fattura",
                "<" + UUID.randomUUID() + "@client.example>");
        VirusDetected virus = new VirusDetected(VirusDetected.SCHEMA_VERSION, UUID.randomUUID().toString(), facts,
                blobs.put(new byte[] {2}), List.of("bob@pec.alpha.example"), "posta-certificata@pec.beta.example",
                "Eicar-Test-Signature", TestTime.now());

        ProviderMessageSigned notice = signedFor(facts, virus, Topics.VIRUS_DETECTED);

        assertThat(notice.type()).isEqualTo(PecType.VIRUS_DETECTION);
        assertThat(notice.routing().otherProviders()).containsExactly("posta-certificata@pec.beta.example");
        assertThat(notice.routing().local()).isEmpty();
        assertThat(notice.concerning()).containsExactly("bob@pec.alpha.example");
        Classification c = classify(notice);
        assertThat(c.headers().decoded("Subject")).isEqualTo("PROBLEMA DI SICUREZZA: Fattura");
        assertThat(c.daticert().orElseThrow().identifier()).isEqualTo(facts.identifier().value());
    }

    @Test
    void aVerifiedEnvelopeGetsATakeInChargeReceiptKeptByThisProvider() {
        MessageFacts facts = facts();
        EnvelopeVerified verified = new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts, blobs.put(new byte[] {1}), blobs.put(DemoMessages.original().bytes()), ReceiptType.COMPLETA,
                List.of("bob@pec.alpha.example"), "posta-certificata@pec.alpha.example", TestTime.now());

        ProviderMessageSigned receipt = signedFor(facts, verified, Topics.ENVELOPE_VERIFIED);

        assertThat(receipt.type()).isEqualTo(PecType.TAKE_IN_CHARGE);
        assertThat(receipt.routing().isEmpty()).isTrue();
        assertThat(classify(receipt).daticert().orElseThrow().takenInCharge()).containsExactly("bob@pec.alpha.example");
    }

    @Test
    void anAnomalyIsWrappedForTheRecipients() {
        MessageFacts facts = facts();
        AnomalyDetected anomaly = new AnomalyDetected(AnomalyDetected.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts, blobs.put(DemoMessages.original().bytes()), "NOT_PEC: ordinary mail", false,
                List.of("bob@pec.alpha.example"), TestTime.now());

        ProviderMessageSigned wrapped = signedFor(facts, anomaly, Topics.ANOMALY_DETECTED);

        assertThat(wrapped.type()).isEqualTo(PecType.ANOMALY_ENVELOPE);
        assertThat(wrapped.routing().local()).containsExactly("bob@pec.alpha.example");
        assertThat(classify(wrapped).postacert().orElseThrow().bytes()).isEqualTo(DemoMessages.original().bytes());
    }
}
