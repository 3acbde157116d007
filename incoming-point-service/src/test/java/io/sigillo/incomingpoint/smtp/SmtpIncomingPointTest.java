package io.sigillo.incomingpoint.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.IncomingPointTestSupport;
import io.sigillo.infra.SmtpDialogue;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.event.VirusDetected;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TakeInChargeReceipt;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.message.VirusDetectionNotice;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.support.smtp.HandoverFailed;
import io.sigillo.support.smtp.SmtpHandover;
import io.sigillo.support.smtp.SmtpTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Alpha's incoming point as other providers and strangers reach it: SMTP on loopback, with STARTTLS. */
class SmtpIncomingPointTest extends IncomingPointTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    SmtpIncomingServer server;

    @Autowired
    BlobStore blobs;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private final SmtpHandover beta = new SmtpHandover(new SmtpHandover.Settings(Duration.ofSeconds(20), true,
            SmtpTls.clientSocketFactory(TestPki.get().caPem()), "smtp.pec.beta.example"));

    private String send(String mailFrom, List<String> rcptTo, byte[] message) throws HandoverFailed {
        return beta.send("localhost", server.port(), mailFrom, rcptTo, message);
    }

    @Autowired
    JdbcClient jdbc;

    /**
     * Alpha's receipt service signed the envelope of {@code facts}, for its recipients at other providers, as it
     * announces it on pec.message.signed; returns once the incoming point knows to expect their receipts.
     */
    private void signedHere(MessageFacts facts) {
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, TestTime.now(),
                DemoMessages.original()));
        List<String> elsewhere = facts.recipients().stream().map(Recipient::address)
                .filter(a -> !a.endsWith("@pec.alpha.example")).toList();
        ProviderMessageSigned signed = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), PecType.TRANSPORT_ENVELOPE, envelope.messageId(),
                blobs.put(envelope.bytes()), new Routing(List.of(), elsewhere, List.of()), TestTime.now(),
                "pec.alpha.example", List.of(), facts, blobs.put(DemoMessages.original().bytes()), null, null);
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(), json.writeValueAsBytes(signed));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM expected_receipts WHERE identifier = ?")
                .param(facts.identifier().value()).query(Integer.class).single() == elsewhere.size());
    }

    /** alice (alpha) wrote to carol (beta) and bob (alpha). */
    private static MessageFacts alphaMessage() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified("carol@pec.beta.example"), Recipient.certified("bob@pec.alpha.example")),
                List.of(), null, "Contratto", "<" + UUID.randomUUID() + "@client.example>");
    }

    /** carol (beta) writes to bob (alpha). */
    private static MessageFacts betaMessage() {
        return new MessageFacts(MessageIdentifier.random("pec.beta.example"), "carol@pec.beta.example",
                List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null, "Preventivo",
                "<" + UUID.randomUUID() + "@client.example>");
    }

    @Test
    void theGreetingAnnouncesStarttlsAndTheSizeLimitAndNoMailIsTakenBeforeIt() throws Exception {
        try (Socket socket = new Socket("localhost", server.port());
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("220 ");
            out.print("EHLO test.example\r\n");
            out.flush();
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                lines.add(line);
            } while (line.startsWith("250-"));
            assertThat(lines).anyMatch(l -> l.substring(4).equals("STARTTLS"));
            assertThat(lines).anyMatch(l -> l.substring(4).equals("SIZE 2097152"));
            out.print("MAIL FROM:<posta-certificata@pec.beta.example>\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("530 ");
        }
    }

    /** What the server says first on a new connection: its greeting, or why it will not talk. */
    private static String firstLine(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
    }

    @Test
    void oneClientAddressGetsNoMoreSessionsAtOnceThanItsShareAndTheRestAre421() throws Exception {
        // The tests allow 4 at once from one address (IncomingPointTestSupport); production allows 20.
        double refusedBefore = meters.counter("sigillo.smtp.sessions.refused").count();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket("localhost", server.port());
                open.add(socket);
                assertThat(firstLine(socket)).startsWith("220 ");
            }
            try (Socket fifth = new Socket("localhost", server.port())) {
                assertThat(firstLine(fifth)).startsWith("421 ");
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        assertThat(meters.counter("sigillo.smtp.sessions.refused").count()).isEqualTo(refusedBefore + 1);
        // Once they close, the address may connect again.
        await().atMost(WAIT).until(() -> meters.get("sigillo.smtp.sessions.active").gauge().value() == 0.0);
        try (Socket again = new Socket("localhost", server.port())) {
            assertThat(firstLine(again)).startsWith("220 ");
        }
    }

    @Test
    void slowSendersHoldingTheirAddressesShareDelayNoProviderAndAreCutAtTheirTime() throws Exception {
        double expiredBefore = meters.counter("sigillo.smtp.sessions.expired").count();
        List<SmtpDialogue> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                SmtpDialogue stranger = new SmtpDialogue("127.0.0.2", server.port(), STRANGER_TLS);
                slow.add(stranger);
                assertThat(stranger.greeting()).startsWith("220 ");
                stranger.startTls();
                assertThat(stranger.command("MAIL FROM:<lento@stranger.example>")).startsWith("250");
                assertThat(stranger.command("RCPT TO:<bob@pec.alpha.example>")).startsWith("250");
                assertThat(stranger.command("DATA")).startsWith("354");
                // A few bytes, then nothing: the DATA never ends.
                stranger.write("Subject: lento\r\n\r\n" + "x".repeat(100));
            }
            try (SmtpDialogue fifth = new SmtpDialogue("127.0.0.2", server.port(), STRANGER_TLS)) {
                assertThat(fifth.greeting()).startsWith("421 ");
            }

            betaGetsAnEnvelopeThrough();

            for (SmtpDialogue stranger : slow) {
                assertThat(stranger.answer()).startsWith("421 4.4.2");
                assertThat(stranger.answer()).as("disconnected").isNull();
            }
        } finally {
            for (SmtpDialogue stranger : slow) {
                stranger.close();
            }
        }
        assertThat(meters.counter("sigillo.smtp.sessions.expired").count()).isEqualTo(expiredBefore + 4);
        await().atMost(WAIT).until(() -> meters.get("sigillo.smtp.sessions.active").gauge().value() == 0.0);
    }

    @Test
    void aFloodOfJunkFromOneAddressIsTurnedAwayBeyondItsShareWhileAProviderGetsThrough() throws Exception {
        double refusedBefore = meters.counter("sigillo.smtp.sessions.refused").count();
        List<SmtpDialogue> flood = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 8; i++) {
                flood.add(new SmtpDialogue("127.0.0.3", server.port(), STRANGER_TLS));
            }
            List<SmtpDialogue> admitted = flood.stream().filter(s -> s.greeting().startsWith("220 ")).toList();
            assertThat(admitted).hasSize(4);
            assertThat(flood).filteredOn(s -> s.greeting().startsWith("421 ")).hasSize(4);
            List<Future<List<String>>> answers = new ArrayList<>();
            for (SmtpDialogue stranger : admitted) {
                answers.add(senders.submit(() -> junk(stranger.startTls(), 5)));
            }

            betaGetsAnEnvelopeThrough();
            // Every piece of junk got a clear answer: taken, and to be delivered as an anomaly.
            for (Future<List<String>> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).hasSize(5).allMatch(a -> a.startsWith("250 "));
            }
        } finally {
            senders.shutdownNow();
            for (SmtpDialogue stranger : flood) {
                stranger.close();
            }
        }
        assertThat(meters.counter("sigillo.smtp.sessions.refused").count()).isEqualTo(refusedBefore + 4);
        await().atMost(WAIT).until(() -> meters.get("sigillo.smtp.sessions.active").gauge().value() == 0.0);
    }

    /** Beta hands over an envelope for bob: it is answered 250 and verified, whatever strangers are doing. */
    private void betaGetsAnEnvelopeThrough() throws HandoverFailed {
        MessageFacts facts = betaMessage();
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                DemoMessages.original()));
        assertThat(send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"), envelope.bytes()))
                .startsWith("250");
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1, WAIT))
                .hasSize(1);
    }

    /** Sends {@code count} pieces of ordinary mail for bob over one session; the answers to their DATA. */
    private static List<String> junk(SmtpDialogue stranger, int count) throws IOException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stranger.command("MAIL FROM:<offerte@stranger.example>");
            stranger.command("RCPT TO:<bob@pec.alpha.example>");
            stranger.command("DATA");
            answers.add(stranger.command("From: offerte@stranger.example\r\nTo: bob@pec.alpha.example\r\n"
                    + "Subject: offerta " + i + "\r\nMessage-ID: <" + UUID.randomUUID() + "@stranger.example>\r\n"
                    + "\r\ncompra ora\r\n."));
        }
        stranger.command("QUIT");
        return answers;
    }

    @Test
    void everySmtpSessionIsCountedAndNoLongerActiveOnceClosed() throws Exception {
        double before = meters.counter("sigillo.smtp.sessions").count();
        try (Socket socket = new Socket("localhost", server.port());
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("220 ");
            assertThat(meters.get("sigillo.smtp.sessions.active").gauge().value()).isEqualTo(1.0);
            out.print("QUIT\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("221 ");
        }

        assertThat(meters.counter("sigillo.smtp.sessions").count()).isEqualTo(before + 1);
        await().atMost(WAIT).until(() -> meters.get("sigillo.smtp.sessions.active").gauge().value() == 0.0);
    }

    @Test
    void anEnvelopeFromBetaIsVerifiedBeforeTheAnswerAndGoesOnForItsLocalRecipients() throws Exception {
        MessageFacts facts = betaMessage();
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                DemoMessages.original()));

        String answer = send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"),
                envelope.bytes());

        // 250 came after the verdict: the answer names it and the stored body.
        assertThat(answer).startsWith("250").contains("envelope " + facts.identifier().value());
        String sha = answer.substring(answer.lastIndexOf(' ') + 1).trim();
        var records = topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        EnvelopeVerified verified = json.readValue(records.get(0).value(), EnvelopeVerified.class);
        assertThat(verified.envelope().sha256()).isEqualTo(sha);
        assertThat(receivedAsSent(blobs.get(verified.envelope()).orElseThrow(), envelope.bytes())).isTrue();
        assertThat(verified.recipients()).containsExactly("bob@pec.alpha.example");
        assertThat(verified.sendingProviderMailbox()).isEqualTo("posta-certificata@pec.beta.example");
        assertThat(verified.facts().identifier()).isEqualTo(facts.identifier());
    }

    @Test
    void whileTheVirusScannerIsDownTheSenderIsAnswered451AndItsRetryIsVerifiedOnce() throws Exception {
        MessageFacts facts = betaMessage();
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                DemoMessages.original()));
        CLAMD.goDown();
        try {
            assertThatThrownBy(() -> send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"),
                    envelope.bytes())).isInstanceOfSatisfying(HandoverFailed.class, e -> {
                        assertThat(e.code()).isEqualTo(451);
                        assertThat(e.permanent()).isFalse();
                    });
        } finally {
            CLAMD.comeBack();
        }
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(1))).isEmpty();

        // Beta's relay keeps the envelope and hands it over again.
        assertThat(send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"), envelope.bytes()))
                .startsWith("250");

        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 2,
                Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void aDeliveryReceiptFromBetaForOurMessageGoesToTheSendersMailboxAndNamesWhatItReports() throws Exception {
        MessageFacts facts = alphaMessage();
        signedHere(facts);
        SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "carol@pec.beta.example", ReceiptType.SINTETICA, null));

        send("posta-certificata@pec.beta.example", List.of("alice@pec.alpha.example"), receipt.bytes());

        ProviderMessageSigned received = awaitSigned(facts);
        assertThat(received.type()).isEqualTo(PecType.DELIVERY);
        assertThat(received.issuer()).isEqualTo("pec.beta.example");
        assertThat(received.routing().local()).containsExactly("alice@pec.alpha.example");
        assertThat(received.concerning()).containsExactly("carol@pec.beta.example");
        assertThat(received.signedMessageId()).isEqualTo(receipt.messageId());
        assertThat(receivedAsSent(blobs.get(received.signed()).orElseThrow(), receipt.bytes())).isTrue();
    }

    @Test
    void aVirusInAnEnvelopeFromBetaIsNotDeliveredAndBetaIsToBeToldNotOurSender() throws Exception {
        MessageFacts facts = betaMessage();
        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(facts, DemoMessages.BETA, TestTime.now(),
                infectedOriginal()));

        send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"), envelope.bytes());

        var viruses = topics.await(Topics.VIRUS_DETECTED, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        VirusDetected virus = json.readValue(viruses.get(0).value(), VirusDetected.class);
        assertThat(virus.sendingProviderMailbox()).isEqualTo("posta-certificata@pec.beta.example");
        assertThat(virus.recipients()).containsExactly("bob@pec.alpha.example");
        // The sender is beta's: beta owes the non-delivery notice, not us.
        assertThat(topics.await(Topics.DELIVERY_OUTCOME, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
        assertThat(topics.await(Topics.ENVELOPE_VERIFIED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ZERO)).isEmpty();
    }

    @Test
    void aVirusDetectionNoticeFromBetaBecomesOurNonDeliveryNoticeForVirusForTheSender() throws Exception {
        MessageFacts facts = alphaMessage();
        signedHere(facts);
        SignedMessage notice = TestProviders.sign(new VirusDetectionNotice(facts, DemoMessages.BETA, TestTime.now(),
                "posta-certificata@pec.alpha.example", "carol@pec.beta.example", "Eicar-Test-Signature"));

        send("posta-certificata@pec.beta.example", List.of("posta-certificata@pec.alpha.example"), notice.bytes());

        ProviderMessageSigned received = awaitSigned(facts);
        assertThat(received.type()).isEqualTo(PecType.VIRUS_DETECTION);
        assertThat(received.routing().local()).isEmpty();
        var outcomes = topics.await(Topics.DELIVERY_OUTCOME, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        DeliveryOutcome outcome = json.readValue(outcomes.get(0).value(), DeliveryOutcome.class);
        assertThat(outcome.failure()).isEqualTo(NonDeliveryReason.VIRUS);
        assertThat(outcome.recipient()).isEqualTo("carol@pec.beta.example");
        assertThat(outcome.facts().sender()).isEqualTo("alice@pec.alpha.example");
    }

    @Test
    void aTakeInChargeReceiptFromBetaGoesOnlyToTheLogAndTheTimers() throws Exception {
        MessageFacts facts = alphaMessage();
        signedHere(facts);
        SignedMessage receipt = TestProviders.sign(new TakeInChargeReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "posta-certificata@pec.alpha.example", List.of("carol@pec.beta.example")));

        send("posta-certificata@pec.beta.example", List.of("posta-certificata@pec.alpha.example"), receipt.bytes());

        ProviderMessageSigned received = awaitSigned(facts);
        assertThat(received.type()).isEqualTo(PecType.TAKE_IN_CHARGE);
        assertThat(received.routing().local()).isEmpty();
        assertThat(received.concerning()).containsExactly("carol@pec.beta.example");
    }

    @Test
    void aReceiptSignedByBetaAboutAnAlphaRecipientIsAForgery() throws Exception {
        MessageFacts facts = alphaMessage();
        // Beta claims bob, a mailbox of alpha, got the message.
        SignedMessage forged = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "bob@pec.alpha.example", ReceiptType.SINTETICA, null));

        send("posta-certificata@pec.beta.example", List.of("alice@pec.alpha.example"), forged.bytes());

        AnomalyDetected anomaly = awaitAnomaly(forged.messageId().asHeader());
        assertThat(anomaly.reason()).startsWith("FORGED");
        assertThat(anomaly.recipients()).containsExactly("alice@pec.alpha.example");
        assertNoReceiptAnnounced(facts);
    }

    @Test
    void aGenuineReceiptReplayedToAnotherMailboxReachesItOnlyAsAnAnomaly() throws Exception {
        MessageFacts facts = alphaMessage();
        signedHere(facts);
        // Beta's real receipt for alice, sent again to bob: it must not reach him as a certified receipt.
        SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "carol@pec.beta.example", ReceiptType.SINTETICA, null));

        send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"), receipt.bytes());

        AnomalyDetected anomaly = awaitAnomaly(receipt.messageId().asHeader());
        assertThat(anomaly.reason()).startsWith("MISDIRECTED").contains("bob@pec.alpha.example")
                .contains("alice@pec.alpha.example");
        assertThat(anomaly.recipients()).containsExactly("bob@pec.alpha.example");
        assertNoReceiptAnnounced(facts);
    }

    @Test
    void aReceiptAboutAMessageNotKnownHereYetIsAnswered451AndTakenOnceItsEnvelopeIsKnown() throws Exception {
        MessageFacts facts = alphaMessage();
        SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA, TestTime.now(),
                "carol@pec.beta.example", ReceiptType.SINTETICA, null));

        assertThatThrownBy(() -> send("posta-certificata@pec.beta.example", List.of("alice@pec.alpha.example"),
                receipt.bytes())).isInstanceOfSatisfying(HandoverFailed.class, e -> {
                    assertThat(e.code()).isEqualTo(451);
                    assertThat(e.permanent()).isFalse();
                });
        assertNoReceiptAnnounced(facts);

        // The envelope's announcement reaches the incoming point; beta's relay hands the receipt over again.
        signedHere(facts);
        assertThat(send("posta-certificata@pec.beta.example", List.of("alice@pec.alpha.example"), receipt.bytes()))
                .startsWith("250");
        assertThat(awaitSigned(facts).concerning()).containsExactly("carol@pec.beta.example");
    }

    @Test
    void aGenuineReceiptAboutAMessageWeNeverSentIsAnAnomalyOnceTheGraceIsOver() throws Exception {
        MessageFacts facts = alphaMessage();
        // Signed by beta two hours ago, about a message alpha has no record of sending.
        SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA,
                TestTime.now().minus(Duration.ofHours(2)), "carol@pec.beta.example", ReceiptType.SINTETICA, null));

        send("posta-certificata@pec.beta.example", List.of("alice@pec.alpha.example"), receipt.bytes());

        AnomalyDetected anomaly = awaitAnomaly(receipt.messageId().asHeader());
        assertThat(anomaly.reason()).startsWith("UNEXPECTED").contains(facts.identifier().value());
        assertThat(anomaly.recipients()).containsExactly("alice@pec.alpha.example");
        assertNoReceiptAnnounced(facts);
    }

    @Test
    void aReceiptAboutARecipientOrASenderTheMessageDidNotHaveIsAnAnomaly() throws Exception {
        MessageFacts facts = alphaMessage();
        signedHere(facts);
        // Beta reports on dave, to whom alice's message never went.
        SignedMessage otherRecipient = TestProviders.sign(new DeliveryReceipt(facts, DemoMessages.BETA,
                TestTime.now(), "dave@pec.beta.example", ReceiptType.SINTETICA, null));
        // The same identifier, claimed to be bob's message.
        MessageFacts bobs = new MessageFacts(facts.identifier(), "bob@pec.alpha.example", facts.recipients(),
                List.of(), null, "Contratto", facts.originalMessageId());
        SignedMessage otherSender = TestProviders.sign(new DeliveryReceipt(bobs, DemoMessages.BETA, TestTime.now(),
                "carol@pec.beta.example", ReceiptType.SINTETICA, null));

        send("posta-certificata@pec.beta.example", List.of("alice@pec.alpha.example"), otherRecipient.bytes());
        send("posta-certificata@pec.beta.example", List.of("bob@pec.alpha.example"), otherSender.bytes());

        assertThat(awaitAnomaly(otherRecipient.messageId().asHeader()).reason()).startsWith("UNEXPECTED")
                .contains("was not sent to dave@pec.beta.example");
        assertThat(awaitAnomaly(otherSender.messageId().asHeader()).reason()).startsWith("UNEXPECTED")
                .contains("was sent by alice@pec.alpha.example, not by bob@pec.alpha.example");
        assertNoReceiptAnnounced(facts);
    }

    @Test
    void ordinaryMailFromOutsideBecomesAnAnomalyForItsRecipient() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@mail.example>";
        byte[] mail = ("From: someone@mail.example\r\nTo: bob@pec.alpha.example\r\nSubject: offerta\r\n"
                + "Message-ID: " + messageId + "\r\n\r\nciao\r\n").getBytes(StandardCharsets.US_ASCII);

        send("someone@mail.example", List.of("bob@pec.alpha.example"), mail);

        AnomalyDetected anomaly = awaitAnomaly(messageId);
        assertThat(anomaly.reason()).startsWith("NOT_PEC");
        // Ordinary mail failed no security check: only a broken or untrusted signature does.
        assertThat(anomaly.securityCheckFailed()).isFalse();
        assertThat(anomaly.facts().sender()).isEqualTo("someone@mail.example");
        assertThat(anomaly.recipients()).containsExactly("bob@pec.alpha.example");
    }

    @Test
    void recipientsOfOtherDomainsAreRefusedWith550AndNothingIsStored() {
        double refused = meters.counter("sigillo.smtp.messages", "result", "refused-recipient").count();
        String messageId = "<" + UUID.randomUUID() + "@mail.example>";
        byte[] mail = ("From: a@mail.example\r\nTo: x@pec.beta.example\r\nSubject: relay?\r\nMessage-ID: "
                + messageId + "\r\n\r\nno\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> send("a@mail.example", List.of("x@pec.beta.example"), mail))
                .isInstanceOfSatisfying(HandoverFailed.class, e -> {
                    assertThat(e.code()).isEqualTo(550);
                    assertThat(e.permanent()).isTrue();
                });
        assertThat(meters.counter("sigillo.smtp.messages", "result", "refused-recipient").count())
                .isEqualTo(refused + 1);
        assertThat(topics.await(Topics.ANOMALY_DETECTED, r -> messageId.equals(json.readValue(r.value(),
                AnomalyDetected.class).facts().originalMessageId()), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedWith552() {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] head = "From: a@mail.example\r\nTo: bob@pec.alpha.example\r\nSubject: big\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, big, 0, head.length);

        assertThatThrownBy(() -> send("a@mail.example", List.of("bob@pec.alpha.example"), big))
                .isInstanceOfSatisfying(HandoverFailed.class, e -> assertThat(e.code()).isEqualTo(552));
    }

    /** The stored message is the sent one byte for byte, after the Received trace line the server adds. */
    private static boolean receivedAsSent(byte[] stored, byte[] sent) {
        String received = new String(stored, StandardCharsets.ISO_8859_1);
        return received.startsWith("Received: ") && received.endsWith(new String(sent, StandardCharsets.ISO_8859_1))
                && stored.length > sent.length;
    }

    /** A receipt from another provider, as announced on its own topic; nothing of it is on ours. */
    private ProviderMessageSigned awaitSigned(MessageFacts facts) {
        assertThat(topics.await(Topics.MESSAGE_SIGNED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ZERO)).isEmpty();
        var records = topics.await(Topics.RECEIPT_RECEIVED, r -> facts.identifier().value().equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        return json.readValue(records.get(0).value(), ProviderMessageSigned.class);
    }

    /** Nothing about the message reached pec.receipt.received: no mailbox gets it as a certified receipt. */
    private void assertNoReceiptAnnounced(MessageFacts facts) {
        assertThat(topics.await(Topics.RECEIPT_RECEIVED, r -> facts.identifier().value().equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
    }

    private AnomalyDetected awaitAnomaly(String originalMessageId) {
        var records = topics.await(Topics.ANOMALY_DETECTED, r -> originalMessageId.equals(
                json.readValue(r.value(), AnomalyDetected.class).facts().originalMessageId()), 1, WAIT);
        assertThat(records).hasSize(1);
        return json.readValue(records.get(0).value(), AnomalyDetected.class);
    }
}
