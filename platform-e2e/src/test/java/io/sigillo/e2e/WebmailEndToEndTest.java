package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.format.PecType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
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
 * The webmail in a real browser against beta's real services: carol logs in, finds alice's certified message in
 * her inbox, and logs out; a wrong password reads as such. Every screen is saved under target/screenshots.
 */
@ExtendWith(InfrastructureAvailable.class)
class WebmailEndToEndTest {

    private static TwoProviders platform;
    private static RunningWebmail webmail;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed (.ci/run installs "
                + "them)");
        platform = TwoProviders.get();
        webmail = new RunningWebmail(platform.beta);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
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
        browser.get(webmail.url() + "/posta");
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

    /** No page shows an error page or a message key without its text. */
    private void assertNoErrorShown() {
        assertThat(browser.getPageSource()).doesNotContain("Whitelabel", "??", "Internal Server Error");
    }

    @Test
    void carolFindsAlicesCertifiedMessageInHerInboxAndLogsOut() throws Exception {
        String subject = "Preventivo " + UUID.randomUUID().toString().substring(0, 8);
        PecClient alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        PecClient carol = new PecClient(platform, platform.beta, "carol@pec.beta.example", "carol-demo");
        HttpResponse<String> accepted = alice.submit("""
                {"to":["carol@pec.beta.example"],"subject":"%s","text":"In allegato il preventivo."}"""
                .formatted(subject));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
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
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(eml))
                .header("Cookie", "SIGILLO_WEBMAIL=" + browser.manage().getCookieNamed("SIGILLO_WEBMAIL").getValue())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        Classification envelope = carol.verified(download.body(), PecType.TRANSPORT_ENVELOPE);
        assertThat(envelope.headers().raw("Subject")).contains(subject);

        logOut();
        assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).isEqualTo("Sei uscito.");
        browser.get(webmail.url() + "/posta");
        assertThat(browser.getCurrentUrl()).endsWith("/accesso");
    }

    @Test
    void axeCoreFindsNoSeriousViolationOnTheLoginPageNorOnTheInboxOnADesktopOrAPhone() throws Exception {
        assumeTrue(Accessibility.available(), "axe-core is not in target/axe-core (.ci/run fetches it with npm)");
        browser.get(webmail.url() + "/accesso");
        assertThat(Accessibility.seriousViolations(browser)).as("the login page").isEmpty();

        logIn("carol@pec.beta.example", "carol-demo");
        assertThat(browser.getCurrentUrl()).endsWith("/posta");
        assertThat(Accessibility.seriousViolations(browser)).as("the inbox").isEmpty();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            browser.navigate().refresh();
            assertThat(Accessibility.seriousViolations(browser)).as("the inbox on a phone").isEmpty();
            // On a phone's width the table's rows stack: nothing runs off the screen.
            assertThat(((Number) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
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
