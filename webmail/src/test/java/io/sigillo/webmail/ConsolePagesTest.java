package io.sigillo.webmail;

import static io.sigillo.webmail.StandInDeliveryPoint.answer;
import static io.sigillo.webmail.StandInDeliveryPoint.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.operations.kafka.PlatformGrants;
import io.sigillo.pec.event.Topics;
import io.sigillo.webmail.console.DeadLetterDesk;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console (ADR 0036), against stand-ins for the audit log and the delivery point: staff log in where their
 * accounts are, search the log, open a message's trace and signed messages, download reproductions and the signed
 * export with the log's own token, and verify the log down to its first broken link; the owners' pages are not
 * there, and an operator of the log sees its verification only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sigillo.console.enabled=true", "sigillo.webmail.frontend-key=console-key",
        // The dead letters' broker, in this JVM, would bury the output.
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"})
class ConsolePagesTest {

    private static final String MESSAGE_ID = "opec.20261205.a1@pec.alpha.example";
    private static final String DELIVERY_ID = "opec.20261205.r2@pec.beta.example";
    private static final String ACCEPTANCE_ID = "opec.20261205.r1@pec.alpha.example";

    /** The calls the stand-ins received: who, path and query, and the token. */
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private static final StandInDeliveryPoint AUDIT_LOG = new StandInDeliveryPoint(Map.of(
            "/admin/v1/sessions", logins(Map.of(
                    "auditor", "{\"token\":\"log-token\",\"tokenType\":\"Bearer\",\"expiresAt\":\"2026-12-05T18:00:00Z\","
                            + "\"account\":\"auditor\",\"roles\":[\"COMPLIANCE\"]}",
                    "verifier", "{\"token\":\"verifier-token\",\"tokenType\":\"Bearer\","
                            + "\"expiresAt\":\"2026-12-05T18:00:00Z\",\"account\":\"verifier\",\"roles\":[\"OPERATOR\"]}"),
                    "guarded"),
            "/admin/v1/messages", ConsolePagesTest::log,
            "/admin/v1/certificates", exchange -> {
                called(exchange);
                // Ten days and an hour left, whatever the day the test runs.
                Instant expiry = TestTime.now().plus(Duration.ofDays(10)).plus(Duration.ofHours(1))
                        .truncatedTo(ChronoUnit.SECONDS);
                answer(exchange, 200, """
                        {"provider":"Alpha PEC S.p.A. (demo)","domain":"pec.alpha.example",
                         "signing":{"subject":"pec.alpha.example (Alpha PEC S.p.A. (demo))","issuer":"Demo CA",
                          "serialNumber":"1F","notBefore":"2025-01-01T00:00:00Z","notAfter":"%s","sha256":"%s"},
                         "retired":[{"subject":"<b>old</b>","issuer":"Demo CA","serialNumber":"0E",
                          "notBefore":"2020-01-01T00:00:00Z","notAfter":"2025-01-01T00:00:00Z","sha256":"%s"}]}"""
                        .formatted(expiry, "ef".repeat(32), "01".repeat(32)));
            },
            "/admin/v1/receipts", ConsolePagesTest::log,
            "/admin/v1/log/verify", exchange -> {
                called(exchange);
                answer(exchange, 200, """
                        {"from":"2026-01-01","to":"2026-12-01","intact":false,"months":[
                          {"month":"2026-11-01","events":120,"sealedUpTo":118,"intact":true},
                          {"month":"2026-12-01","events":7,"sealedUpTo":0,"intact":false}],
                         "firstBrokenLink":{"month":"2026-12-01","chainSeq":4,
                          "eventId":"5b0c7e7e-0000-4000-8000-000000000004",
                          "reason":"the hash does not match the event's content"}}""");
            }));

    private static final String DORA = "dora@pec.alpha.example";

    private static final StandInDeliveryPoint DELIVERY_POINT = new StandInDeliveryPoint(Map.of(
            "/api/v1/sessions", logins(Map.of("alice@pec.alpha.example", "{\"token\":\"mailbox-token\","
                    + "\"tokenType\":\"Bearer\",\"expiresAt\":\"2026-12-05T18:00:00Z\","
                    + "\"account\":\"alice@pec.alpha.example\",\"roles\":[\"MAILBOX\"]}",
                    "provisioner", "{\"token\":\"provisioning-token\",\"tokenType\":\"Bearer\","
                    + "\"expiresAt\":\"2026-12-05T18:00:00Z\",\"account\":\"provisioner\",\"roles\":[\"ADMIN\"]}"),
                    null),
            "/admin/v1/mailboxes", ConsolePagesTest::mailboxes));

    private static final StandInDeliveryPoint ACCESS_POINT = new StandInDeliveryPoint(Map.of(
            "/admin/v1/relay", exchange -> {
                called(exchange);
                answer(exchange, 200, """
                        {"queue":"RETRYING","page":0,"size":25,"sizes":{"PENDING":0,"RETRYING":1,"FAILED":3},
                         "handovers":[{"identifier":"opec.r9@pec.alpha.example","type":"avvenuta-consegna",
                          "destination":"pec.gamma.example","certified":true,"mailHost":"mx.gamma.example:25",
                          "recipients":["<script>x</script>@pec.gamma.example"],"size":20480,"attempts":3,
                          "createdAt":"2026-12-05T08:00:00Z","nextAttemptAt":"2026-12-05T09:00:00Z",
                          "lastError":"451 4.4.1 <b>connection</b> refused"}]}""");
            }));

    @LocalServerPort
    int port;

    @Value("${server.servlet.session.cookie.name:JSESSIONID}")
    String cookie;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("sigillo.webmail.audit-log", AUDIT_LOG::url);
        registry.add("sigillo.webmail.delivery-point", DELIVERY_POINT::url);
        registry.add("sigillo.webmail.access-point", ACCESS_POINT::url);
        registry.add("sigillo.index.path", StandInDeliveryPoint::providersIndex);
        registry.add("sigillo.console.kafka.bootstrap-servers", () -> SharedTestInfrastructure.kafka()
                .bootstrapServers());
    }

    @AfterAll
    static void stop() {
        AUDIT_LOG.stop();
        DELIVERY_POINT.stop();
        ACCESS_POINT.stop();
    }

    /**
     * Logins that succeed for the accounts in {@code sessions} with the password "giusta", ask a code of
     * {@code guarded}, and refuse the rest; each records who asked, from which browser, with which key.
     */
    private static HttpHandler logins(Map<String, String> sessions, String guarded) {
        return exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String user = field(body, "username");
            CALLS.add("login " + exchange.getRequestURI().getPath() + " " + user + " from "
                    + exchange.getRequestHeaders().getFirst("Sigillo-Client-Address") + " key "
                    + exchange.getRequestHeaders().getFirst("Sigillo-Frontend-Key"));
            if (user.equals(guarded) && field(body, "code").isEmpty()) {
                answer(exchange, 401, "{\"status\":401,\"twoFactor\":\"required\"}");
            } else if (sessions.containsKey(user) && field(body, "password").equals("giusta")) {
                answer(exchange, 201, sessions.get(user));
            } else {
                answer(exchange, 401, "{\"status\":401}");
            }
        };
    }

    private static void called(HttpExchange exchange) {
        CALLS.add(exchange.getRequestURI().getPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
                + " " + exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /** The log's messages, a trace, its signed messages, an export and a reproduction. */
    private static void log(HttpExchange exchange) throws IOException {
        called(exchange);
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/admin/v1/messages") && exchange.getRequestURI().getRawQuery().contains("subject=rifiutata")) {
            answer(exchange, 400, "{\"status\":400,\"detail\":\"subject: too long\"}");
        } else if (path.equals("/admin/v1/messages")) {
            answer(exchange, 200, """
                    {"messages":[{"messageId":"%s","originalMessageId":"<o1@client.example>",
                      "sender":"alice@pec.alpha.example","subject":"<script>alert(1)</script> Offerta",
                      "firstEventAt":"2026-12-05T09:00:00Z","lastEventAt":"2026-12-05T09:00:04Z","events":6}],
                     "page":0,"size":25}""".formatted(MESSAGE_ID));
        } else if (path.equals("/admin/v1/messages/" + MESSAGE_ID + "/trace")) {
            answer(exchange, 200, """
                    {"messageId":"%s","originalMessageId":"<o1@client.example>","events":[
                     {"type":"SUBMISSION_ACCEPTED","actor":"access-point","provider":"pec.alpha.example",
                      "occurredAtUtc":"2026-12-05T09:00:00Z","occurredAtRome":"2026-12-05T10:00:00+01:00",
                      "sender":"alice@pec.alpha.example","recipients":["carol@pec.beta.example"],
                      "subject":"Offerta","issuedMessageIds":[],"detail":null},
                     {"type":"RECEIPT_RECEIVED","actor":"incoming-point","provider":"pec.alpha.example",
                      "occurredAtUtc":"2026-12-05T09:00:04Z","occurredAtRome":"2026-12-05T10:00:04+01:00",
                      "sender":"alice@pec.alpha.example","recipients":["carol@pec.beta.example"],
                      "subject":"Offerta","issuedMessageIds":["%s"],"detail":"<b>avvenuta-consegna</b>"}]}"""
                    .formatted(MESSAGE_ID, DELIVERY_ID));
        } else if (path.equals("/admin/v1/messages/" + MESSAGE_ID + "/receipts")) {
            answer(exchange, 200, """
                    [{"receiptId":"%s","type":"ACCEPTANCE","issuer":"pec.alpha.example","issuedHere":true,
                      "concerning":[],"deliverTo":["alice@pec.alpha.example"],"signedAt":"2026-12-05T09:00:01Z",
                      "sha256":"%s","size":12288,"reproduction":"/admin/v1/receipts/%s/reproduction"},
                     {"receiptId":"%s","type":"DELIVERY","issuer":"pec.beta.example","issuedHere":false,
                      "concerning":["carol@pec.beta.example"],"deliverTo":["alice@pec.alpha.example"],
                      "signedAt":"2026-12-05T09:00:03Z","sha256":"%s","size":15360,"reproduction":null}]"""
                    .formatted(ACCEPTANCE_ID, "ab".repeat(32), ACCEPTANCE_ID, DELIVERY_ID, "cd".repeat(32)));
        } else if (path.equals("/admin/v1/messages/" + MESSAGE_ID + "/export")
                || path.equals("/admin/v1/receipts/" + ACCEPTANCE_ID + "/reproduction")) {
            exchange.getResponseHeaders().add("Content-Type", "message/rfc822");
            answer(exchange, 200, ("Subject: signed copy of " + path + "\r\n\r\nbody\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } else if (path.equals("/admin/v1/receipts/" + DELIVERY_ID + "/reproduction")) {
            answer(exchange, 409, "{\"status\":409,\"detail\":\"issued by another provider\"}");
        } else {
            answer(exchange, 404, "{\"status\":404}");
        }
    }

    /** The delivery point's provisioning: dora's mailbox (disabled), and what each change asked for. */
    private static void mailboxes(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        CALLS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
                + " " + exchange.getRequestHeaders().getFirst("Authorization") + (body.isEmpty() ? "" : " " + body));
        String dora = """
                {"address":"%s","quotaBytes":1073741824,"usedBytes":5242880,"createdAt":"2026-11-02T08:00:00Z",
                 "twoFactor":true,"active":false,"disabledAt":"2026-12-01T09:30:00Z"}""".formatted(DORA);
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET") && path.equals("/admin/v1/mailboxes")
                && exchange.getRequestURI().getRawQuery().contains("contains=rifiutata")) {
            answer(exchange, 400, "{\"status\":400,\"detail\":\"contains: size must be at most 320\"}");
        } else if (exchange.getRequestMethod().equals("GET") && path.equals("/admin/v1/mailboxes")) {
            answer(exchange, 200, "{\"mailboxes\":[" + dora + "],\"page\":0,\"size\":25,\"total\":1}");
        } else if (exchange.getRequestMethod().equals("POST") && path.equals("/admin/v1/mailboxes")) {
            answer(exchange, field(body, "address").startsWith("taken") ? 409 : 201,
                    field(body, "address").startsWith("taken")
                            ? "{\"status\":409,\"detail\":\"a mailbox for taken@pec.alpha.example already exists\"}"
                            : "{\"address\":\"" + field(body, "address") + "\",\"quotaBytes\":1}");
        } else if (path.startsWith("/admin/v1/mailboxes/" + DORA)) {
            answer(exchange, 200, dora);
        } else {
            answer(exchange, 404, "{\"status\":404}");
        }
    }

    private WebmailBrowser loggedIn(String user) throws Exception {
        WebmailBrowser browser = new WebmailBrowser(port);
        assertThat(browser.logIn(user, "giusta", "")).endsWith("/");
        return browser;
    }

    @Test
    void staffLogInAtTheAuditLogAndTheDeliveryPointNamingTheBrowserAndLandOnTheLog() throws Exception {
        WebmailBrowser browser = loggedIn("auditor");

        assertThat(CALLS).contains("login /admin/v1/sessions auditor from 127.0.0.1 key console-key",
                "login /api/v1/sessions auditor from 127.0.0.1 key console-key");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/registro");
        String login = new WebmailBrowser(port).get("/accesso").body();
        assertThat(login).contains("Sigillo · console", ">Utente<", "type=\"text\"").doesNotContain("Posta inviata");

        // The owners' pages are not served by the console, even to someone logged in.
        assertThat(browser.get("/posta").statusCode()).isEqualTo(404);
        assertThat(browser.get("/scrivi").statusCode()).isEqualTo(404);
    }

    @Test
    void aMailboxOwnerOrAWrongPasswordIsRefusedAndASecondFactorIsAskedFor() throws Exception {
        assertThat(new WebmailBrowser(port).logIn("alice@pec.alpha.example", "giusta", ""))
                .as("a mailbox's session is no staff login").endsWith("/accesso?errore=credentials");
        assertThat(new WebmailBrowser(port).logIn("auditor", "sbagliata", "")).endsWith("/accesso?errore=credentials");
        assertThat(new WebmailBrowser(port).logIn("guarded", "giusta", "")).endsWith("/accesso?errore=code_needed");
        // Each refused attempt is one attempt at each service: its throttle counts it once.
        assertThat(CALLS.stream().filter(call -> call.startsWith("login /admin/v1/sessions guarded "))).hasSize(1);
        assertThat(CALLS.stream().filter(call -> call.startsWith("login /api/v1/sessions guarded "))).hasSize(1);
    }

    @Test
    void theLogIsSearchedInItalianDaysAndItsHostileSubjectsShowAsText() throws Exception {
        WebmailBrowser browser = loggedIn("auditor");

        HttpResponse<String> page = browser.get("/registro?da=alice%40pec.alpha.example&oggetto=Offerta&dal=2026-12-05"
                + "&al=2026-12-05");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(CALLS).contains("/admin/v1/messages?page=0&size=25&sender=alice%40pec.alpha.example"
                + "&subject=Offerta&from=2026-12-04T23:00:00Z&to=2026-12-05T23:00:00Z Bearer log-token");
        assertThat(page.body()).contains("Registro degli eventi", "05/12/2026 10:00:00",
                "&lt;script&gt;alert(1)&lt;/script&gt; Offerta",
                "href=\"/registro/messaggio?id=opec.20261205.a1@pec.alpha.example\"").doesNotContain("<script>");

        HttpResponse<String> byId = browser.get("/registro?id=+" + MESSAGE_ID);
        assertThat(byId.headers().firstValue("Location").orElseThrow())
                .endsWith("/registro/messaggio?id=" + MESSAGE_ID);
    }

    @Test
    void aPlusInAnIdentifierOrAnAddressStaysAPlusThroughTheRedirects() throws Exception {
        HttpResponse<String> byId = loggedIn("auditor").get("/registro?id=abc%2Bdef@pec.example");
        assertThat(byId.headers().firstValue("Location").orElseThrow())
                .endsWith("/registro/messaggio?id=abc%2Bdef@pec.example");

        WebmailBrowser browser = loggedIn("provisioner");
        String form = WebmailBrowser.csrf(browser.get("/caselle").body());
        HttpResponse<String> quota = browser.post("/caselle/quota", Map.of("indirizzo", "nobody+x@pec.alpha.example",
                "quota", "10", "_csrf", form));
        assertThat(quota.headers().firstValue("Location").orElseThrow())
                .endsWith("/caselle/casella?indirizzo=nobody%2Bx@pec.alpha.example");
        assertThat(CALLS).contains("PATCH /admin/v1/mailboxes/nobody+x@pec.alpha.example Bearer provisioning-token "
                + "{\"quotaBytes\":10485760}");

        browser.get("/caselle?cerca=a%2Bb");
        assertThat(CALLS).contains("GET /admin/v1/mailboxes?page=0&size=25&contains=a%2Bb Bearer provisioning-token");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSearchOverWhatTheServicesTakeBringsTheFormBackSayingSo(CapturedOutput output) throws Exception {
        WebmailBrowser provisioner = loggedIn("provisioner");
        for (String search : List.of("/caselle?cerca=" + "c".repeat(1001), "/caselle?cerca=rifiutata")) {
            HttpResponse<String> page = provisioner.get(search);
            assertThat(page.statusCode()).as(search).isEqualTo(200);
            assertThat(page.body()).as(search).contains("Ricerca non eseguita", "id=\"cerca\" name=\"cerca\"");
        }
        WebmailBrowser auditor = loggedIn("auditor");
        for (String search : List.of("/registro?oggetto=" + "o".repeat(1001), "/registro?da=" + "d".repeat(321),
                "/registro?oggetto=rifiutata")) {
            HttpResponse<String> page = auditor.get(search);
            assertThat(page.statusCode()).as(search).isEqualTo(200);
            assertThat(page.body()).as(search).contains("Ricerca non eseguita", "maxlength=\"1000\"",
                    "name=\"da\" type=\"text\" maxlength=\"320\"");
        }
        assertThat(CALLS).noneMatch(call -> call.contains("c".repeat(321)) || call.contains("o".repeat(1001))
                || call.contains("d".repeat(321)));
        assertThat(output.getOut()).contains("A search was refused: the delivery point answered 400",
                "A search was refused: the audit log answered 400").doesNotContain("\"level\":\"ERROR\"");
    }

    @Test
    void theLanguageLinksKeepTheMessageOrMailboxOpen() throws Exception {
        String trace = loggedIn("auditor").get("/registro/messaggio?id=" + MESSAGE_ID).body();
        assertThat(trace).contains("href=\"/registro/messaggio?id=" + MESSAGE_ID + "&amp;lingua=en\"");

        WebmailBrowser browser = loggedIn("provisioner");
        String mailbox = browser.get("/caselle/casella?indirizzo=" + DORA).body();
        assertThat(mailbox).contains("href=\"/caselle/casella?indirizzo=" + DORA + "&amp;lingua=en\"");
        HttpResponse<String> english = browser.get("/caselle/casella?indirizzo=" + DORA + "&lingua=en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("lang=\"en\"", DORA);
    }

    @Test
    void aMessagesTraceShowsEachStepInWordsAndOffersReproductionsOfWhatThisProviderSigned() throws Exception {
        WebmailBrowser browser = loggedIn("auditor");

        String page = browser.get("/registro/messaggio?id=" + MESSAGE_ID).body();

        assertThat(page).containsSubsequence("05/12/2026 10:00:00", "invio accettato", "access-point",
                "carol@pec.beta.example", "ricevuta ricevuta da un altro gestore", DELIVERY_ID);
        assertThat(page).contains("&lt;b&gt;avvenuta-consegna&lt;/b&gt;", "Eventi registrati: 2",
                "href=\"/registro/messaggio/estratto?id=" + MESSAGE_ID + "\"");
        assertThat(page).containsSubsequence("ricevuta di accettazione", "pec.alpha.example (questo gestore)",
                "ab".repeat(32), "12.0 KB", "href=\"/registro/riproduzione?id=" + ACCEPTANCE_ID + "\"",
                "ricevuta di avvenuta consegna", "pec.beta.example", "cd".repeat(32),
                "da chiedere al gestore che l&#39;ha emesso");
        assertThat(page).doesNotContain("/registro/riproduzione?id=" + DELIVERY_ID);

        String english = browser.get("/registro/messaggio?id=" + MESSAGE_ID, "Accept-Language", "en").body();
        assertThat(english).contains("submission accepted", "Download the reproduction (.eml)");

        assertThat(browser.get("/registro/messaggio?id=opec.unknown@pec.alpha.example").statusCode())
                .isEqualTo(404);
        assertThat(browser.get("/registro/messaggio?id=..%2F..%2Factuator").statusCode()).isEqualTo(404);
    }

    @Test
    void reproductionsAndTheSignedExportDownloadAsTheLogSignedThemWithTheLogsToken() throws Exception {
        WebmailBrowser browser = loggedIn("auditor");

        HttpResponse<byte[]> copy = browser.download("/registro/riproduzione?id=" + ACCEPTANCE_ID);
        assertThat(copy.statusCode()).isEqualTo(200);
        assertThat(copy.headers().firstValue("Content-Type")).contains("message/rfc822");
        assertThat(copy.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;").contains("riproduzione-" + ACCEPTANCE_ID + ".eml");
        assertThat(new String(copy.body(), StandardCharsets.US_ASCII))
                .startsWith("Subject: signed copy of /admin/v1/receipts/" + ACCEPTANCE_ID + "/reproduction");
        assertThat(CALLS).contains("/admin/v1/receipts/" + ACCEPTANCE_ID + "/reproduction Bearer log-token");

        HttpResponse<byte[]> export = browser.download("/registro/messaggio/estratto?id=" + MESSAGE_ID);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(new String(export.body(), StandardCharsets.US_ASCII))
                .startsWith("Subject: signed copy of /admin/v1/messages/" + MESSAGE_ID + "/export");

        // Another provider's receipt is that provider's to reproduce.
        assertThat(browser.download("/registro/riproduzione?id=" + DELIVERY_ID).statusCode()).isEqualTo(409);
    }

    @Test
    void theVerificationShowsEachMonthAndTheFirstBrokenLink() throws Exception {
        WebmailBrowser browser = loggedIn("auditor");

        String form = browser.get("/verifica").body();
        assertThat(form).contains("Verifica del registro", "type=\"month\"").doesNotContain("Esito");

        String page = browser.get("/verifica?dal=2026-01&al=2026-12&esegui=1").body();

        assertThat(CALLS).contains("/admin/v1/log/verify?from=2026-01&to=2026-12 Bearer log-token");
        assertThat(page).contains("Il registro NON è integro", "value=\"2026-01\"");
        assertThat(page).containsSubsequence("Mese", "2026-12", "Posizione nella catena", "4",
                "5b0c7e7e-0000-4000-8000-000000000004", "the hash does not match the event&#39;s content");
        assertThat(page).containsSubsequence("2026-11", "120", "118", "integro", "2026-12", "7", "0", "rotto");
    }

    @Test
    void refusesToVerifyAPeriodWhoseFirstMonthComesAfterItsLast() throws Exception {
        HttpResponse<String> page = loggedIn("auditor").get("/verifica?esegui=1&dal=2026-12&al=2026-01");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Il mese iniziale viene dopo quello finale", "value=\"2026-12\"")
                .doesNotContain("Il registro è integro", "Il registro NON è integro");
        assertThat(CALLS).noneMatch(call -> call.startsWith("/admin/v1/log/verify?from=2026-12"));
    }

    @Test
    void anIdentifierWrittenWithItsAngleBracketsOpensItsTrace() throws Exception {
        WebmailBrowser browser = loggedIn("auditor");

        HttpResponse<String> byId = browser.get("/registro?id=%3C" + MESSAGE_ID + "%3E");
        assertThat(byId.headers().firstValue("Location").orElseThrow())
                .endsWith("/registro/messaggio?id=" + MESSAGE_ID);
        HttpResponse<String> trace = browser.get("/registro/messaggio?id=%3C" + MESSAGE_ID + "%3E");
        assertThat(trace.statusCode()).isEqualTo(200);
        assertThat(trace.body()).contains("Eventi registrati: 2");
    }

    @Test
    void anOperatorOfTheLogVerifiesItButOpensNoMessage() throws Exception {
        WebmailBrowser browser = loggedIn("verifier");

        assertThat(browser.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/verifica");
        String page = browser.get("/verifica").body();
        assertThat(page).contains("Verifica del registro").doesNotContain("href=\"/registro\"");
        HttpResponse<String> log = browser.get("/registro");
        assertThat(log.statusCode()).isEqualTo(403);
        assertThat(log.body()).contains("non è tra quelle che il tuo ruolo può aprire");
        assertThat(browser.get("/registro/riproduzione?id=" + ACCEPTANCE_ID).statusCode()).isEqualTo(403);
    }

    @Test
    void theProvisioningOperatorFindsCreatesDisablesAndResetsMailboxesWithTheDeliveryPointsToken() throws Exception {
        WebmailBrowser browser = loggedIn("provisioner");
        assertThat(browser.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/caselle");

        String list = browser.get("/caselle?cerca=dora").body();
        assertThat(CALLS).contains("GET /admin/v1/mailboxes?page=0&size=25&contains=dora Bearer provisioning-token");
        assertThat(list).contains("href=\"/caselle/casella?indirizzo=dora@pec.alpha.example\"", "5.0 MB di 1.0 GB",
                "disattivata", "href=\"/caselle\"").doesNotContain("href=\"/registro\"");

        String token = WebmailBrowser.csrf(list.substring(list.indexOf("id=\"nuova\"")));
        HttpResponse<String> created = browser.post("/caselle", Map.of("indirizzo", "ezio@pec.alpha.example",
                "password", "prima-password", "quota", "2048", "_csrf", token));
        assertThat(created.headers().firstValue("Location").orElseThrow())
                .endsWith("/caselle/casella?indirizzo=ezio@pec.alpha.example");
        assertThat(CALLS).anyMatch(call -> call.startsWith("POST /admin/v1/mailboxes Bearer provisioning-token")
                && call.contains("\"quotaBytes\":2147483648") && call.contains("\"password\":\"prima-password\""));
        HttpResponse<String> taken = browser.post("/caselle", Map.of("indirizzo", "taken@pec.alpha.example",
                "password", "prima-password", "quota", "", "_csrf", token));
        assertThat(taken.headers().firstValue("Location").orElseThrow()).endsWith("/caselle");
        assertThat(browser.get("/caselle").body()).contains("Il punto di consegna non l&#39;ha fatto: a mailbox "
                + "for taken@pec.alpha.example already exists", "value=\"taken@pec.alpha.example\"");

        String page = browser.get("/caselle/casella?indirizzo=" + DORA).body();
        assertThat(page).contains("disattivata dal 01/12/2026 10:30:00", "5.0 MB di 1.0 GB", "value=\"1024\"",
                "Riattiva la casella");
        String form = WebmailBrowser.csrf(page);
        browser.post("/caselle/stato", Map.of("indirizzo", DORA, "attiva", "true", "_csrf", form));
        assertThat(browser.get("/caselle/casella?indirizzo=" + DORA).body()).contains("Casella riattivata.");
        browser.post("/caselle/reimposta", Map.of("indirizzo", DORA, "password", "consegnata-1", "_csrf", form));
        assertThat(CALLS).contains("PATCH /admin/v1/mailboxes/" + DORA + " Bearer provisioning-token {\"active\":true}",
                "POST /admin/v1/mailboxes/" + DORA + "/reset Bearer provisioning-token {\"password\":\"consegnata-1\"}");
        assertThat(browser.get("/caselle/casella?indirizzo=" + DORA).body()).contains("Credenziali reimpostate");

        // Compliance staff have no provisioning token: the mailboxes are not theirs to open.
        assertThat(loggedIn("auditor").get("/caselle").statusCode()).isEqualTo(403);
    }

    @Test
    void theCertificatesInUseWarnOfAnExpiryAndTheIndexInForceListsEveryProvider() throws Exception {
        String page = loggedIn("auditor").get("/certificati").body();

        assertThat(CALLS).contains("/admin/v1/certificates Bearer log-token");
        assertThat(page).containsSubsequence("Certificati di firma di Alpha PEC S.p.A. (demo)", "in uso",
                "pec.alpha.example (Alpha PEC S.p.A. (demo))", "ef".repeat(32),
                "scade tra 10 giorni: rinnovalo e pubblica il nuovo nell&#39;indice", "ritirato", "&lt;b&gt;old&lt;/b&gt;",
                "SCADUTO");
        // The index the console reads, as the services do: the test PKI's two providers, their certificates valid.
        assertThat(page).contains("L&#39;indice dei gestori in vigore", "Alpha PEC S.p.A. (demo)",
                "Beta PEC S.r.l. (demo)", "pec.beta.example", "valido ancora");

        // The provisioning operator has no token of the log: the index alone.
        String provisioner = loggedIn("provisioner").get("/certificati").body();
        assertThat(provisioner).contains("Beta PEC S.r.l. (demo)").doesNotContain("Certificati di firma di");
    }

    @Test
    void theOperatorSeesEachServicesDeadLettersAsTextAndReplaysThoseShownIntoTheTopicTheyCameFrom() throws Exception {
        String key = "opec." + System.nanoTime() + ".<b>x</b>@pec.alpha.example";
        String receiptLetters = PlatformGrants.deadLetters("receipt-service");
        long offset = park(receiptLetters, Topics.SUBMISSION_ACCEPTED, key, "<script>alert(1)</script> blob missing");
        park(PlatformGrants.deadLetters("access-point-service"), Topics.MAILBOX_REGISTERED, "mailbox-" + key,
                "unreadable mailbox");
        WebmailBrowser browser = loggedIn("provisioner");

        String page = browser.get("/scarti").body();
        assertThat(page).contains("Servizio delle ricevute (1)", "opec." + key.substring(5, key.indexOf('<'))
                + "&lt;b&gt;x&lt;/b&gt;@pec.alpha.example", "&lt;script&gt;alert(1)&lt;/script&gt; blob missing",
                Topics.SUBMISSION_ACCEPTED, "Punto di accesso (1)", "Si reinvia solo con il comando",
                "name=\"fino\" value=\"0:" + offset + "\"").doesNotContain("<script>alert");
        // One more set aside after the page was shown: the replay takes what the operator saw, not this one.
        String later = key.replace("opec.", "opec.later.");
        park(receiptLetters, Topics.SUBMISSION_ACCEPTED, later, "blob missing");
        HttpResponse<String> replayed = browser.post("/scarti", Map.of("servizio", "receipt-service",
                "fino", "0:" + offset, "_csrf", WebmailBrowser.csrf(page)));

        assertThat(replayed.headers().firstValue("Location").orElseThrow()).endsWith("/scarti");
        assertThat(browser.get("/scarti").body()).contains("Reinviato 1 evento scartato (Servizio delle ricevute).",
                "Servizio delle ricevute (1)", "opec.later.");
        try (var source = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                SharedTestInfrastructure.kafka().bootstrapServers(), "group.id", "console-test-" + System.nanoTime(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            source.subscribe(List.of(Topics.SUBMISSION_ACCEPTED));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                source.poll(Duration.ofMillis(200)).forEach(found::add);
                return found.stream().anyMatch(r -> key.equals(r.key()));
            });
            assertThat(found).filteredOn(r -> r.key().contains(key.substring(5))).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo("{\"accepted\":true}");
                assertThat(r.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)).isNull();
                assertThat(new String(r.headers().lastHeader("sigillo-step").value(), StandardCharsets.UTF_8))
                        .isEqualTo("kept");
            });
        }
        assertThat(browser.post("/scarti", Map.of("servizio", "../receipt-service", "_csrf", WebmailBrowser.csrf(
                page))).statusCode()).isEqualTo(404);
        assertThat(browser.post("/scarti", Map.of("servizio", "receipt-service", "fino", "0:x", "_csrf",
                WebmailBrowser.csrf(page))).statusCode()).isEqualTo(400);
        assertThat(loggedIn("auditor").get("/scarti").statusCode()).isEqualTo(403);
    }

    @Test
    void aFloodOfDeadLettersShowsTheFirstHundredAndItsTotalAndAReplayTakesThoseShown() throws Exception {
        String letters = PlatformGrants.deadLetters("incoming-point-service");
        try (var producer = deadLetterPublisher()) {
            for (int i = 0; i < DeadLetterDesk.SHOWN + 2; i++) {
                park(producer, letters, Topics.MESSAGE_SIGNED, "opec.flood" + i + "@pec.beta.example", "unreadable");
            }
        }
        WebmailBrowser browser = loggedIn("provisioner");

        String page = browser.get("/scarti").body();
        int shown = DeadLetterDesk.SHOWN;
        assertThat(page).contains("Punto di ricezione (" + (shown + 2) + ")", "Mostrati i primi " + shown + " di "
                + (shown + 2), "name=\"fino\" value=\"0:" + (shown - 1) + "\"", "Reinvia i " + shown
                + " eventi mostrati").doesNotContain("opec.flood" + shown + "@");
        browser.post("/scarti", Map.of("servizio", "incoming-point-service", "fino", "0:" + (shown - 1), "_csrf",
                WebmailBrowser.csrf(page)));
        assertThat(browser.get("/scarti").body()).contains("Reinviati " + shown + " eventi scartati (Punto di "
                + "ricezione).", "Punto di ricezione (2)", "opec.flood" + shown + "@", "opec.flood" + (shown + 1)
                + "@");
    }

    private static KafkaProducer<String, String> deadLetterPublisher() {
        return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                SharedTestInfrastructure.kafka().bootstrapServers(), "linger.ms", 0), new StringSerializer(),
                new StringSerializer());
    }

    /** Parks a record on partition 0 as a service's dead-letter publisher does; returns its offset. */
    private static long park(String deadLetters, String source, String key, String failure) throws Exception {
        try (var producer = deadLetterPublisher()) {
            return park(producer, deadLetters, source, key, failure);
        }
    }

    private static long park(KafkaProducer<String, String> producer, String deadLetters, String source, String key,
            String failure) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(deadLetters, 0, key, "{\"accepted\":true}");
        record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, source.getBytes(StandardCharsets.UTF_8));
        record.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, failure.getBytes(StandardCharsets.UTF_8));
        record.headers().add("sigillo-step", "kept".getBytes(StandardCharsets.UTF_8));
        return producer.send(record).get(20, TimeUnit.SECONDS).offset();
    }

    @Test
    void theRelaysQueueShowsWhatIsRetriedWithItsLastAnswerAsText() throws Exception {
        WebmailBrowser browser = loggedIn("provisioner");

        String page = browser.get("/inoltro?coda=RETRYING").body();

        assertThat(CALLS).contains("/admin/v1/relay?queue=RETRYING&page=0&size=25 Bearer provisioning-token");
        assertThat(page).contains("Da tentare (0)", "Da ritentare (1)", "Abbandonate (3)", "aria-current=\"page\"",
                "05/12/2026 09:00:00", "avvenuta-consegna", "opec.r9@pec.alpha.example", "pec.gamma.example",
                "mx.gamma.example:25", "&lt;script&gt;x&lt;/script&gt;@pec.gamma.example", "20.0 KB",
                "prossimo: 05/12/2026 10:00:00", "451 4.4.1 &lt;b&gt;connection&lt;/b&gt; refused")
                .doesNotContain("<script>x");
        assertThat(browser.get("/inoltro?coda=ALTRO").statusCode()).isEqualTo(404);
        assertThat(loggedIn("auditor").get("/inoltro").statusCode()).isEqualTo(403);
    }
}
