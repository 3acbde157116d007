package io.sigillo.incomingpoint.reception;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.IncomingPointTestSupport;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.event.VirusDetected;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.support.MessageIdLogging;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the SMTP server stored, verified: envelopes from beta for alpha's recipients. Alpha's own envelopes never
 * come here: the delivery point takes them from the receipt service.
 */
class IncomingPointTest extends IncomingPointTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    BlobStore blobs;

    @Autowired
    JsonMapper json;

    @Autowired
    IncomingPoint incomingPoint;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    /** carol (beta) writes to bob (alpha) and to someone at beta and outside PEC. */
    private static MessageFacts facts() {
        return facts("carol@pec.beta.example");
    }

    private static MessageFacts facts(String sender) {
        return new MessageFacts(MessageIdentifier.random("pec.beta.example"), sender,
                List.of(Recipient.certified("bob@pec.alpha.example")),
                List.of(Recipient.certified("erin@pec.beta.example"), Recipient.external("dave@mail.example")),
                null, "Verbale", "<" + UUID.randomUUID() + "@client.example>");
    }

    /** As the SMTP server hands over what beta's relay brought for bob; returns the arrival's key. */
    private String arrive(MessageFacts facts, byte[] bytes) throws Exception {
        Arrival arrival = new Arrival(bytes, blobs.put(bytes), List.of("bob@pec.alpha.example"), TestTime.now());
        incomingPoint.receive(arrival);
        return arrival.key();
    }

    @Test
    void aValidEnvelopeGoesOnToDeliveryForThisProvidersRecipientsOnly() throws Exception {
        MessageFacts facts = facts();
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                DemoMessages.original(), ReceiptType.SINTETICA));

        arrive(facts, envelope.bytes());

        var records = topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        EnvelopeVerified verified = json.readValue(records.get(0).value(), EnvelopeVerified.class);
        assertThat(verified.facts()).isEqualTo(facts);
        assertThat(verified.recipients()).containsExactly("bob@pec.alpha.example");
        assertThat(verified.receiptType()).isEqualTo(ReceiptType.SINTETICA);
        assertThat(verified.sendingProviderMailbox()).isEqualTo("posta-certificata@pec.beta.example");
        assertThat(blobs.get(verified.original()).orElseThrow()).isEqualTo(DemoMessages.original().bytes());
    }

    @Test
    void anEnvelopeSignedByAKeyOutsideTheIndexBecomesAnAnomalyNeverACertifiedDelivery() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(IncomingPoint.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        MessageFacts facts = facts();
        SignedMessage forged = TestProviders.signAsRogue(new TransportEnvelope(facts, DemoMessages.BETA,
                TestTime.now(), DemoMessages.original()));

        String arrival = arrive(facts, forged.bytes());

        AnomalyDetected anomaly = awaitAnomalyAbout(facts);
        assertThat(anomaly.reason()).startsWith("UNTRUSTED_SIGNER");
        assertThat(anomaly.securityCheckFailed()).isTrue();
        assertThat(anomaly.recipients()).containsExactly("bob@pec.alpha.example");
        assertThat(anomaly.facts().subject()).isEqualTo("POSTA CERTIFICATA: Verbale");
        // The log line of the rejection names what arrived as the SMTP server's line did ("stored as"), in
        // pec.message_id of the JSON logs: nothing it claims is trusted.
        logger.detachAppender(lines);
        assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().startsWith("not valid PEC")
                && arrival.equals(e.getMDCPropertyMap().get(MessageIdLogging.KEY))).isNotEmpty();
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void anEnvelopeSignedByBetaClaimingAnAlphaSenderIsAForgeryAndBecomesAnAnomaly() throws Exception {
        MessageFacts facts = facts("alice@pec.alpha.example");
        // Beta's real key, but the sender's domain belongs to alpha.
        SignedMessage forged = TestProviders.composerFor(DemoMessages.BETA).compose(new TransportEnvelope(facts,
                DemoMessages.BETA, TestTime.now(), DemoMessages.original()));

        arrive(facts, forged.bytes());

        AnomalyDetected anomaly = awaitAnomalyAbout(facts);
        assertThat(anomaly.reason()).startsWith("FORGED").contains("Beta PEC").contains("alice@pec.alpha.example");
        assertThat(anomaly.securityCheckFailed()).isTrue();
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void anEnvelopeFromBetaWhoseFromWasMovedToAnotherDomainIsAForgery() throws Exception {
        MessageFacts facts = facts();
        String signed = new String(TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA,
                TestTime.now(), DemoMessages.original())).bytes(), StandardCharsets.ISO_8859_1);
        // Outside the signature, and without a Reply-To: a reply would go to the From's mailbox.
        String moved = signed.replaceFirst("(?m)^From:[^\\r\\n]*(\\r\\n[ \\t][^\\r\\n]*)*",
                "From: \"Per conto di: carol@pec.beta.example\" <posta-certificata@attacker.example>")
                .replaceFirst("(?m)^Reply-To:[^\\r\\n]*\\r\\n", "");
        assertThat(moved).contains("<posta-certificata@attacker.example>").doesNotContain("Reply-To:");

        arrive(facts, moved.getBytes(StandardCharsets.ISO_8859_1));

        AnomalyDetected anomaly = awaitAnomalyAbout(facts);
        assertThat(anomaly.reason()).startsWith("FORGED").contains("posta-certificata@attacker.example");
        assertThat(anomaly.securityCheckFailed()).isTrue();
    }

    @Test
    void aVirusInAnEnvelopeFromBetaIsNotDeliveredAndBetaIsOwedAVirusDetectionNotice() throws Exception {
        MessageFacts facts = facts();
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                infectedOriginal()));

        arrive(facts, envelope.bytes());

        var viruses = topics.await(Topics.VIRUS_DETECTED, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        VirusDetected virus = json.readValue(viruses.get(0).value(), VirusDetected.class);
        assertThat(virus.recipients()).containsExactly("bob@pec.alpha.example");
        assertThat(virus.finding()).isEqualTo("Eicar-Test-Signature");
        assertThat(virus.sendingProviderMailbox()).isEqualTo("posta-certificata@pec.beta.example");
        // The non-delivery notice for virus is beta's to give its sender, not alpha's.
        assertThat(topics.await(Topics.DELIVERY_OUTCOME, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
    }

    private AnomalyDetected awaitAnomalyAbout(MessageFacts facts) {
        var anomalies = topics.await(Topics.ANOMALY_DETECTED, r -> {
            AnomalyDetected a = json.readValue(r.value(), AnomalyDetected.class);
            // The envelope's own Message-ID is the PEC identifier.
            return facts.identifier().asHeader().equals(a.facts().originalMessageId());
        }, 1, WAIT);
        assertThat(anomalies).hasSize(1);
        return json.readValue(anomalies.get(0).value(), AnomalyDetected.class);
    }
}
