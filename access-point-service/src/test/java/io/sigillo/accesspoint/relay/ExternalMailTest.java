package io.sigillo.accesspoint.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestProviders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ordinary mail to external recipients goes to their domains' MX hosts, found in a real DNS server (dnsmasq on
 * loopback), over STARTTLS where offered, the most preferred host that answers first; a domain that takes no mail
 * fails at once, and its sender is told so by a delivery status notification sent to this provider's own mail host.
 */
class ExternalMailTest extends AccessPointTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FakeMailHost exchanger;
    private static FakeMailHost ownMailHost;

    @Autowired
    BlobStore blobs;

    @Autowired
    Outbox outbox;

    @Autowired
    JsonMapper json;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    @BeforeAll
    static void theMailExchangerListens() throws Exception {
        assumeTrue(DNS != null, "dnsmasq is not installed (apt-get install dnsmasq-base; CI installs it)");
        // On 127.0.0.1 only: the first MX host of fallback.example, 127.0.0.9, refuses the connection.
        exchanger = new FakeMailHost(EXTERNAL_MX_PORT, InetAddress.getByName("127.0.0.1"));
        ownMailHost = new FakeMailHost(ALPHA_MAIL_PORT);
    }

    @AfterAll
    static void theMailExchangerStops() {
        if (exchanger != null) {
            exchanger.close();
            ownMailHost.close();
        }
    }

    @Test
    void mailForADomainGoesToItsMxHostByteForByteOverTls() {
        Sent envelope = send("dave@mail.example");

        await().atMost(WAIT).until(() -> received("dave@mail.example", envelope).size() == 1);
        // The fake host takes mail only after STARTTLS: taken means encrypted.
        assertThat(received("dave@mail.example", envelope).get(0).data()).isEqualTo(envelope.envelope().bytes());
        assertThat(received("dave@mail.example", envelope).get(0).rcptTo()).containsExactly("dave@mail.example");
        await().atMost(WAIT).ignoreExceptions().until(() -> row(envelope).status() == Outbox.Status.SENT);
    }

    @Test
    void aHostThatDoesNotAnswerGivesWayToTheNextByPreference() {
        Sent envelope = send("erin@fallback.example");

        await().atMost(WAIT).until(() -> received("erin@fallback.example", envelope).size() == 1);
        await().atMost(WAIT).ignoreExceptions().until(() -> row(envelope).status() == Outbox.Status.SENT);
        assertThat(row(envelope).message().attempts()).isEqualTo(1);
    }

    @Test
    void aDomainWithoutMxTakesMailAtItsOwnAddress() {
        Sent envelope = send("frank@plain.example");

        await().atMost(WAIT).until(() -> received("frank@plain.example", envelope).size() == 1);
    }

    @Test
    void aNullMxOrADomainThatDoesNotExistFailsAtOnceWithItsReasonAndTheSenderIsTold() throws Exception {
        Sent toNullMx = send("gina@nomail.example");
        Sent toNowhere = send("hal@nosuch.example");

        await().atMost(WAIT).ignoreExceptions().until(() -> row(toNullMx).status() == Outbox.Status.FAILED
                && row(toNowhere).status() == Outbox.Status.FAILED);
        assertThat(row(toNullMx).lastError()).contains("null MX");
        assertThat(row(toNowhere).lastError()).contains("nosuch.example does not exist");
        assertThat(row(toNullMx).message().attempts()).isEqualTo(1);

        // alice is told, as by any mail server: a report from the null sender to her, through her own provider.
        await().atMost(WAIT).until(() -> report(toNullMx).isPresent() && report(toNowhere).isPresent());
        FakeMailHost.Received report = report(toNullMx).orElseThrow();
        assertThat(report.mailFrom()).isEmpty();
        assertThat(report.rcptTo()).containsExactly("alice@pec.alpha.example");
        MimeMessage dsn = new MimeMessage(null, new ByteArrayInputStream(report.data()));
        assertThat(dsn.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(dsn.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(dsn.getFrom()[0].toString()).contains("MAILER-DAEMON@pec.alpha.example");
        MimeMultipart parts = (MimeMultipart) dsn.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat((String) parts.getBodyPart(0).getContent()).contains("gina@nomail.example", "null MX",
                "non è stato consegnato");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        String status = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(status).contains("Reporting-MTA: dns; smtp.pec.alpha.example\r\n",
                "Final-Recipient: rfc822; gina@nomail.example\r\n", "Action: failed\r\n", "Status: 5.1.10\r\n",
                "Diagnostic-Code: smtp; 556 ");
        assertThat(new String(parts.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                // The headers only: the body stays out.
                .contains("Message-ID: " + toNullMx.envelope().messageId().asHeader()).doesNotContain("\r\n\r\n");
        assertThat(new String(report(toNowhere).orElseThrow().data(), StandardCharsets.US_ASCII))
                .contains("Final-Recipient: rfc822; hal@nosuch.example", "Status: 5.1.2");
        // The report's own row is sent, and one report is all a failure gets.
        await().atMost(WAIT).until(() -> outbox.forMessage(toNullMx.identifier()).stream()
                .anyMatch(e -> e.message().mailFrom().equals("<>") && e.status() == Outbox.Status.SENT));
        assertThat(outbox.forMessage(toNullMx.identifier())).hasSize(2);
    }

    @Test
    void mailThatIsDeliveredReportsNothing() {
        Sent envelope = send("ivo@mail.example");

        await().atMost(WAIT).ignoreExceptions().until(() -> row(envelope).status() == Outbox.Status.SENT);
        assertThat(outbox.forMessage(envelope.identifier())).hasSize(1);
        assertThat(report(envelope)).isEmpty();
    }

    /** The report this provider's own mail host took about {@code sent}, if any. */
    private java.util.Optional<FakeMailHost.Received> report(Sent sent) {
        String id = sent.envelope().messageId().asHeader();
        return ownMailHost.received().stream().filter(r -> new String(r.data(), StandardCharsets.ISO_8859_1)
                .contains("Message-ID: " + id) && r.rcptTo().contains("alice@pec.alpha.example")).findFirst();
    }

    /** A PEC identifier and its envelope. */
    private record Sent(String identifier, SignedMessage envelope) {
    }

    /** alice writes to one external recipient; the receipt service's announcement routes it as external. */
    private Sent send(String recipient) {
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.external(recipient)), List.of(), null, "Esterno " + UUID.randomUUID(),
                "<" + UUID.randomUUID() + "@client.example>");
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, TestTime.now(),
                DemoMessages.original()));
        ProviderMessageSigned signed = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), envelope.type(), envelope.messageId(),
                blobs.put(envelope.bytes()), new Routing(List.of(), List.of(), List.of(recipient)), TestTime.now(),
                "pec.alpha.example", List.of(), facts, blobs.put(DemoMessages.original().bytes()), null, null);
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(signed));
        return new Sent(facts.identifier().value(), envelope);
    }

    private List<FakeMailHost.Received> received(String rcpt, Sent sent) {
        String id = sent.envelope().messageId().asHeader();
        return exchanger.received().stream().filter(r -> r.rcptTo().contains(rcpt)
                && new String(r.data(), StandardCharsets.ISO_8859_1).contains(id)).toList();
    }

    private Outbox.Entry row(Sent sent) {
        return outbox.forMessage(sent.identifier()).stream().findFirst().orElseThrow();
    }
}
