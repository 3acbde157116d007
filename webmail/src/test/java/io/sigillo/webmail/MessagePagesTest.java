package io.sigillo.webmail;

import static io.sigillo.webmail.StandInDeliveryPoint.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestProviders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A message opened in the webmail, from the exact signed bytes a mailbox holds: checked with the providers' index
 * as the incoming point checks it, the certified facts and the original shown, hostile content made inert, files
 * downloaded as bytes; and what the page says of an anomaly, a receipt, a forged or altered message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sigillo.webmail.largest-shown=256KB")
class MessagePagesTest extends LoggedInPages {

    private static final String HOSTILE_SUBJECT = "<script>alert('oggetto')</script> " + "Offerta ".repeat(400);
    private static final String HOSTILE_FILE = "<script>alert('file')</script>";

    private static final UUID HOSTILE = UUID.fromString("11111111-0000-4000-8000-000000000001");
    private static final UUID ALTERED = UUID.fromString("11111111-0000-4000-8000-000000000002");
    private static final UUID ANOMALY = UUID.fromString("11111111-0000-4000-8000-000000000003");
    private static final UUID RECEIPT = UUID.fromString("11111111-0000-4000-8000-000000000004");
    private static final UUID FORGED = UUID.fromString("11111111-0000-4000-8000-000000000005");
    private static final UUID LARGE = UUID.fromString("11111111-0000-4000-8000-000000000006");
    private static final UUID NESTED = UUID.fromString("11111111-0000-4000-8000-000000000007");
    private static final UUID UNKNOWN_CHARSET = UUID.fromString("11111111-0000-4000-8000-000000000008");
    private static final UUID SIDE_BY_SIDE = UUID.fromString("11111111-0000-4000-8000-000000000009");

    /** Carol's mailbox: each message's exact bytes, as the delivery point serves them. */
    private static final Map<UUID, byte[]> MAILBOX = Map.of(
            HOSTILE, hostileEnvelope(),
            ALTERED, altered(hostileEnvelope()),
            ANOMALY, TestProviders.sign(DemoMessages.all(DemoMessages.ACCEPTED_AT).get("errore")).bytes(),
            RECEIPT, TestProviders.sign(DemoMessages.all(DemoMessages.ACCEPTED_AT)
                    .get("avvenuta-consegna-completa")).bytes(),
            FORGED, TestProviders.signAsRogue(envelope(original("Offerta", "text/plain", "falsa"))).bytes(),
            LARGE, TestProviders.sign(envelope(original("Grande", "application/octet-stream",
                    "x".repeat(300 * 1024)))).bytes(),
            NESTED, TestProviders.sign(envelope(nested(40))).bytes(),
            UNKNOWN_CHARSET, TestProviders.sign(envelope(nested(2))).bytes(),
            SIDE_BY_SIDE, TestProviders.sign(envelope(sideBySide())).bytes());

    private static final StandInDeliveryPoint DELIVERY_POINT = new StandInDeliveryPoint(Map.of(
            "/api/v1/sessions", StandInDeliveryPoint.loggingIn("carol@pec.beta.example"),
            "/api/v1/mailbox/messages", exchange -> {
                String[] path = exchange.getRequestURI().getPath().split("/");
                byte[] raw = path.length == 7 && path[6].equals("raw") ? MAILBOX.get(UUID.fromString(path[5])) : null;
                if (raw == null) {
                    answer(exchange, 404, "{\"status\":404}");
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "message/rfc822");
                answer(exchange, 200, raw);
            }));



    @TestConfiguration
    static class TestsClock {
        @Bean
        @Primary
        Clock testsClock() {
            return TestTime.clock();
        }
    }

    @DynamicPropertySource
    static void deliveryPoint(DynamicPropertyRegistry registry) {
        registry.add("sigillo.webmail.delivery-point", DELIVERY_POINT::url);
        registry.add("sigillo.index.path", StandInDeliveryPoint::providersIndex);
    }

    @Override
    String account() {
        return "carol@pec.beta.example";
    }

    @AfterAll
    static void stop() {
        DELIVERY_POINT.stop();
    }

    /** An original with a text and an HTML body, and a file whose name is hostile too. */
    private static OriginalMessage original(String subject, String fileType, String fileContent) {
        String eml = """
                From: Alice <alice@pec.alpha.example>
                To: Carol <carol@pec.beta.example>
                Subject: %s
                Message-ID: <hostile-1@client.example>
                Date: Wed, 25 Nov 2026 21:50:00 +0100
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: multipart/alternative; boundary="b2"

                --b2
                Content-Type: text/plain; charset=UTF-8

                Gentile Carol, testo semplice.
                --b2
                Content-Type: text/html; charset=UTF-8

                <p onclick="steal()">Gentile Carol,<script>alert('html')</script>
                <img src="https://tracker.example/p.gif"> <a href="javascript:alert(1)">trappola</a>
                <a href="https://example.org/doc">il documento</a><iframe src="https://evil.example"></iframe>
                <style>body { display: none }</style><b>grazie</b></p>
                --b2--
                --b1
                Content-Type: %s
                Content-Disposition: attachment; filename*=UTF-8''..%%2F..%%2Ffattura%%E2%%80%%AEfdp.html
                Content-Transfer-Encoding: base64

                %s
                --b1--
                """.formatted(subject, fileType, Base64.getMimeEncoder().encodeToString(
                fileContent.getBytes(StandardCharsets.UTF_8)));
        return OriginalMessage.of(eml.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** An original whose text and HTML are two parts of a multipart/mixed, each saying its own thing. */
    private static OriginalMessage sideBySide() {
        String eml = """
                From: alice@pec.alpha.example
                To: carol@pec.beta.example
                Subject: Due parti
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="m1"

                --m1
                Content-Type: text/plain; charset=UTF-8

                Il testo che accompagna il documento.
                --m1
                Content-Type: text/html; charset=UTF-8

                <p>Il <b>documento</b> in HTML.</p>
                --m1--
                """;
        return OriginalMessage.of(eml.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** An original whose multiparts nest {@code depth} deep, its only text in a charset no one knows. */
    private static OriginalMessage nested(int depth) {
        StringBuilder eml = new StringBuilder("From: alice@pec.alpha.example\r\nTo: carol@pec.beta.example\r\n"
                + "Subject: Matrioska\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < depth; i++) {
            eml.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        eml.append("Content-Type: text/plain; charset=x-nessuno\r\n\r\nfondo\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            eml.append("--b").append(i).append("--\r\n");
        }
        return OriginalMessage.of(eml.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static TransportEnvelope envelope(OriginalMessage original) {
        return new TransportEnvelope(new MessageFacts(new MessageIdentifier("opec.hostile0001@pec.alpha.example"),
                "alice@pec.alpha.example", List.of(Recipient.certified("carol@pec.beta.example")), List.of(),
                "alice@pec.alpha.example", original.header("Subject"), "<hostile-1@client.example>"),
                DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT, original);
    }

    private static byte[] hostileEnvelope() {
        return TestProviders.sign(envelope(original(HOSTILE_SUBJECT, "text/html", HOSTILE_FILE))).bytes();
    }

    private static byte[] altered(byte[] signed) {
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("testo semplice");
        return text.replace("testo semplice", "testo cambiato").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aCertifiedMessageShowsItsVerificationFactsAndOriginalWithEveryHostilePartInert() throws Exception {
        HttpResponse<String> page = browser.get("/posta/" + HOSTILE);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        String html = page.body();
        // The verdict and who signed, as the providers' index names the signer.
        assertThat(html).contains("Posta certificata", "La firma di Alpha PEC S.p.A. (demo) è integra",
                "Firma integra, gestore nell&#39;indice", "Numero di serie");
        // The certified facts of daticert.xml.
        assertThat(html).contains("Dati certificati", "opec.hostile0001@pec.alpha.example",
                "carol@pec.beta.example (posta certificata)", "&lt;hostile-1@client.example&gt;");
        // The original: its HTML body cleaned, the safe link kept and sent away without the webmail's address.
        // Its text is the HTML's alternative: the same words, shown once.
        assertThat(html).doesNotContain("testo semplice");
        assertThat(html).contains("Gentile Carol,", "<b>grazie</b>",
                "<a href=\"https://example.org/doc\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">");
        assertThat(html).doesNotContain("<script", "onclick", "steal()", "tracker.example", "javascript:",
                "<iframe", "evil.example", "<style", "display: none");
        // The huge subject is text, whole; the file's name has lost its folders and its hidden reversal.
        assertThat(html).contains("&lt;script&gt;alert(&#39;oggetto&#39;)&lt;/script&gt; Offerta Offerta");
        assertThat(html).contains(">fatturafdp.html</a>", "text/html, 30 B")
                .contains("href=\"/posta/" + HOSTILE + "/allegati/1\"");

        HttpResponse<byte[]> file = browser.download("/posta/" + HOSTILE + "/allegati/1");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo(HOSTILE_FILE);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment;").contains("fatturafdp.html")
                        .doesNotContain("..", "%2F", "%E2%80%AE"));
        assertThat(browser.download("/posta/" + HOSTILE + "/allegati/2").statusCode()).isEqualTo(404);
    }

    @Test
    void aTextAndAnHtmlSideBySideInAMixedMultipartAreBothShown() throws Exception {
        HttpResponse<String> page = browser.get("/posta/" + SIDE_BY_SIDE);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsSubsequence("class=\"body text\"", "Il testo che accompagna il documento.",
                "class=\"body html\"", "Il <b>documento</b> in HTML.");
    }

    @Test
    void aMessageAlteredAfterSigningOrSignedByANonProviderIsSaidSoAndItsContentNotShown() throws Exception {
        String altered = browser.get("/posta/" + ALTERED).body();
        assertThat(altered).contains("Attenzione: firma non valida").doesNotContain("testo cambiato", "Dati certificati");
        assertThat(browser.download("/posta/" + ALTERED + "/allegati/1").statusCode()).isEqualTo(404);

        String forged = browser.get("/posta/" + FORGED).body();
        assertThat(forged).contains("Attenzione: firmato da chi non è un gestore PEC", "Rogue S.p.A.")
                .doesNotContain("falsa");
    }

    @Test
    void anAnomalyEnvelopeSaysItIsNotCertifiedAndWhyAndShowsWhatArrived() throws Exception {
        String page = browser.get("/posta/" + ANOMALY).body();

        assertThat(page).contains("Anomalia: questo messaggio NON è certificato",
                "Motivo indicato dal gestore", "il messaggio non è un messaggio di posta certificata",
                "Gentile Bob, in allegato la fattura.", ">fattura.pdf</a>");
        assertThat(page).doesNotContain("Posta certificata</h2>");
    }

    @Test
    void aDeliveryReceiptShowsItsFactsItsTextAndTheMessageDeliveredInEnglishToo() throws Exception {
        String page = browser.get("/posta/" + RECEIPT).body();
        assertThat(page).contains("Ricevuta: consegna", "Firmata da Beta PEC S.r.l. (demo)", "Consegnato a",
                "bob@pec.beta.example", "Tipo di ricevuta", "completa", "Testo della ricevuta",
                "Il messaggio consegnato", "Gentile Bob");

        String english = browser.get("/posta/" + RECEIPT, "Accept-Language", "en").body();
        assertThat(english).contains("Receipt: delivery", "Certified facts", "Delivered to", "The message delivered");
    }

    @Test
    void aReceiptPrintsAsAPdfWithItsFactsItsSignatureAndTheDigestOfItsSignedFile() throws Exception {
        assertThat(browser.get("/posta/" + RECEIPT).body()).contains("href=\"/posta/" + RECEIPT + "/ricevuta.pdf\"");

        HttpResponse<byte[]> pdf = browser.download("/posta/" + RECEIPT + "/ricevuta.pdf");

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition -> assertThat(
                disposition).startsWith("attachment;").contains("ricevuta-avvenuta-consegna-" + RECEIPT + ".pdf"));
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            // PDF/A-2u, as its metadata declares it, with its sRGB output intent; tagged, titled, in Italian.
            String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp).contains("<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>U</pdfaid:conformance>");
            assertThat(document.getDocumentCatalog().getOutputIntents()).singleElement()
                    .satisfies(intent -> assertThat(intent.getOutputConditionIdentifier()).contains("sRGB"));
            assertThat(document.getDocumentCatalog().getMarkInfo().isMarked()).isTrue();
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("it");
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Ricevuta di avvenuta consegna");
        }
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MAILBOX.get(RECEIPT)));
        assertThat(text).contains("Ricevuta di avvenuta consegna", "Consegnato a bob@pec.beta.example",
                "Identificativo del messaggio opec.sample0001@pec.alpha.example", "Tipo di ricevuta completa",
                "Firma integra, gestore nell'indice", "Gestore Beta PEC S.r.l. (demo)",
                "Fattura n° 12 <urgente> & \"saldo\" 'àèìòù' € — ok");
        // The digest may wrap across lines: its characters, in order, are what ties the paper to the file.
        assertThat(text.replace(" ", "")).contains(digest);

        // What has no certified facts has no print: an altered message, say.
        assertThat(browser.download("/posta/" + ALTERED + "/ricevuta.pdf").statusCode()).isEqualTo(404);
    }

    @Test
    void anOriginalNestedBeyondTheLimitIsSaidUnreadableWhileItsCertificationStillShows() throws Exception {
        HttpResponse<String> page = browser.get("/posta/" + NESTED);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Posta certificata", "Dati certificati",
                "Il messaggio originale non si può leggere (MIME parts nest deeper than 24)",
                "href=\"/posta/" + NESTED + "/eml\"").doesNotContain("fondo");

        // Nested within the limit, its text in a charset no one knows reads as UTF-8.
        assertThat(browser.get("/posta/" + UNKNOWN_CHARSET).body()).contains(">fondo");
    }

    @Test
    void aMessageTooLargeToOpenIsOfferedAsItsFileAndAnUnknownOneIsNotFound() throws Exception {
        HttpResponse<String> large = browser.get("/posta/" + LARGE);
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.body()).contains("Messaggio troppo grande da mostrare",
                "href=\"/posta/" + LARGE + "/eml\"");

        HttpResponse<String> unknown = browser.get("/posta/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Questa pagina o questo messaggio non c&#39;è");
    }
}
