package io.sigillo.webmail;

import static io.sigillo.webmail.StandInDeliveryPoint.answer;
import static io.sigillo.webmail.StandInDeliveryPoint.field;
import static org.assertj.core.api.Assertions.assertThat;


import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webmail's pages over HTTP, against a stand-in for the delivery point's two calls it makes (the browser test in
 * platform-e2e runs them against the real one): how each answer of a login reads on the page, the session, the
 * CSRF token, the headers, and hostile text shown as text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sigillo.webmail.frontend-key=webmail-test-key", "spring.http.clients.read-timeout=1s"})
class WebmailPagesTest {

    /** The one message in carol's mailbox, and its bytes as the delivery point serves them. */
    private static final String MESSAGE_ID = "5b0f8f7e-3f7a-4a57-9b0e-0d7c1e0b3f11";
    private static final byte[] SIGNED_BYTES = "Subject: POSTA CERTIFICATA: Offerta\r\n\r\nfirmato\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** What the stand-in received, one line per call: method, path, Authorization header, body. */
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private static final StandInDeliveryPoint DELIVERY_POINT = deliveryPoint();

    @LocalServerPort
    int port;

    private WebmailBrowser browser;

    @DynamicPropertySource
    static void deliveryPointUrl(DynamicPropertyRegistry registry) {
        registry.add("sigillo.webmail.delivery-point", DELIVERY_POINT::url);
        registry.add("sigillo.index.path", StandInDeliveryPoint::providersIndex);
    }

    @BeforeEach
    void newBrowser() {
        browser = new WebmailBrowser(port);
    }

    @AfterAll
    static void stop() {
        DELIVERY_POINT.stop();
    }

    /**
     * Answers as the delivery point does: carol logs in with "giusta", dave needs a code (123456), erin is locked
     * out for two minutes, gina's mailbox is disabled, frank's token is refused at once, slow gets no answer within
     * the webmail's patience, auditor is staff (whose login the delivery point grants, with staff roles only);
     * carol's mailbox holds one message, and a search for the subject "rifiutata" is refused as one over its
     * length would be.
     */
    private static StandInDeliveryPoint deliveryPoint() {
        return new StandInDeliveryPoint(Map.of("/api/v1/sessions", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                CALLS.add("POST /api/v1/sessions " + body + " from "
                        + exchange.getRequestHeaders().getFirst("Sigillo-Client-Address") + " vouched by "
                        + exchange.getRequestHeaders().getFirst("Sigillo-Frontend-Key"));
                String user = field(body, "username");
                boolean right = "giusta".equals(field(body, "password"));
                if (user.startsWith("slow@")) {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    answer(exchange, 201, "{}");
                } else if (user.startsWith("erin@")) {
                    exchange.getResponseHeaders().add("Retry-After", "120");
                    answer(exchange, 429, "{\"status\":429}");
                } else if (right && user.startsWith("gina@")) {
                    answer(exchange, 403, "{\"status\":403,\"disabled\":true}");
                } else if (right && user.startsWith("dave@") && !"123456".equals(field(body, "code"))) {
                    answer(exchange, 401, "{\"status\":401,\"twoFactor\":\"required\"}");
                } else if ("auditor".equals(user) && "auditor-demo".equals(field(body, "password"))) {
                    answer(exchange, 201, "{\"token\":\"token-auditor\",\"tokenType\":\"Bearer\","
                            + "\"expiresAt\":\"2026-12-05T18:00:00Z\",\"account\":\"auditor\","
                            + "\"roles\":[\"COMPLIANCE\",\"ADMIN\"]}");
                } else if (right) {
                    answer(exchange, 201, "{\"token\":\"token-" + user + "\",\"tokenType\":\"Bearer\","
                            + "\"expiresAt\":\"2026-12-05T18:00:00Z\",\"account\":\"" + user
                            + "\",\"roles\":[\"MAILBOX\"]}");
                } else {
                    answer(exchange, 401, "{\"status\":401}");
                }
            }, "/api/v1/mailbox/messages", exchange -> {
                String bearer = exchange.getRequestHeaders().getFirst("Authorization");
                CALLS.add("GET " + exchange.getRequestURI() + " " + bearer);
                if (!"Bearer token-carol@pec.beta.example".equals(bearer)) {
                    answer(exchange, 401, "{\"status\":401}");
                    return;
                }
                if (exchange.getRequestURI().getPath().endsWith("/raw")) {
                    if (!exchange.getRequestURI().getPath().contains(MESSAGE_ID)) {
                        answer(exchange, 404, "{\"status\":404}");
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Type", "message/rfc822");
                    answer(exchange, 200, SIGNED_BYTES);
                    return;
                }
                if (String.valueOf(exchange.getRequestURI().getRawQuery()).contains("subject=rifiutata")) {
                    answer(exchange, 400, "{\"status\":400,\"detail\":\"subject: size must be at most 1000\"}");
                    return;
                }
                // The page asked for, of as many as it takes: a search for "+" has pages before and after.
                java.util.regex.Matcher asked = java.util.regex.Pattern.compile("page=(\\d+)")
                        .matcher(exchange.getRequestURI().getRawQuery());
                int page = asked.find() ? Integer.parseInt(asked.group(1)) : 0;
                long total = exchange.getRequestURI().getRawQuery().contains("%2B") ? 100 : 1;
                answer(exchange, 200, """
                        {"messages":[{"id":"5b0f8f7e-3f7a-4a57-9b0e-0d7c1e0b3f11",
                          "receivedAt":"2026-12-05T10:15:00Z","from":"alice@pec.alpha.example",
                          "subject":"<script>alert(1)</script> Offerta","pecType":"posta-certificata",
                          "riferimentoMessageId":null,"size":12345,"seen":false,"folder":"INBOX"}],
                         "page":%d,"size":25,"total":%d}""".formatted(page, total));
            }));
    }

    @Test
    void theLoginPageIsItalianFirstEnglishOnRequestAndLocksEverythingElseDown() throws Exception {
        HttpResponse<String> page = browser.get("/accesso");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lang=\"it\"", "Indirizzo PEC", "Accedi");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        HttpResponse<String> english = browser.get("/accesso", "Accept-Language", "en-GB,en;q=0.9");
        assertThat(english.body()).contains("lang=\"en\"", "PEC address");

        assertThat(browser.get("/posta").statusCode()).as("no page without a login").isEqualTo(302);
        int calls = CALLS.size();
        assertThat(browser.post("/accesso", Map.of("utente", "carol@pec.beta.example", "password", "giusta")).statusCode())
                .as("a login without the form's CSRF token").isEqualTo(403);
        assertThat(CALLS).hasSize(calls);
    }

    @Test
    void eachRefusalReadsAsWhatHappenedAndTheAddressComesBackButNeverThePassword() throws Exception {
        assertThat(browser.logIn("carol@pec.beta.example", "sbagliata", "")).endsWith("/accesso?errore=credentials");
        HttpResponse<String> wrong = browser.get("/accesso?errore=credentials");
        assertThat(wrong.body()).contains("Indirizzo, password o codice errati.")
                .contains("value=\"carol@pec.beta.example\"").doesNotContain("sbagliata");

        assertThat(browser.logIn("dave@pec.beta.example", "giusta", "")).endsWith("/accesso?errore=code_needed");
        assertThat(browser.get("/accesso?errore=code_needed").body()).contains("inserisci anche il codice dell&#39;app");
        assertThat(browser.logIn("dave@pec.beta.example", "giusta", "123456")).endsWith("/posta");

        assertThat(browser.logIn("erin@pec.beta.example", "giusta", "")).endsWith("/accesso?errore=locked&attesa=2");
        assertThat(browser.get("/accesso?errore=locked&attesa=2").body()).contains("riprova tra 2 minuti");

        assertThat(browser.logIn("gina@pec.beta.example", "giusta", "")).endsWith("/accesso?errore=disabled");
        assertThat(browser.get("/accesso?errore=disabled").body()).contains("Il gestore ha disattivato questa casella");

        assertThat(browser.logIn("slow@pec.beta.example", "giusta", "")).endsWith("/accesso?errore=unavailable");
        assertThat(browser.get("/accesso?errore=unavailable").body()).contains("Il servizio di accesso non risponde");
        assertThat(CALLS).anyMatch(call -> call.contains("\"code\":\"123456\""));
        // Each login names the browser's address, so the delivery point throttles it and not the webmail.
        assertThat(CALLS).filteredOn(call -> call.startsWith("POST")).allMatch(call ->
                call.endsWith(" from 127.0.0.1 vouched by webmail-test-key"));
    }

    @Test
    void refusesALoginWhoseRolesLackTheMailboxOwnersAsWrongCredentials() throws Exception {
        assertThat(browser.logIn("auditor", "auditor-demo", "")).endsWith("/accesso?errore=credentials");
        assertThat(browser.get("/accesso?errore=credentials").body()).contains("Indirizzo, password o codice errati.");
        HttpResponse<String> inbox = browser.get("/posta");
        assertThat(inbox.statusCode()).as("no session was kept").isEqualTo(302);
        assertThat(inbox.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/accesso"));
    }

    @Test
    void theErrorPageOffersALogoutToWhoeverIsLoggedIn() throws Exception {
        assertThat(browser.logIn("carol@pec.beta.example", "giusta", "")).endsWith("/posta");
        HttpResponse<String> missing = browser.get("/nessuna-pagina");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("action=\"/esci\"", "carol@pec.beta.example", "Esci");
        assertThat(browser.post("/esci", Map.of("_csrf", WebmailBrowser.csrf(missing.body()))).headers()
                .firstValue("Location")).hasValueSatisfying(location ->
                        assertThat(location).endsWith("/accesso?uscita"));
        assertThat(browser.get("/posta").statusCode()).isEqualTo(302);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSearchOverWhatTheDeliveryPointTakesBringsTheFormBackSayingSo(CapturedOutput output) throws Exception {
        assertThat(browser.logIn("carol@pec.beta.example", "giusta", "")).endsWith("/posta");
        assertThat(browser.get("/posta").body()).contains("name=\"da\" type=\"text\" maxlength=\"320\"",
                "name=\"oggetto\" type=\"text\" maxlength=\"1000\"");

        for (String overlong : List.of("/posta?da=" + "d".repeat(321), "/inviati?a=" + "a".repeat(321),
                "/posta?oggetto=" + "o".repeat(1001), "/posta?tipo=" + "t".repeat(41))) {
            HttpResponse<String> page = browser.get(overlong);
            assertThat(page.statusCode()).as(overlong).isEqualTo(200);
            assertThat(page.body()).as(overlong).contains("Ricerca non eseguita: un campo è troppo lungo",
                    "role=\"search\"").doesNotContain("Nessun messaggio corrisponde");
        }
        assertThat(browser.get("/inviati?a=" + "a".repeat(321)).body()).contains(
                "name=\"a\" type=\"text\" maxlength=\"320\"", "name=\"oggetto\" type=\"text\" maxlength=\"1000\"");
        assertThat(CALLS).noneMatch(call -> call.contains("d".repeat(321)) || call.contains("o".repeat(1001))
                || call.contains("t".repeat(41)));

        // Whatever else the delivery point refuses in a search reads the same way.
        HttpResponse<String> refused = browser.get("/posta?oggetto=rifiutata");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Ricerca non eseguita", "value=\"rifiutata\"");
        assertThat(output.getOut()).contains("A search was refused: the delivery point answered 400")
                .doesNotContain("\"level\":\"ERROR\"").doesNotContain("\"level\":\"WARN\"");
    }

    @Test
    void aPlusInASearchStaysAPlusInTheCallAndThePagersLinks() throws Exception {
        assertThat(browser.logIn("carol@pec.beta.example", "giusta", "")).endsWith("/posta");

        HttpResponse<String> page = browser.get("/posta?oggetto=C%2B%2B%20%26%20Perch%C3%A9&da=a%2Bb%40x&pagina=3");

        assertThat(CALLS).contains("GET /api/v1/mailbox/messages?page=2&size=25&from=a%2Bb%40x"
                + "&subject=C%2B%2B%20%26%20Perch%C3%A9 Bearer token-carol@pec.beta.example");
        assertThat(page.body()).contains(
                "href=\"/posta?da=a%2Bb@x&amp;oggetto=C%2B%2B%20%26%20Perch%C3%A9&amp;pagina=2\"",
                "href=\"/posta?da=a%2Bb@x&amp;oggetto=C%2B%2B%20%26%20Perch%C3%A9&amp;pagina=4\"");
        assertThat(browser.get("/posta?da=a%2Bb@x&oggetto=C%2B%2B%20%26%20Perch%C3%A9&pagina=4").body())
                .contains("value=\"C++ &amp; Perché\"", "value=\"a+b@x\"");
    }

    @Test
    void theLanguageLinksKeepThePageItsSearchAndItsPage() throws Exception {
        assertThat(browser.logIn("carol@pec.beta.example", "giusta", "")).endsWith("/posta");

        String page = browser.get("/posta?oggetto=C%2B%2B+%C3%A8&lingua=it&pagina=2").body();

        assertThat(page).contains("href=\"/posta?oggetto=C%2B%2B%20%C3%A8&amp;pagina=2&amp;lingua=it\" lang=\"it\"",
                "href=\"/posta?oggetto=C%2B%2B%20%C3%A8&amp;pagina=2&amp;lingua=en\" lang=\"en\"");
        assertThat(browser.get("/posta?oggetto=C%2B%2B%20%C3%A8&pagina=2&lingua=en").body())
                .contains("lang=\"en\"", "value=\"C++ è\"", "href=\"/posta?oggetto=C%2B%2B%20%C3%A8&amp;pagina=1\"");
        assertThat(browser.get("/accesso").body()).contains("href=\"/accesso?lingua=en\"");
        assertThat(browser.get("/nessuna-pagina?x=%22%3E").body()).contains("href=\"/nessuna-pagina?lingua=en\"");
    }

    @Test
    void anUnknownRefusalShowsNoMessageKey() throws Exception {
        HttpResponse<String> page = browser.get("/accesso?errore=zzz");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("??", "login.refused", "role=\"alert\"").contains("Accedi");
        assertThat(browser.get("/accesso?errore=scaduta").body()).contains("La sessione è scaduta");
    }

    @Test
    void theInboxIsReadWithTheSessionsTokenAndShowsHostileTextAsText() throws Exception {
        assertThat(browser.logIn("carol@pec.beta.example", "giusta", "")).endsWith("/posta");

        HttpResponse<String> inbox = browser.get("/posta");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("alice@pec.alpha.example", "messaggio certificato", "05/12/2026 11:15",
                "&lt;script&gt;alert(1)&lt;/script&gt; Offerta", "1 messaggio").doesNotContain("<script>");
        assertThat(CALLS).contains("GET /api/v1/mailbox/messages?page=0&size=25 Bearer token-carol@pec.beta.example");
        assertThat(inbox.body()).doesNotContain("token-carol");

        // Searched, the inbox asks the delivery point for what the form names.
        assertThat(browser.get("/posta?da=alice&tipo=avvenuta-consegna&oggetto=").body())
                .contains("<option value=\"avvenuta-consegna\" selected=\"selected\">consegna</option>");
        assertThat(CALLS).contains("GET /api/v1/mailbox/messages?page=0&size=25&from=alice&type=avvenuta-consegna "
                + "Bearer token-carol@pec.beta.example");

        // Each message downloads as the delivery point serves it, byte for byte.
        assertThat(inbox.body()).contains("href=\"/posta/" + MESSAGE_ID + "/eml\"");
        HttpResponse<byte[]> eml = browser.download("/posta/" + MESSAGE_ID + "/eml");
        assertThat(eml.statusCode()).isEqualTo(200);
        assertThat(eml.body()).isEqualTo(SIGNED_BYTES);
        assertThat(eml.headers().firstValue("Content-Type")).hasValue("message/rfc822");
        assertThat(eml.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment").contains("messaggio-" + MESSAGE_ID + ".eml"));
        assertThat(browser.get("/posta/" + java.util.UUID.randomUUID() + "/eml").statusCode()).isEqualTo(404);

        // Logging out ends the session: the inbox asks for a login again.
        assertThat(browser.post("/esci", Map.of("_csrf", WebmailBrowser.csrf(inbox.body()))).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/accesso?uscita"));
        assertThat(browser.get("/posta").statusCode()).isEqualTo(302);
    }

    @Test
    void aTokenTheDeliveryPointRefusesEndsTheSession() throws Exception {
        assertThat(browser.logIn("frank@pec.beta.example", "giusta", "")).endsWith("/posta");

        HttpResponse<String> inbox = browser.get("/posta");
        assertThat(inbox.statusCode()).isEqualTo(302);
        assertThat(inbox.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/accesso?errore=scaduta"));
        assertThat(browser.get("/posta").headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/accesso"));

        // A download with a refused token ends the session the same way.
        assertThat(browser.logIn("frank@pec.beta.example", "giusta", "")).endsWith("/posta");
        assertThat(browser.get("/posta/" + MESSAGE_ID + "/eml").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/accesso?errore=scaduta"));
    }
}
