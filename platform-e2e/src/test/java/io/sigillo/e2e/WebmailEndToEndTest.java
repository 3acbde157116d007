package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.operations.kafka.PlatformGrants;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.PecType;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The webmail in a real browser against both providers' real services: alice writes a message with a file and
 * sends it; carol finds it in her inbox, opens it and downloads its file; alice follows it in her Sent folder until
 * its timeline says delivered, and opens the delivery receipt; compliance staff follow a message in each provider's
 * console, reproduce its receipt, verify the log and provision a mailbox; a wrong password reads as such. Every screen is saved under
 * target/screenshots.
 */
@ExtendWith(InfrastructureAvailable.class)
class WebmailEndToEndTest {

    /** The file alice attaches. */
    private static final byte[] QUOTE = "Preventivo: 3 giornate, 1.800 € + IVA\n".getBytes(StandardCharsets.UTF_8);

    private static TwoProviders platform;
    /** Beta's webmail, where carol reads. */
    private static RunningWebmail webmail;
    /** Alpha's webmail, where alice follows what she sent. */
    private static RunningWebmail alphaWebmail;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed (.ci/run installs "
                + "them)");
        platform = TwoProviders.get();
        webmail = new RunningWebmail(platform.beta);
        alphaWebmail = new RunningWebmail(platform.alpha);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (alphaWebmail != null) {
            alphaWebmail.close();
        }
        if (webmail != null) {
            webmail.close();
        }
    }

    /** Each test starts logged out, whatever the one before it left behind. */
    @BeforeEach
    void freshSession() {
        browser.manage().deleteAllCookies();
    }

    private void logIn(String address, String password) {
        logIn(webmail, address, password);
    }

    private void logIn(RunningWebmail at, String address, String password) {
        browser.get(at.url() + "/posta");
        assertThat(browser.getCurrentUrl()).endsWith("/accesso");
        browser.findElement(By.id("utente")).sendKeys(address);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await("the login answered").atMost(Duration.ofSeconds(20))
                .until(() -> !browser.getCurrentUrl().endsWith("/accesso"));
    }

    private void logOut() {
        browser.findElement(By.cssSelector("form.logout button")).click();
        await("logged out").atMost(Duration.ofSeconds(20))
                .until(() -> browser.getCurrentUrl().endsWith("/accesso?uscita"));
    }

    /** What reaches past the window's right edge (elements by tag and class, texts by their start), for a report. */
    private String widest() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("""
                const past = [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth)
                    .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let t = texts.nextNode(); t; t = texts.nextNode()) {
                    const range = document.createRange();
                    range.selectNodeContents(t);
                    const right = range.getBoundingClientRect().right;
                    if (right > window.innerWidth) {
                        past.push('"' + t.textContent.trim().substring(0, 40) + '" ' + Math.round(right));
                    }
                }
                return window.innerWidth + ' wide: ' + past.join(', ');"""));
    }

    /** No page shows an error page or a message key without its text. */
    private void assertNoErrorShown() {
        assertThat(browser.getPageSource()).doesNotContain("Whitelabel", "??", "Internal Server Error");
    }

    @Test
    void carolOpensAlicesCertifiedMessageAndAliceSeesItDeliveredWithItsReceipt() throws Exception {
        String subject = "Preventivo " + UUID.randomUUID().toString().substring(0, 8);
        PecClient carol = new PecClient(platform, platform.beta, "carol@pec.beta.example", "carol-demo");
        Path quote = Files.createTempFile("preventivo", ".txt");
        Files.write(quote, QUOTE);

        // Alice writes it in alpha's webmail, with a file, and sends it.
        logIn(alphaWebmail, "alice@pec.alpha.example", "alice-demo");
        browser.findElement(By.linkText("Scrivi")).click();
        assertThat(browser.findElement(By.id("to-hint")).getText()).contains("al massimo 500 destinatari");
        browser.findElement(By.id("to")).sendKeys("carol@pec.beta.example");
        browser.findElement(By.id("subject")).sendKeys(subject);
        browser.findElement(By.id("text")).sendKeys("In allegato il preventivo.");
        browser.findElement(By.id("allegati")).sendKeys(quote.toString());
        browser.findElement(By.cssSelector("input[value=breve]")).click();
        if (Accessibility.available()) {
            assertThat(Accessibility.seriousViolations(browser)).as("the compose form").isEmpty();
        }
        Browser.screenshot(browser, "webmail-compose");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await("sent").atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().endsWith("/inviati"));
        assertThat(browser.findElement(By.cssSelector("p.accepted")).getText())
                .startsWith("Il tuo gestore ha accettato il messaggio (identificativo ");
        logOut();
        Files.delete(quote);

        carol.awaitListed("POSTA CERTIFICATA: " + subject);

        logIn("carol@pec.beta.example", "carol-demo");

        assertThat(browser.getCurrentUrl()).endsWith("/posta");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Posta in arrivo");
        WebElement row = browser.findElements(By.cssSelector("table.messages tbody tr")).stream()
                .filter(r -> r.getText().contains(subject)).findFirst().orElseThrow();
        assertThat(row.getText()).contains("alice@pec.alpha.example", "messaggio certificato");
        assertNoErrorShown();
        Browser.screenshot(browser, "webmail-inbox");

        // Its .eml, fetched in carol's session, is the envelope beta delivered: signed by alpha, verified here.
        String eml = row.findElement(By.cssSelector("a[href$='/eml']")).getAttribute("href");
        HttpResponse<byte[]> download = download(webmail, eml);
        assertThat(download.statusCode()).isEqualTo(200);
        Classification envelope = carol.verified(download.body(), PecType.TRANSPORT_ENVELOPE);
        assertThat(envelope.headers().raw("Subject")).contains(subject);

        // Opened, it shows alpha's signature as verified here, the certified facts and alice's message, with its
        // file downloadable as the bytes she attached.
        row.findElement(By.partialLinkText(subject)).click();
        await("the message opened").atMost(Duration.ofSeconds(20))
                .until(() -> browser.getCurrentUrl().matches(".*/posta/[0-9a-f-]{36}$"));
        assertThat(browser.findElement(By.id("verdict-title")).getText()).isEqualTo("Posta certificata");
        assertThat(browser.findElement(By.cssSelector("section.verdict")).getText())
                .contains("La firma di Alpha PEC S.p.A. (demo) è integra");
        assertThat(browser.findElement(By.cssSelector(".body.text")).getText()).isEqualTo("In allegato il preventivo.");
        assertThat(browser.findElement(By.cssSelector("main")).getText())
                .contains("Dati certificati", "carol@pec.beta.example (posta certificata)", "Verificato il");
        assertNoErrorShown();
        Browser.screenshot(browser, "webmail-message");
        String file = browser.findElement(By.partialLinkText("preventivo")).getAttribute("href");
        HttpResponse<byte[]> attached = download(webmail, file);
        assertThat(attached.statusCode()).isEqualTo(200);
        assertThat(attached.body()).isEqualTo(QUOTE);
        browser.navigate().back();

        logOut();
        assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).isEqualTo("Sei uscito.");
        browser.get(webmail.url() + "/posta");
        assertThat(browser.getCurrentUrl()).endsWith("/accesso");

        // Alice, at alpha's webmail, follows it: its timeline reaches "delivered" for carol, proved by beta's
        // delivery receipt, which opens verified.
        logIn(alphaWebmail, "alice@pec.alpha.example", "alice-demo");
        browser.findElement(By.linkText("Posta inviata")).click();
        browser.findElement(By.linkText(subject)).click();
        await("carol's delivery receipt reached alice").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    browser.navigate().refresh();
                    return browser.findElement(By.cssSelector("main table")).getText()
                            .matches("(?s).*carol@pec.beta.example\\s+consegnato.*");
                });
        assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText())
                .containsSubsequence("accettazione", "consegna");
        assertNoErrorShown();
        if (Accessibility.available()) {
            assertThat(Accessibility.seriousViolations(browser)).as("a sent message's timeline").isEmpty();
        }
        Browser.screenshot(browser, "webmail-sent-timeline");
        browser.findElement(By.linkText("Apri la ricevuta di consegna")).click();
        assertThat(browser.findElement(By.id("verdict-title")).getText()).isEqualTo("Ricevuta: consegna");
        assertThat(browser.findElement(By.cssSelector("section.verdict")).getText())
                .contains("Firmata da Beta PEC S.r.l. (demo)");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Consegnato a",
                "carol@pec.beta.example");
        assertNoErrorShown();
        if (Accessibility.available()) {
            assertThat(Accessibility.seriousViolations(browser)).as("a delivery receipt").isEmpty();
        }
        Browser.screenshot(browser, "webmail-delivery-receipt");

        // Printed, it states the same facts, and the digest of the .eml it was printed from.
        String pdfLink = browser.findElement(By.partialLinkText("PDF")).getAttribute("href");
        HttpResponse<byte[]> pdf = download(alphaWebmail, pdfLink);
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument printed = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(printed).replaceAll("\\s+", " ")).contains(
                    "Ricevuta di avvenuta consegna", "Consegnato a carol@pec.beta.example",
                    "Gestore Beta PEC S.r.l. (demo)", "Impronta SHA-256 del file .eml");
            ImageIO.write(new PDFRenderer(printed).renderImageWithDPI(0, 80), "png",
                    Browser.screenshotFile("webmail-receipt-pdf").toFile());
        }
        logOut();
    }

    /** Logs in at a console as the local run's auditor, who is compliance staff at both providers. */
    private void logInAsAuditor(RunningWebmail console) {
        browser.get(console.url() + "/accesso");
        browser.findElement(By.id("utente")).sendKeys("auditor");
        browser.findElement(By.id("password")).sendKeys("auditor-demo");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await("the console's login answered").atMost(Duration.ofSeconds(20))
                .until(() -> browser.getCurrentUrl().endsWith("/registro"));
    }

    /** The text of what {@code selector} finds once the page shows it (a form's answer takes a moment). */
    private String shown(String selector) {
        return await(selector).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector(selector)).getText(), text -> !text.isEmpty());
    }

    /** A download in the browser's session at {@code at}. */
    private HttpResponse<byte[]> download(RunningWebmail at, String link) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link))
                .header("Cookie", at.cookie() + "=" + browser.manage().getCookieNamed(at.cookie()).getValue())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void staffFollowAMessageInEachProvidersConsoleReproduceItsReceiptVerifyTheLogAndProvisionAMailbox() throws Exception {
        String subject = "Diffida " + UUID.randomUUID().toString().substring(0, 8);
        PecClient alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        PecClient carol = new PecClient(platform, platform.beta, "carol@pec.beta.example", "carol-demo");
        HttpResponse<String> accepted = alice.submit("""
                {"to":["carol@pec.beta.example"],"subject":"%s","text":"Si diffida..."}""".formatted(subject));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String identifier = PecClient.field(accepted.body(), "messageId");
        alice.trace(identifier, "SUBMISSION_ACCEPTED", "RELAYED", "RECEIPT_RECEIVED");
        carol.trace(identifier, "DELIVERED", "DELIVERY_RECEIPT_ISSUED");

        try (RunningWebmail alpha = RunningWebmail.console(platform.alpha);
                RunningWebmail beta = RunningWebmail.console(platform.beta)) {
            // At alpha, the sender's side: found by its subject, its steps in words, alpha's receipts to reproduce.
            logInAsAuditor(alpha);
            browser.findElement(By.id("oggetto")).sendKeys(subject);
            browser.findElement(By.cssSelector("#ricerca button[type=submit]")).click();
            await("the search answered").atMost(Duration.ofSeconds(20))
                    .until(() -> browser.getCurrentUrl().contains("oggetto="));
            browser.findElement(By.linkText(subject)).click();
            assertThat(browser.getCurrentUrl()).endsWith("/registro/messaggio?id=" + identifier);
            assertThat(browser.findElement(By.cssSelector("table.trace")).getText()).containsSubsequence(
                    "invio accettato", "ricevuta di accettazione emessa", "busta di trasporto emessa",
                    "consegnato al gestore del destinatario", "ricevuta ricevuta da un altro gestore");
            assertThat(browser.findElement(By.cssSelector("table.receipts")).getText())
                    .contains("ricevuta di accettazione", "pec.alpha.example (questo gestore)",
                            "ricevuta di avvenuta consegna", "da chiedere al gestore che l'ha emesso");
            assertNoErrorShown();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("a message's trace").isEmpty();
            }
            Browser.screenshot(browser, "console-trace");

            // The acceptance's reproduction is signed by alpha now, with the acceptance's facts.
            HttpResponse<byte[]> copy = download(alpha, browser.findElement(
                    By.linkText("Scarica la riproduzione (.eml)")).getAttribute("href"));
            assertThat(copy.statusCode()).isEqualTo(200);
            Classification acceptance = alice.verified(copy.body(), PecType.ACCEPTANCE);
            assertThat(acceptance.headers().raw("Subject")).contains(subject);

            // The signed export, which anyone can check with OpenSSL, carries the trace as estratto.json.
            HttpResponse<byte[]> export = download(alpha, browser.findElement(
                    By.partialLinkText("estratto firmato")).getAttribute("href"));
            assertThat(export.statusCode()).isEqualTo(200);
            Path exported = Files.createTempFile("estratto", ".eml");
            Files.write(exported, export.body());
            ExternalTool.Result checked = ExternalTool.run("openssl", "cms", "-verify", "-in", exported.toString(),
                    "-CAfile", platform.pki.resolve("ca.pem").toString(), "-out", "/dev/null");
            assertThat(checked.exitCode()).as(checked.output()).isZero();
            assertThat(new String(export.body(), StandardCharsets.UTF_8)).contains("estratto.json");
            Files.delete(exported);

            // The log's verification finds every chain whole.
            browser.findElement(By.linkText("Verifica del registro")).click();
            browser.findElement(By.cssSelector("button[name=esegui]")).click();
            assertThat(shown("p.verified")).startsWith("Il registro è integro");
            assertNoErrorShown();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("the log's verification").isEmpty();
            }
            Browser.screenshot(browser, "console-verification");

            // The certificates in use and the index in force: alpha signs with the demo PKI's certificate.
            browser.findElement(By.linkText("Certificati")).click();
            assertThat(shown("section[aria-labelledby=nostri]")).contains("Certificati di firma di Alpha PEC",
                    "in uso", "valido ancora");
            assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=indice]")).getText())
                    .contains("Alpha PEC S.p.A. (demo)", "Beta PEC S.r.l. (demo)", "pec.beta.example");
            assertNoErrorShown();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("the certificates").isEmpty();
            }
            Browser.screenshot(browser, "console-certificates");

            // The same auditor provisions alpha's mailboxes here (one account for both roles in these tests): a new
            // mailbox, disabled at once, opens to its owner nowhere until it is enabled again.
            String gina = "gina." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
            browser.findElement(By.linkText("Caselle")).click();
            browser.findElement(By.id("indirizzo")).sendKeys(gina);
            browser.findElement(By.id("password")).sendKeys("gina-demo-1");
            browser.findElement(By.id("quota")).sendKeys("100");
            browser.findElement(By.cssSelector("form[aria-labelledby=nuova] button")).click();
            assertThat(shown("p.verified")).isEqualTo("Casella creata.");
            assertThat(browser.findElement(By.cssSelector("dl.facts")).getText()).contains("attiva", "0 B di 100.0 MB");
            browser.findElement(By.cssSelector("form[action='/caselle/stato'] button")).click();
            await("disabled").atMost(Duration.ofSeconds(20)).until(() -> shown("p.verified")
                    .equals("Casella disattivata."));
            HttpRequest owner = HttpRequest.newBuilder(URI.create(platform.alpha.url("delivery-point-service")
                    + "/api/v1/mailbox")).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((gina + ":gina-demo-1").getBytes(StandardCharsets.UTF_8))).build();
            assertThat(HttpClient.newHttpClient().send(owner, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(401);
            assertNoErrorShown();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("a mailbox's page").isEmpty();
            }
            Browser.screenshot(browser, "console-mailbox");
            browser.findElement(By.cssSelector("form[action='/caselle/stato'] button")).click();
            await("enabled again").atMost(Duration.ofSeconds(20)).until(() -> shown("p.verified")
                    .equals("Casella riattivata."));
            assertThat(HttpClient.newHttpClient().send(owner, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);
            browser.findElement(By.linkText("Caselle")).click();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("the mailboxes").isEmpty();
            }
            Browser.screenshot(browser, "console-mailboxes");

            // The relay's queue, as alpha's access point holds it for the same operator.
            browser.findElement(By.linkText("Inoltro")).click();
            assertThat(shown("main h1")).isEqualTo("Coda d'inoltro");
            assertThat(browser.findElement(By.cssSelector("main nav")).getText()).contains("Da tentare (",
                    "Da ritentare (", "Abbandonate (");
            assertNoErrorShown();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("the relay's queue").isEmpty();
            }
            Browser.screenshot(browser, "console-relay");

            // A dead letter of alpha's delivery point, as its dead-letter publisher parks it: the console lists it and
            // replays it into its source as its own Kafka user, under the brokers' ACLs.
            String parkedKey = "alice@pec.alpha.example";
            String used = "{\"schemaVersion\":1,\"mailbox\":\"alice@pec.alpha.example\",\"kind\":\"APP_PASSWORD\","
                    + "\"id\":\"replayed-" + UUID.randomUUID() + "\",\"at\":\"2026-12-05T10:00:00Z\"}";
            try (var producer = new KafkaProducer<>(platform.alpha.kafkaAdministrator(),
                    new StringSerializer(), new StringSerializer())) {
                ProducerRecord<String, String> letter = new ProducerRecord<>(
                        PlatformGrants.deadLetters("delivery-point-service"), parkedKey, used);
                letter.headers().add("kafka_dlt-original-topic", Topics.CREDENTIAL_USED.getBytes(StandardCharsets.UTF_8));
                letter.headers().add("kafka_dlt-exception-message", "the database refused it"
                        .getBytes(StandardCharsets.UTF_8));
                producer.send(letter).get();
            }
            browser.findElement(By.linkText("Scarti")).click();
            assertThat(shown("main h1")).isEqualTo("Eventi scartati");
            WebElement parked = browser.findElement(By.cssSelector("section[aria-labelledby="
                    + "'scarti-delivery-point-service']"));
            assertThat(parked.getText()).contains("Punto di consegna (1)", parkedKey, Topics.CREDENTIAL_USED,
                    "the database refused it", "Reinvia l'evento mostrato");
            assertThat(parked.findElements(By.linkText(parkedKey))).as("a mailbox is no message to trace").isEmpty();
            assertNoErrorShown();
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("the dead letters").isEmpty();
            }
            Browser.screenshot(browser, "console-dead-letters");
            parked.findElement(By.cssSelector("button[type=submit]")).click();
            assertThat(shown("p[role=status]")).isEqualTo("Reinviato 1 evento scartato (Punto di consegna).");
            assertThat(browser.findElement(By.cssSelector("section[aria-labelledby='scarti-delivery-point-service']"))
                    .getText()).contains("Punto di consegna (0)");
            Map<String, Object> reader = new HashMap<>(platform.alpha.kafkaAdministrator());
            reader.put("group.id", "e2e-replayed-" + UUID.randomUUID());
            reader.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(reader, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.CREDENTIAL_USED));
                List<String> values = new ArrayList<>();
                await("the replayed record on its source topic").atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(300)).forEach(r -> values.add(r.value()));
                    return values.contains(used);
                });
            }

            // At beta, the recipient's side of the same message: taken in charge, delivered, receipt issued.
            logInAsAuditor(beta);
            if (Accessibility.available()) {
                assertThat(Accessibility.seriousViolations(browser)).as("the log's search").isEmpty();
            }
            Browser.screenshot(browser, "console-search");
            browser.findElement(By.id("id")).sendKeys(identifier);
            browser.findElement(By.cssSelector("#per-identificativo button[type=submit]")).click();
            await("the trace opened").atMost(Duration.ofSeconds(20))
                    .until(() -> browser.getCurrentUrl().contains("/registro/messaggio"));
            // Taking in charge and delivering happen together, and are logged in either order.
            assertThat(browser.findElement(By.cssSelector("table.trace")).getText()).contains(
                    "busta ricevuta dal punto di ricezione", "ricevuta di presa in carico emessa",
                    "consegnato nella casella", "ricevuta di avvenuta consegna emessa");
            assertNoErrorShown();
            Browser.screenshot(browser, "console-trace-recipient-side");
        }
    }

    @Test
    void axeCoreFindsNoSeriousViolationOnTheLoginInboxMessageOrSettingsPagesOnADesktopOrAPhone() throws Exception {
        assumeTrue(Accessibility.available(), "axe-core is not in target/axe-core (.ci/run fetches it with npm)");
        browser.get(webmail.url() + "/accesso");
        assertThat(Accessibility.seriousViolations(browser)).as("the login page").isEmpty();

        logIn("carol@pec.beta.example", "carol-demo");
        assertThat(browser.getCurrentUrl()).endsWith("/posta");
        assertThat(Accessibility.seriousViolations(browser)).as("the inbox").isEmpty();
        String inbox = browser.getCurrentUrl();
        String message = browser.findElement(By.cssSelector("table.messages tbody tr a")).getAttribute("href");
        browser.get(message);
        assertThat(Accessibility.seriousViolations(browser)).as("a message").isEmpty();
        String settings = webmail.url() + "/impostazioni";
        browser.get(settings);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Impostazioni");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Spazio usato",
                "come nome utente carol@pec.beta.example");
        assertThat(Accessibility.seriousViolations(browser)).as("the settings").isEmpty();
        Browser.screenshot(browser, "webmail-settings");
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            for (String page : List.of(inbox, message, settings)) {
                browser.get(page);
                assertThat(Accessibility.seriousViolations(browser)).as(page + " on a phone").isEmpty();
                // On a phone's width tables and facts stack: nothing runs off the screen.
                assertThat(((Number) ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth")).intValue()).as(page + ": " + widest())
                        .isLessThanOrEqualTo(390);
            }
            Browser.screenshot(browser, "webmail-message-phone");
            browser.get(inbox);
            Browser.screenshot(browser, "webmail-inbox-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
        logOut();
    }

    @Test
    void aWrongPasswordReadsAsSuchAndTheAddressStays() {
        logIn("carol@pec.beta.example", "not-carols");

        assertThat(browser.getCurrentUrl()).endsWith("/accesso?errore=credentials");
        assertThat(browser.findElement(By.cssSelector("p.error")).getText())
                .isEqualTo("Indirizzo, password o codice errati.");
        assertThat(browser.findElement(By.id("utente")).getAttribute("value")).isEqualTo("carol@pec.beta.example");
        assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
        assertNoErrorShown();
        Browser.screenshot(browser, "webmail-login-refused");
    }
}
