package io.sigillo.webmail;

import static io.sigillo.webmail.StandInDeliveryPoint.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestProviders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Sent folder and a sent message's timeline, from the delivery point's answers: each recipient's progress in
 * words, each step linked to the receipt in the mailbox that proves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SentPagesTest extends LoggedInPages {

    private static final String SENT_ID = "22222222-0000-4000-8000-000000000001";
    private static final String ACCEPTANCE = SENT_ID;
    private static final String DELIVERY = "22222222-0000-4000-8000-000000000002";
    private static final String NON_DELIVERY = "22222222-0000-4000-8000-000000000003";

    private static final String MESSAGE = """
            {"id":"%s","reference":"<offerta-1@client.example>","acceptedAt":"2026-12-05T09:00:00Z",
             "subject":"<script>alert(1)</script> Offerta","refused":false,"recipients":[
              {"address":"bob@pec.beta.example","certified":true,"progress":"DELIVERED",
               "at":"2026-12-05T09:00:03Z","receipt":"%s"},
              {"address":"carol@pec.beta.example","certified":true,"progress":"NOT_DELIVERED",
               "at":"2026-12-05T21:00:00Z","receipt":"%s"},
              {"address":"dave@mail.example","certified":false,"progress":"SENT_AS_ORDINARY_MAIL",
               "at":"2026-12-05T09:00:00Z","receipt":"%s"}]}""".formatted(SENT_ID, DELIVERY, NON_DELIVERY, ACCEPTANCE);

    /** The calls the stand-in received: path and query. */
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private static final StandInDeliveryPoint DELIVERY_POINT = new StandInDeliveryPoint(Map.of(
            "/api/v1/sessions", StandInDeliveryPoint.loggingIn("alice@pec.alpha.example"),
            // The notice that carol's message was not delivered: signed by beta, as the mailbox holds it.
            "/api/v1/mailbox/messages/" + NON_DELIVERY + "/raw", exchange -> {
                CALLS.add(exchange.getRequestURI().toString());
                exchange.getResponseHeaders().add("Content-Type", "message/rfc822");
                answer(exchange, 200, TestProviders.sign(DemoMessages.all(DemoMessages.ACCEPTED_AT)
                        .get("errore-consegna")).bytes());
            },
            "/api/v1/mailbox/sent", exchange -> {
                CALLS.add(exchange.getRequestURI().toString());
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/api/v1/mailbox/sent")) {
                    answer(exchange, 200, "{\"messages\":[" + MESSAGE + "],\"page\":0,\"size\":25,\"total\":1}");
                } else if (path.endsWith("/" + SENT_ID)) {
                    answer(exchange, 200, "{\"message\":" + MESSAGE + ",\"steps\":["
                            + step(ACCEPTANCE, "accettazione", "09:00:00", "[]") + ","
                            + step(DELIVERY, "avvenuta-consegna", "09:00:03", "[\"bob@pec.beta.example\"]") + ","
                            + step(NON_DELIVERY, "errore-consegna", "21:00:00", "[\"carol@pec.beta.example\"]")
                            + "]}");
                } else {
                    answer(exchange, 404, "{\"status\":404}");
                }
            }));



    @DynamicPropertySource
    static void deliveryPoint(DynamicPropertyRegistry registry) {
        registry.add("sigillo.webmail.delivery-point", DELIVERY_POINT::url);
        registry.add("sigillo.index.path", StandInDeliveryPoint::providersIndex);
    }

    @Override
    String account() {
        return "alice@pec.alpha.example";
    }

    @AfterAll
    static void stop() {
        DELIVERY_POINT.stop();
    }

    private static String step(String id, String type, String time, String concerning) {
        return "{\"id\":\"%s\",\"pecType\":\"%s\",\"receivedAt\":\"2026-12-05T%sZ\",\"concerning\":%s,\"subject\":\"x\"}"
                .formatted(id, type, time, concerning);
    }

    @Test
    void theSentFolderListsEachMessageWithEachRecipientsProgressInWords() throws Exception {
        HttpResponse<String> page = browser.get("/inviati");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(CALLS).contains("/api/v1/mailbox/sent?page=0&size=25");
        assertThat(page.body()).contains("Posta inviata", "1 messaggio", "05/12/2026 10:00",
                "href=\"/inviati/" + SENT_ID + "\"", "&lt;script&gt;alert(1)&lt;/script&gt; Offerta",
                "consegnato", "non consegnato", "inviato come posta ordinaria").doesNotContain("<script>");
    }

    @Test
    void theSentFolderIsSearchedByRecipientSubjectAndDaysAndTheFormKeepsWhatWasAsked() throws Exception {
        HttpResponse<String> page = browser.get("/inviati?a=bob&oggetto=Offerta%20n.%207%20%26%20co&dal=2026-12-01"
                + "&al=2026-12-05");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(CALLS).contains("/api/v1/mailbox/sent?page=0&size=25&to=bob&subject=Offerta%20n.%207%20%26%20co"
                + "&since=2026-12-01&until=2026-12-05");
        assertThat(page.body()).contains("value=\"bob\"", "value=\"Offerta n. 7 &amp; co\"", "value=\"2026-12-01\"",
                "Mostra tutto");

        // A day that is not one is no search at all, not an error.
        assertThat(browser.get("/inviati?dal=ieri").statusCode()).isEqualTo(200);
        assertThat(CALLS.get(CALLS.size() - 1)).isEqualTo("/api/v1/mailbox/sent?page=0&size=25");
    }

    @Test
    void aSentMessagesTimelineLinksEachRecipientAndEachStepToTheReceiptThatProvesIt() throws Exception {
        String page = browser.get("/inviati/" + SENT_ID).body();

        assertThat(page).contains("Accettato dal tuo gestore il 05/12/2026 10:00:00.",
                "bob@pec.beta.example", "consegnato", "05/12/2026 10:00:03",
                "href=\"/posta/" + DELIVERY + "\"", "Apri la ricevuta di consegna",
                "carol@pec.beta.example", "href=\"/posta/" + NON_DELIVERY + "\"",
                "non consegnato</span><span>: 5.1.1 - Utente sconosciuto: la casella di destinazione non esiste</span>",
                "Apri l&#39;avviso di mancata consegna", "(posta ordinaria)");
        // The reason was read from the notice without marking it read: alice has not opened it.
        assertThat(CALLS).contains("/api/v1/mailbox/messages/" + NON_DELIVERY + "/raw?peek=true");
        // The steps, in the order they came, each to open or download.
        assertThat(page).containsSubsequence(">accettazione</a>", ">consegna</a>", "per bob@pec.beta.example",
                ">mancata consegna</a>", "per carol@pec.beta.example");
        assertThat(page).contains("href=\"/posta/" + NON_DELIVERY + "/eml\"");

        String english = browser.get("/inviati/" + SENT_ID, "Accept-Language", "en").body();
        assertThat(english).contains("Open the delivery receipt", "not delivered", "Receipts and notices");

        assertThat(browser.get("/inviati/22222222-0000-4000-8000-00000000ffff").statusCode()).isEqualTo(404);
    }
}
