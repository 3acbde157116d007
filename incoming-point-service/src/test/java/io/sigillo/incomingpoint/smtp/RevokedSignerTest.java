package io.sigillo.incomingpoint.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.incomingpoint.IncomingPointTestSupport;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.smime.CertificateRevocation;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.support.smtp.HandoverFailed;
import io.sigillo.support.smtp.SmtpHandover;
import io.sigillo.support.smtp.SmtpTls;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/** Alpha's incoming point checking its senders' certificates against the demo CA's CRL, which a test publishes. */
@Import(RevokedSignerTest.DemoCaCrl.class)
class RevokedSignerTest extends IncomingPointTestSupport {

    /** The CRL the demo CA publishes now; null while its address does not answer. */
    static final AtomicReference<byte[]> PUBLISHED = new AtomicReference<>();

    @TestConfiguration
    static class DemoCaCrl {

        @Bean
        CertificateRevocation revocation(Clock clock) {
            return new CertificateRevocation(List.of(TestPki.get().ca().certificate()), clock, point -> {
                byte[] crl = PUBLISHED.get();
                if (crl == null) {
                    throw new IOException("connection refused");
                }
                return crl;
            });
        }
    }

    @Autowired
    SmtpIncomingServer server;

    @Autowired
    JsonMapper json;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private final SmtpHandover beta = new SmtpHandover(new SmtpHandover.Settings(Duration.ofSeconds(20), true,
            SmtpTls.clientSocketFactory(TestPki.get().caPem()), "smtp.pec.beta.example"));

    @Test
    void anEnvelopeWaitsWhileTheCrlIsUnreachableAndIsAnAnomalyOnceItSaysTheSignerIsRevoked() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.beta.example"), "carol@pec.beta.example",
                List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null, "Preventivo " + run,
                "<" + run + "@client.example>");
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                DemoMessages.original()));

        PUBLISHED.set(null);
        assertThatThrownBy(() -> send(envelope)).isInstanceOfSatisfying(HandoverFailed.class,
                e -> assertThat(e.code()).isEqualTo(451));
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(1))).isEmpty();

        X509Certificate betaCertificate = TestPki.get().beta().certificate();
        PUBLISHED.set(DemoPki.crl(TestPki.get().ca(), Map.of(betaCertificate, TestTime.now().minus(Duration.ofDays(1))),
                TestTime.now().minus(Duration.ofHours(1)), TestTime.now().plus(Duration.ofDays(7))));
        assertThat(send(envelope)).startsWith("250").contains("anomaly REVOKED");

        AnomalyDetected anomaly = json.readValue(topics.await(Topics.ANOMALY_DETECTED, r -> facts.subject()
                .equals(json.readValue(r.value(), AnomalyDetected.class).facts().subject().replaceFirst("^.*: ", "")),
                1, Duration.ofSeconds(30)).get(0).value(), AnomalyDetected.class);
        assertThat(anomaly.reason()).startsWith("REVOKED").contains("key_compromise");
        assertThat(anomaly.recipients()).containsExactly("bob@pec.alpha.example");
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ZERO)).isEmpty();
    }

    private String send(SignedMessage message) throws HandoverFailed {
        return beta.send("localhost", server.port(), "posta-certificata@pec.beta.example",
                List.of("bob@pec.alpha.example"), message.bytes());
    }
}
