package io.sigillo.webmail;

import static io.sigillo.webmail.StandInDeliveryPoint.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compose form against a stand-in for the access point: the limits shown before sending, the message submitted
 * as the JSON the access point takes with its files in base64 and the form's key as its Idempotency-Key, and a
 * refusal shown in words with the form kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // The webmail takes 100 MB in one post; here 1 MB, so that a test can post more without posting 100 MB.
        "spring.servlet.multipart.max-file-size=1MB", "spring.servlet.multipart.max-request-size=1MB"})
class ComposePagesTest extends LoggedInPages {

    private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([^\"]+)\"");

    /** Every byte value once, as a binary file would have them. */
    private static final byte[] BINARY = new byte[256];

    static {
        for (int i = 0; i < BINARY.length; i++) {
            BINARY[i] = (byte) i;
        }
    }

    /** What the access point received: each submission's headers and JSON. */
    private static final List<Submission> SUBMISSIONS = new CopyOnWriteArrayList<>();

    private record Submission(String authorization, String idempotencyKey, String body) {
    }

    private static final StandInDeliveryPoint DELIVERY_POINT = new StandInDeliveryPoint(Map.of(
            "/api/v1/sessions", StandInDeliveryPoint.loggingIn("alice@pec.alpha.example"),
            "/api/v1/mailbox/sent", exchange -> answer(exchange, 200,
                    "{\"messages\":[],\"page\":0,\"size\":25,\"total\":0}")));

    private static final StandInDeliveryPoint ACCESS_POINT = new StandInDeliveryPoint(Map.of(
            "/api/v1/messages/limits", exchange -> answer(exchange, 200,
                    "{\"maxSizeTimesRecipients\":31457280,\"maxRecipients\":500}"),
            "/api/v1/messages", ComposePagesTest::submitted));


    @Autowired
    JsonMapper json;


    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("sigillo.webmail.delivery-point", DELIVERY_POINT::url);
        registry.add("sigillo.webmail.access-point", ACCESS_POINT::url);
        registry.add("sigillo.index.path", StandInDeliveryPoint::providersIndex);
    }

    @Override
    String account() {
        return "alice@pec.alpha.example";
    }

    @AfterAll
    static void stop() {
        DELIVERY_POINT.stop();
        ACCESS_POINT.stop();
    }

    /** Accepts a submission, or refuses one whose subject asks for it, as the access point would. */
    private static void submitted(HttpExchange exchange) throws java.io.IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        SUBMISSIONS.add(new Submission(exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
        if (body.contains("\"subject\":\"rifiutami\"")) {
            answer(exchange, 400, "{\"status\":400,\"detail\":\"Destinatario non valido: <bob>\",\"field\":\"to\","
                    + "\"messageId\":\"opec.x@pec.alpha.example\",\"nonAcceptanceNotice\":true}");
        } else {
            answer(exchange, 202, "{\"messageId\":\"opec.accepted1@pec.alpha.example\",\"recipients\":["
                    + "{\"address\":\"bob@pec.beta.example\",\"kind\":\"certificato\"}]}");
        }
    }

    private static String key(String page) {
        Matcher key = KEY.matcher(page);
        assertThat(key.find()).as("the form carries its key").isTrue();
        return key.group(1);
    }

    @Test
    void theFormShowsTheLimitsAndSubmitsTheMessageWithItsFilesOnceUnderTheFormsKey() throws Exception {
        String form = browser.get("/scrivi").body();
        assertThat(form).contains("Nuovo messaggio", "al massimo 500 destinatari", "non può superare 30 MB",
                "In PEC non esiste la copia nascosta", "enctype=\"multipart/form-data\"").doesNotContain("bcc", "Ccn\"");
        String key = key(form);

        Map<String, String> fields = Map.of("_csrf", WebmailBrowser.csrf(form), "key", key,
                "to", "bob@pec.beta.example; carol@pec.beta.example", "cc", "dave@mail.example",
                "subject", "Offerta <n. 7>", "text", "Gentile Bob,\r\nin allegato l'offerta.", "receiptType", "breve");
        List<WebmailBrowser.Upload> files = List.of(
                new WebmailBrowser.Upload("allegati", "offerta.pdf", "application/pdf", BINARY),
                new WebmailBrowser.Upload("allegati", "note è.txt", "text/plain", "note".getBytes(StandardCharsets.UTF_8)));
        int before = SUBMISSIONS.size();
        HttpResponse<String> sent = browser.postMultipart("/scrivi", fields, files);

        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/inviati"));
        Submission submission = SUBMISSIONS.get(before);
        assertThat(submission.authorization()).isEqualTo("Bearer token-alice@pec.alpha.example");
        assertThat(submission.idempotencyKey()).isEqualTo(key);
        JsonNode message = json.readTree(submission.body());
        assertThat(message.get("to").valueStream().map(JsonNode::asString))
                .containsExactly("bob@pec.beta.example", "carol@pec.beta.example");
        assertThat(message.get("cc").valueStream().map(JsonNode::asString)).containsExactly("dave@mail.example");
        assertThat(message.get("subject").asString()).isEqualTo("Offerta <n. 7>");
        assertThat(message.get("text").asString()).isEqualTo("Gentile Bob,\r\nin allegato l'offerta.");
        assertThat(message.get("receiptType").asString()).isEqualTo("breve");
        assertThat(message.has("bcc")).isFalse();
        JsonNode pdf = message.get("attachments").get(0);
        assertThat(pdf.get("filename").asString()).isEqualTo("offerta.pdf");
        assertThat(pdf.get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(pdf.get("contentBase64").asString())).isEqualTo(BINARY);
        assertThat(message.get("attachments").get(1).get("filename").asString()).isEqualTo("note è.txt");

        // The Sent folder says it was accepted, by the identifier the access point gave it.
        assertThat(browser.get("/inviati").body()).contains("opec.accepted1@pec.alpha.example");

        // The same form posted again (a double click) goes under the same key: the access point answers it once.
        browser.postMultipart("/scrivi", Map.of("_csrf", WebmailBrowser.csrf(form), "key", key,
                "to", "bob@pec.beta.example", "subject", "Offerta <n. 7>"), List.of());
        assertThat(SUBMISSIONS.get(before + 1).idempotencyKey()).isEqualTo(key);
    }

    @Test
    void aRefusalReadsInWordsAndTheFormComesBackAsItWasWithANewKey() throws Exception {
        String form = browser.get("/scrivi").body();
        String key = key(form);

        HttpResponse<String> refused = browser.postMultipart("/scrivi", Map.of("_csrf", WebmailBrowser.csrf(form),
                "key", key, "to", "<bob>", "subject", "rifiutami", "text", "testo <b>mio</b>"), List.of());

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Il tuo gestore non ha accettato il messaggio (errore 400).",
                "Destinatario non valido: &lt;bob&gt;", "avviso di non accettazione firmato",
                "value=\"&lt;bob&gt;\"", "value=\"rifiutami\"", "testo &lt;b&gt;mio&lt;/b&gt;");
        assertThat(key(refused.body())).isNotEqualTo(key);
    }

    @Test
    void anUploadOverTheWebmailsLimitBringsTheFormBackSayingSo() throws Exception {
        String form = browser.get("/scrivi").body();
        int before = SUBMISSIONS.size();

        HttpResponse<String> posted = browser.postMultipart("/scrivi", Map.of("_csrf", WebmailBrowser.csrf(form),
                "key", key(form), "to", "bob@pec.beta.example", "subject", "Grande"),
                List.of(new WebmailBrowser.Upload("allegati", "grande.bin", "application/octet-stream",
                        new byte[1536 * 1024])));

        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/scrivi?errore=troppo-grande"));
        HttpResponse<String> again = browser.get("/scrivi?errore=troppo-grande");
        assertThat(again.body()).contains("Gli allegati superano quanto la webmail accetta in un invio.",
                "Nuovo messaggio");
        assertThat(SUBMISSIONS).hasSize(before);
    }

    @Test
    void aMultipartPostThatCannotBeReadIsRefusedNotAnError() throws Exception {
        int before = SUBMISSIONS.size();

        HttpResponse<String> posted = browser.postRaw("/scrivi", "multipart/form-data",
                "no boundary, no parts".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        // Refused where a form without its CSRF token is, as before the upload filter read forms first.
        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(SUBMISSIONS).hasSize(before);
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenSubmitsNothing() throws Exception {
        int before = SUBMISSIONS.size();
        HttpResponse<String> forged = browser.postMultipart("/scrivi", Map.of("key", "k", "to",
                "bob@pec.beta.example", "subject", "forged"), List.of());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(SUBMISSIONS).hasSize(before);
    }
}
