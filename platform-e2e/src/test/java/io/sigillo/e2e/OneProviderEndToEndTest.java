package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.smime.SmimeVerifier;
import io.sigillo.pec.smime.TrustedProviders;
import io.sigillo.pec.testing.ExternalTool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole provider as a user and an auditor see it: submit over HTTP, then read the mailboxes and the log.
 * One provider's services run as separate processes; the mail goes alice → bob inside pec.alpha.example.
 */
@ExtendWith(InfrastructureAvailable.class)
class OneProviderEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration FLOW = Duration.ofSeconds(90);
    private static final String ALICE = "alice@pec.alpha.example";
    private static final String BOB = "bob@pec.alpha.example";

    private static RunningProvider provider;
    private static Path pki;
    private static PecClassifier classifier;

    @BeforeAll
    static void startProvider() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
        pki = work.resolve("pki");
        DemoPki.write(pki, DemoPki.DEMO_PROVIDERS);
        classifier = new PecClassifier(new SmimeVerifier(TrustedProviders.fromPem(pki.resolve("trust.pem"))));
        provider = new RunningProvider(work, pki, SharedTestInfrastructure.postgres(),
                SharedTestInfrastructure.kafka());
        // The access point learns alice's mailbox from the delivery point over Kafka: wait until it does.
        await("alice can submit").atMost(FLOW).pollInterval(Duration.ofMillis(500))
                .until(() -> submit("{\"to\":[]}").statusCode() != 401);
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private static HttpResponse<String> submit(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("access-point-service") + "/api/v1/messages"))
                .header("Authorization", basic(ALICE, "alice-demo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String get(String service, String path, String user, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(provider.url(service) + path))
                .header("Authorization", basic(user, password)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** The raw bytes of every message in a mailbox whose X-Riferimento-Message-ID and type match. */
    private static List<byte[]> mailbox(String user, String password, String riferimento, String pecType)
            throws Exception {
        String listing = get("delivery-point-service", "/api/v1/mailbox/messages?size=100", user, password);
        Matcher m = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"[^}]*?\"pecType\":\"" + Pattern.quote(pecType)
                + "\",\"riferimentoMessageId\":\"" + Pattern.quote(riferimento) + "\"").matcher(listing);
        List<byte[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("delivery-point-service")
                            + "/api/v1/mailbox/messages/" + m.group(1) + "/raw"))
                    .header("Authorization", basic(user, password)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
        }
        return out;
    }

    private static byte[] awaitOne(String user, String password, String riferimento, String pecType) {
        List<byte[]> found = new ArrayList<>();
        await(pecType + " in " + user).atMost(FLOW).pollInterval(Duration.ofMillis(500)).until(() -> {
            found.clear();
            found.addAll(mailbox(user, password, riferimento, pecType));
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static Classification verified(byte[] message, PecType type) throws Exception {
        Classification c = classifier.classify(message);
        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.type()).contains(type);
        Path file = Files.createTempFile("e2e", ".eml");
        Files.write(file, message);
        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", pki.resolve("ca.pem").toString(), "-out", "/dev/null");
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        return c;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    @Test
    void aliceSendsBobACertifiedMessageAndEveryoneSeesWhatTheyShould() throws Exception {
        String attachment = Base64.getEncoder().encodeToString("Verbale del 25/11: approvato.".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> accepted = submit("""
                {"to":["bob@pec.alpha.example"],"subject":"Verbale <riunione> & firma","text":"Ciao Bob,\\nil verbale.",
                 "attachments":[{"filename":"verbale.txt","contentType":"text/plain","contentBase64":"%s"}]}
                """.formatted(attachment));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String messageId = field(accepted.body(), "messageId");

        // Find the original Message-ID through the acceptance receipt, then everything else by it.
        await("acceptance receipt").atMost(FLOW).until(() -> get("delivery-point-service",
                "/api/v1/mailbox/messages?size=100", ALICE, "alice-demo").contains("ACCETTAZIONE: Verbale"));
        String listing = get("delivery-point-service", "/api/v1/mailbox/messages?size=100", ALICE, "alice-demo");
        String riferimento = field(listing.substring(listing.indexOf("ACCETTAZIONE: Verbale")), "riferimentoMessageId");

        Classification acceptance = verified(awaitOne(ALICE, "alice-demo", riferimento, "accettazione"), PecType.ACCEPTANCE);
        assertThat(acceptance.daticert().orElseThrow().identifier()).isEqualTo(messageId);

        Classification transport = verified(awaitOne(BOB, "bob-demo", riferimento, "posta-certificata"),
                PecType.TRANSPORT_ENVELOPE);
        String original = new String(transport.postacert().orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(original).contains("From: alice@pec.alpha.example").contains(attachment)
                .contains("Message-ID: " + riferimento);

        Classification delivery = verified(awaitOne(ALICE, "alice-demo", riferimento, "avvenuta-consegna"),
                PecType.DELIVERY);
        assertThat(delivery.daticert().orElseThrow().deliveredTo()).isEqualTo(BOB);
        assertThat(delivery.postacert().orElseThrow().bytes()).isEqualTo(transport.postacert().orElseThrow().bytes());

        String trace = get("audit-log-service", "/admin/v1/messages/" + messageId + "/trace", "auditor", "auditor-demo");
        List<String> steps = List.of("SUBMISSION_ACCEPTED", "ACCEPTANCE_RECEIPT_ISSUED", "TRANSPORT_ENVELOPE_ISSUED",
                "ENVELOPE_RECEIVED", "DELIVERED", "DELIVERY_RECEIPT_ISSUED");
        int last = -1;
        for (String step : steps) {
            int at = trace.indexOf("\"type\":\"" + step + "\"");
            assertThat(at).as(step + " in " + trace).isGreaterThan(last);
            last = at;
        }
        assertThat(trace).contains("TAKE_IN_CHARGE_RECEIPT_ISSUED");
    }

    private static HttpResponse<String> submitEml(String eml, String receiptType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("access-point-service")
                        + "/api/v1/messages?receiptType=" + receiptType))
                .header("Authorization", basic(ALICE, "alice-demo")).header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(eml.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCompleteMessageTravelsByteForByteAndEachReceiptKindCarriesWhatItShould() throws Exception {
        String eml = "From: alice@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\nSubject: Contratto firmato\r\n"
                + "Message-ID: <breve-e2e@client.example>\r\nDate: Wed, 25 Nov 2026 21:50:00 +0100\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nIn allegato il contratto.\r\n"
                + "--b\r\nContent-Type: application/pdf; name=\"contratto.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"contratto.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "JVBERi0xLjQKJSVFT0YK\r\n--b--\r\n";
        assertThat(submitEml(eml, "breve").statusCode()).isEqualTo(202);
        String sintetica = "From: alice@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\nSubject: Breve nota\r\n"
                + "Message-ID: <sintetica-e2e@client.example>\r\n\r\nnota\r\n";
        assertThat(submitEml(sintetica, "sintetica").statusCode()).isEqualTo(202);

        Classification envelope = verified(awaitOne(BOB, "bob-demo", "<breve-e2e@client.example>",
                "posta-certificata"), PecType.TRANSPORT_ENVELOPE);
        assertThat(envelope.postacert().orElseThrow().bytes()).isEqualTo(eml.getBytes(StandardCharsets.UTF_8));

        Classification breve = verified(awaitOne(ALICE, "alice-demo", "<breve-e2e@client.example>",
                "avvenuta-consegna"), PecType.DELIVERY);
        assertThat(breve.headers().raw("X-TipoRicevuta")).isEqualTo("breve");
        assertThat(new String(breve.postacert().orElseThrow().bytes(), StandardCharsets.UTF_8))
                .contains("In allegato il contratto.").contains("contratto.pdf.sha256").doesNotContain("JVBERi0xLjQK");

        Classification summary = verified(awaitOne(ALICE, "alice-demo", "<sintetica-e2e@client.example>",
                "avvenuta-consegna"), PecType.DELIVERY);
        assertThat(summary.headers().raw("X-TipoRicevuta")).isEqualTo("sintetica");
        assertThat(summary.postacert()).isEmpty();
    }

    @Test
    void aTwentyMegabyteMessageGoesThroughTheWholeFlow() throws Exception {
        byte[] big = new byte[15 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        HttpResponse<String> accepted = submit("{\"to\":[\"bob@pec.alpha.example\"],\"subject\":\"Archivio grande\","
                + "\"text\":\"Archivio in allegato\",\"attachments\":[{\"filename\":\"archivio.bin\","
                + "\"contentType\":\"application/octet-stream\",\"contentBase64\":\""
                + Base64.getEncoder().encodeToString(big) + "\"}]}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        await("large delivery receipt").atMost(Duration.ofMinutes(3)).until(() -> get("delivery-point-service",
                "/api/v1/mailbox/messages?size=100", ALICE, "alice-demo").contains("CONSEGNA: Archivio grande"));
        String listing = get("delivery-point-service", "/api/v1/mailbox/messages?size=100", BOB, "bob-demo");
        String entry = listing.substring(listing.indexOf("POSTA CERTIFICATA: Archivio grande"));
        long size = Long.parseLong(entry.replaceFirst("(?s).*?\"size\":(\\d+).*", "$1"));
        assertThat(size).isGreaterThan(20_000_000L);
    }

    @Test
    void aSpoofedSenderIsRefusedAndAliceGetsASignedNonAcceptanceNotice() throws Exception {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                        URI.create(provider.url("access-point-service") + "/api/v1/messages"))
                .header("Authorization", basic(ALICE, "alice-demo")).header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofString("From: bob@pec.alpha.example\r\nTo: " + BOB
                        + "\r\nSubject: Falso mittente\r\nMessage-ID: <spoof-e2e@client.example>\r\n\r\nx\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        Classification notice = verified(awaitOne(ALICE, "alice-demo", "<spoof-e2e@client.example>",
                "non-accettazione"), PecType.NON_ACCEPTANCE);
        assertThat(notice.daticert().orElseThrow().extendedError()).contains("non corrisponde");
        assertThat(mailbox(BOB, "bob-demo", "<spoof-e2e@client.example>", "posta-certificata")).isEmpty();
    }

    @Test
    void anUnknownRecipientMailboxGetsANonDeliveryNoticeNothingIsLost() throws Exception {
        HttpResponse<String> accepted = submit("{\"to\":[\"nobody@pec.alpha.example\"],\"subject\":\"A nessuno\","
                + "\"text\":\"x\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String messageId = field(accepted.body(), "messageId");

        await("non-delivery notice").atMost(FLOW).until(() -> get("delivery-point-service",
                "/api/v1/mailbox/messages?size=100", ALICE, "alice-demo").contains("AVVISO DI MANCATA CONSEGNA: A nessuno"));
        String trace = get("audit-log-service", "/admin/v1/messages/" + messageId + "/trace", "auditor", "auditor-demo");
        assertThat(trace).contains("DELIVERY_FAILED").contains("5.1.1").contains("NON_DELIVERY_NOTICE_ISSUED");
    }
}
