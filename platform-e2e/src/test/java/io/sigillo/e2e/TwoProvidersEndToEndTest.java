package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.infra.FakeClamd;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.support.smtp.SmtpHandover;
import io.sigillo.support.smtp.SmtpTls;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two providers, each on its own Kafka and database, alpha as five processes and beta as one provider process,
 * talking only SMTP on loopback: the envelope and the receipts cross between them, and each keeps its own side of
 * the log.
 */
@ExtendWith(InfrastructureAvailable.class)
class TwoProvidersEndToEndTest {

    private static TwoProviders platform;
    private static PecClient alice;
    private static PecClient bob;
    private static PecClient carol;
    private static SmtpHandover internet;

    @BeforeAll
    static void startProviders() throws Exception {
        platform = TwoProviders.get();
        alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        bob = new PecClient(platform, platform.alpha, "bob@pec.alpha.example", "bob-demo");
        carol = new PecClient(platform, platform.beta, "carol@pec.beta.example", "carol-demo");
        internet = new SmtpHandover(new SmtpHandover.Settings(Duration.ofSeconds(30), false,
                SmtpTls.clientSocketFactory(TestPki.get().caPem()), "mx.mail.example"));
    }

    private static String riferimentoOf(PecClient sender, String subject) throws Exception {
        sender.awaitListed("ACCETTAZIONE: " + subject);
        String listing = sender.listing();
        return PecClient.field(listing.substring(listing.indexOf("ACCETTAZIONE: " + subject)), "riferimentoMessageId");
    }

    private static String signerOf(Classification c) {
        return c.signature().orElseThrow().signer().getSubjectX500Principal().getName();
    }

    @Test
    void aliceWritesToCarolAtBetaTheEnvelopeAndReceiptsCrossAndBothLogsHoldTheirSide() throws Exception {
        HttpResponse<String> accepted = alice.submit("""
                {"to":["carol@pec.beta.example"],"subject":"Offerta tra gestori","text":"Cara Carol,\\nl'offerta."}""");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String identifier = PecClient.field(accepted.body(), "messageId");
        String riferimento = riferimentoOf(alice, "Offerta tra gestori");

        Classification acceptance = alice.verified(alice.awaitOne(riferimento, "accettazione"), PecType.ACCEPTANCE);
        assertThat(acceptance.daticert().orElseThrow().recipients())
                .containsExactly(Recipient.certified("carol@pec.beta.example"));

        Classification envelope = carol.verified(carol.awaitOne(riferimento, "posta-certificata"),
                PecType.TRANSPORT_ENVELOPE);
        assertThat(signerOf(envelope)).contains("CN=pec.alpha.example");
        assertThat(envelope.daticert().orElseThrow().identifier()).isEqualTo(identifier);

        Classification delivery = alice.verified(alice.awaitOne(riferimento, "avvenuta-consegna"), PecType.DELIVERY);
        assertThat(signerOf(delivery)).contains("CN=pec.beta.example");
        Daticert facts = delivery.daticert().orElseThrow();
        assertThat(facts.issuer()).isEqualTo("Beta PEC S.r.l. (demo)");
        assertThat(facts.deliveredTo()).isEqualTo("carol@pec.beta.example");
        assertThat(facts.identifier()).isEqualTo(identifier);
        assertThat(delivery.headers().raw("X-Riferimento-Message-ID")).isEqualTo(riferimento);

        // Alpha's log: its own steps, the hand-over to beta and beta's two receipts as received.
        String alphaTrace = alice.trace(identifier, "RELAYED", "presa-in-carico from", "avvenuta-consegna from");
        PecClient.assertInOrder(alphaTrace, List.of("SUBMISSION_ACCEPTED", "ACCEPTANCE_RECEIPT_ISSUED",
                "TRANSPORT_ENVELOPE_ISSUED", "RELAYED"));
        assertThat(alphaTrace).contains("presa-in-carico from \\\"Beta PEC S.r.l. (demo)\\\"")
                .contains("avvenuta-consegna from \\\"Beta PEC S.r.l. (demo)\\\"");
        // Beta's log: reception, take-in-charge, delivery, its receipts handed back to alpha.
        String betaTrace = carol.trace(identifier, "DELIVERY_RECEIPT_ISSUED", "TAKE_IN_CHARGE_RECEIPT_ISSUED",
                "RELAYED");
        PecClient.assertInOrder(betaTrace, List.of("ENVELOPE_RECEIVED", "DELIVERED", "DELIVERY_RECEIPT_ISSUED"));
        assertThat(betaTrace).contains("TAKE_IN_CHARGE_RECEIPT_ISSUED").contains("RELAYED")
                .doesNotContain("SUBMISSION_ACCEPTED");
    }

    @Test
    void aTwentyMegabyteMessageCrossesToBetaByteForByteWithEveryProviderHeapBounded() throws Exception {
        // Alpha's services run in JVMs of RunningProvider.SERVICE_HEAP, beta's five in one of RunningProvider.HEAP:
        // each service may hold the message once, and no more.
        byte[] attachment = new byte[15 * 1024 * 1024];
        new java.util.Random(12).nextBytes(attachment);
        String riferimento = "<grande-" + UUID.randomUUID() + "@client.example>";
        String eml = "From: alice@pec.alpha.example\r\nTo: carol@pec.beta.example\r\nSubject: Archivio tra gestori\r\n"
                + "Message-ID: " + riferimento + "\r\nDate: Thu, 3 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "In allegato.\r\n--b\r\nContent-Type: application/octet-stream; name=\"archivio.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
        byte[] original = eml.getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> accepted = alice.submitEml(eml, "completa");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        Classification envelope = carol.verified(carol.awaitOne(riferimento, "posta-certificata"),
                PecType.TRANSPORT_ENVELOPE);
        assertThat(envelope.postacert().orElseThrow().bytes()).isEqualTo(original);
        Classification delivery = alice.verified(alice.awaitOne(riferimento, "avvenuta-consegna"), PecType.DELIVERY);
        assertThat(delivery.postacert().orElseThrow().bytes()).as("a complete receipt carries the original")
                .isEqualTo(original);

        String deliveryId = delivery.headers().raw("Message-ID").replaceAll("[<>]", "");
        String identifier = PecClient.field(accepted.body(), "messageId");
        await("receipt listed at beta").atMost(Duration.ofSeconds(60))
                .until(() -> carol.receipts(identifier).contains(deliveryId));
        Classification copy = alice.verified(PecClient.reproduction(platform.beta, deliveryId), PecType.DELIVERY);
        assertThat(copy.postacert().orElseThrow().bytes()).isEqualTo(original);
        assertThat(platform.alpha.isAlive()).isTrue();
        assertThat(platform.beta.isAlive()).isTrue();
    }

    @Test
    void betaServicesInOneProviderProcessEachLogToTheirOwnFileWithTheirOwnSettings() {
        Path logs = platform.beta.logs();
        // Consumers log their partitions once assigned, which may come after the services answer healthy.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String accessPoint = Files.readString(logs.resolve("access-point-service.log"));
            String receipts = Files.readString(logs.resolve("receipt-service.log"));
            assertThat(accessPoint).contains("Started AccessPointApplication")
                    .doesNotContain("Started ReceiptApplication").doesNotContain("Started IncomingPointApplication");
            assertThat(receipts).contains("Started ReceiptApplication")
                    .doesNotContain("Started AccessPointApplication");
            assertThat(Files.readString(logs.resolve("incoming-point-service.log")))
                    .contains("Started IncomingPointApplication");
            // Each read its own application.yml (the consumer group it names itself there) and its own migrations.
            assertThat(accessPoint).contains("access-point-service: partitions assigned")
                    .doesNotContain("receipt-service: partitions assigned");
            assertThat(receipts).contains("receipt-service: partitions assigned")
                    .doesNotContain("access-point-service: partitions assigned");
            assertThat(Files.readString(logs.resolve("delivery-point-service.log")))
                    .contains("Migrating schema \"delivery\" to version \"1 - mailboxes\"")
                    .doesNotContain("1 - accounts");
        });
    }

    @Test
    void mixedRecipientsGetOneReceiptEachForCertifiedOnesAndCcReceiptsLeaveTheOriginalOut() throws Exception {
        String subject = "Riunione " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = alice.submit("""
                {"to":["bob@pec.alpha.example"],"cc":["carol@pec.beta.example","dave@mail.example",
                 "nobody@pec.beta.example"],"subject":"%s","text":"Ordine del giorno."}""".formatted(subject));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String riferimento = riferimentoOf(alice, subject);

        Classification acceptance = alice.verified(alice.awaitOne(riferimento, "accettazione"), PecType.ACCEPTANCE);
        assertThat(acceptance.daticert().orElseThrow().recipients()).containsExactlyInAnyOrder(
                Recipient.certified("bob@pec.alpha.example"), Recipient.certified("carol@pec.beta.example"),
                Recipient.external("dave@mail.example"), Recipient.certified("nobody@pec.beta.example"));

        // One envelope reached each provider; each recipient sees it.
        bob.verified(bob.awaitOne(riferimento, "posta-certificata"), PecType.TRANSPORT_ENVELOPE);
        carol.verified(carol.awaitOne(riferimento, "posta-certificata"), PecType.TRANSPORT_ENVELOPE);

        alice.awaitListed("AVVISO DI MANCATA CONSEGNA: " + subject);
        await("two delivery receipts").atMost(PecClient.FLOW).pollInterval(Duration.ofMillis(500))
                .until(() -> alice.mailbox(riferimento, "avvenuta-consegna").size() >= 2);
        List<Classification> receipts = alice.mailbox(riferimento, "avvenuta-consegna").stream()
                .map(bytes -> verifiedQuietly(alice, bytes)).toList();
        assertThat(receipts).extracting(c -> c.daticert().orElseThrow().deliveredTo())
                .containsExactlyInAnyOrder("bob@pec.alpha.example", "carol@pec.beta.example");
        Classification forBob = receipts.stream().filter(c -> c.daticert().orElseThrow().deliveredTo()
                .equals("bob@pec.alpha.example")).findFirst().orElseThrow();
        Classification forCarol = receipts.stream().filter(c -> c.daticert().orElseThrow().deliveredTo()
                .equals("carol@pec.beta.example")).findFirst().orElseThrow();
        assertThat(forBob.postacert()).isPresent();
        assertThat(forCarol.postacert()).as("Cc receipt, completa: no original").isEmpty();
        assertThat(signerOf(forCarol)).contains("CN=pec.beta.example");

        Classification notice = alice.verified(alice.awaitOne(riferimento, "errore-consegna"), PecType.NON_DELIVERY);
        assertThat(notice.daticert().orElseThrow().deliveredTo()).isEqualTo("nobody@pec.beta.example");
        assertThat(notice.daticert().orElseThrow().extendedError()).startsWith("5.1.1");
        assertThat(signerOf(notice)).contains("CN=pec.beta.example");
        assertThat(alice.mailbox(riferimento, "avvenuta-consegna")).hasSize(2);
    }

    @Test
    void aFullMailboxAtBetaGivesAliceANonDeliveryNoticeForMailboxFull() throws Exception {
        String erin = "erin." + UUID.randomUUID().toString().substring(0, 6) + "@pec.beta.example";
        PecClient.createMailbox(platform.beta, erin, "erin-demo-pw", 1024);
        String subject = "Troppo grande " + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> accepted = alice.submit("""
                {"to":["%s"],"subject":"%s","text":"%s"}""".formatted(erin, subject, "x".repeat(4000)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String riferimento = riferimentoOf(alice, subject);
        Classification notice = alice.verified(alice.awaitOne(riferimento, "errore-consegna"), PecType.NON_DELIVERY);
        assertThat(notice.daticert().orElseThrow().extendedError()).startsWith("5.2.2");
        assertThat(notice.daticert().orElseThrow().deliveredTo()).isEqualTo(erin);
        assertThat(signerOf(notice)).contains("CN=pec.beta.example");
    }

    @Test
    void ordinaryMailFromTheInternetReachesCarolAsAnAnomalyEnvelope() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@mail.example>";
        byte[] mail = ("From: someone@mail.example\r\nTo: carol@pec.beta.example\r\nSubject: offerta speciale\r\n"
                + "Message-ID: " + messageId + "\r\n\r\nciao\r\n").getBytes(StandardCharsets.US_ASCII);

        internet.send("localhost", platform.beta.smtpPort(), "someone@mail.example",
                List.of("carol@pec.beta.example"), mail);

        carol.awaitListed("ANOMALIA MESSAGGIO: offerta speciale");
        String listing = carol.listing();
        assertThat(listing).doesNotContain("POSTA CERTIFICATA: offerta speciale");
    }

    @Test
    void forgedEnvelopesAreNeverDeliveredAsCertifiedMail() throws Exception {
        String subject = "Falso " + UUID.randomUUID().toString().substring(0, 8);
        // Signed by a key the index does not list, for carol at beta.
        MessageFacts rogueFacts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"),
                "alice@pec.alpha.example", List.of(Recipient.certified("carol@pec.beta.example")), List.of(), null,
                subject + " rogue", "<" + UUID.randomUUID() + "@client.example>");
        SignedMessage rogue = TestProviders.signAsRogue(new TransportEnvelope(rogueFacts, DemoMessages.ALPHA,
                TestTime.now(), DemoMessages.original()));
        internet.send("localhost", platform.beta.smtpPort(), "posta-certificata@pec.alpha.example",
                List.of("carol@pec.beta.example"), rogue.bytes());
        // Signed by beta's real key, claiming a sender of alpha, for bob at alpha.
        MessageFacts claimed = new MessageFacts(MessageIdentifier.random("pec.beta.example"),
                "alice@pec.alpha.example", List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null,
                subject + " claimed", "<" + UUID.randomUUID() + "@client.example>");
        SignedMessage byBeta = TestProviders.composerFor(DemoMessages.BETA).compose(new TransportEnvelope(claimed,
                DemoMessages.BETA, TestTime.now(), DemoMessages.original()));
        internet.send("localhost", platform.alpha.smtpPort(), "posta-certificata@pec.beta.example",
                List.of("bob@pec.alpha.example"), byBeta.bytes());

        carol.awaitListed("ANOMALIA MESSAGGIO: POSTA CERTIFICATA: " + subject + " rogue");
        bob.awaitListed("ANOMALIA MESSAGGIO: POSTA CERTIFICATA: " + subject + " claimed");
        assertThat(carol.mailbox(rogue.messageId().asHeader(), "posta-certificata")).isEmpty();
        assertThat(bob.mailbox(byBeta.messageId().asHeader(), "posta-certificata")).isEmpty();
        assertThat(carol.listing()).doesNotContain("\"subject\":\"POSTA CERTIFICATA: " + subject);
        assertThat(bob.listing()).doesNotContain("\"subject\":\"POSTA CERTIFICATA: " + subject);
    }

    @Test
    void aVirusFoundAtBetaIsNeverDeliveredAndAliceGetsANonDeliveryNoticeForVirus() throws Exception {
        String subject = "Fattura infetta " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = alice.submit("""
                {"to":["carol@pec.beta.example"],"subject":"%s","text":"in allegato",
                 "attachments":[{"filename":"fattura.com","contentType":"application/octet-stream",
                 "contentBase64":"%s"}]}""".formatted(subject, eicarBase64()));
        assertThat(accepted.statusCode()).as("alpha does not scan at acceptance here").isEqualTo(202);
        String identifier = PecClient.field(accepted.body(), "messageId");
        String riferimento = riferimentoOf(alice, subject);

        Classification notice = alice.verified(alice.awaitOne(riferimento, "errore-consegna"), PecType.NON_DELIVERY);
        assertThat(notice.headers().decoded("Subject")).isEqualTo("AVVISO DI MANCATA CONSEGNA PER VIRUS: " + subject);
        assertThat(notice.daticert().orElseThrow().deliveredTo()).isEqualTo("carol@pec.beta.example");
        assertThat(signerOf(notice)).as("the sender's own provider tells its sender").contains("CN=pec.alpha.example");
        assertThat(carol.listing()).doesNotContain(subject);
        assertThat(carol.trace(identifier, "VIRUS_DETECTION_NOTICE_ISSUED")).contains("VIRUS_DETECTED")
                .doesNotContain("\"DELIVERED\"");
        assertThat(alice.trace(identifier, "NON_DELIVERY_NOTICE_ISSUED")).contains("rilevazione-virus from");
    }

    @Test
    void aVirusAtAcceptanceGetsANonAcceptanceForVirusAndNothingLeaves() throws Exception {
        String subject = "Allegato sospetto " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> refused = carol.submit("""
                {"to":["alice@pec.alpha.example"],"subject":"%s","text":"guarda",
                 "attachments":[{"filename":"x.com","contentType":"application/octet-stream",
                 "contentBase64":"%s"}]}""".formatted(subject, eicarBase64()));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        carol.awaitListed("AVVISO DI NON ACCETTAZIONE PER VIRUS: " + subject);
        String listing = carol.listing();
        String riferimento = PecClient.field(listing.substring(listing.indexOf("AVVISO DI NON ACCETTAZIONE PER VIRUS: "
                + subject)), "riferimentoMessageId");
        Classification notice = carol.verified(carol.awaitOne(riferimento, "non-accettazione"),
                PecType.NON_ACCEPTANCE);
        assertThat(notice.daticert().orElseThrow().error()).isEqualTo(io.sigillo.pec.format.PecError.VIRUS);
        assertThat(alice.listing()).doesNotContain(subject);
    }

    private static String eicarBase64() {
        return java.util.Base64.getEncoder().encodeToString(FakeClamd.EICAR.getBytes(StandardCharsets.US_ASCII));
    }

    private static Classification verifiedQuietly(PecClient client, byte[] bytes) {
        try {
            return client.verified(bytes, PecType.DELIVERY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
