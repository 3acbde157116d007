package io.sigillo.webmail;

import static io.sigillo.webmail.StandInDeliveryPoint.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The settings page against a stand-in for the delivery point: quota use, app passwords made (shown once) and
 * revoked, two-factor login set up with its first code and its recovery codes shown once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SettingsPagesTest extends LoggedInPages {

    private static final String APP_PASSWORD_ID = "33333333-0000-4000-8000-000000000001";

    /** What the stand-in received: method, path and body. */
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private static final StandInDeliveryPoint DELIVERY_POINT = new StandInDeliveryPoint(Map.of(
            "/api/v1/sessions", StandInDeliveryPoint.loggingIn("alice@pec.alpha.example"),
            "/api/v1/mailbox", SettingsPagesTest::account));



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

    /** Whether a secret was enrolled: the two-factor status then says since when (it is never turned on here). */
    private static volatile boolean enrolled;

    /** Answers as the delivery point's account calls do; the code 123456 is the app's. */
    private static void account(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        CALLS.add(method + " " + path + " " + body);
        switch (method + " " + path) {
            case "GET /api/v1/mailbox" -> answer(exchange, 200, "{\"address\":\"alice@pec.alpha.example\","
                    + "\"quotaBytes\":104857600,\"usedBytes\":1258291,\"twoFactor\":false}");
            case "GET /api/v1/mailbox/app-passwords" -> answer(exchange, 200, "[{\"id\":\"" + APP_PASSWORD_ID + "\","
                    + "\"name\":\"<b>Thunderbird</b>\",\"createdAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":null,"
                    + "\"lastUsedAt\":\"2026-12-04T08:30:00Z\"}]");
            case "POST /api/v1/mailbox/app-passwords" -> answer(exchange, 201, "{\"id\":\"" + APP_PASSWORD_ID + "\","
                    + "\"name\":\"Telefono\",\"password\":\"abcd-efgh-ijkl-mnop\",\"createdAt\":\"2026-12-05T10:00:00Z\"}");
            case "DELETE /api/v1/mailbox/app-passwords/" + APP_PASSWORD_ID -> answer(exchange, 204, new byte[0]);
            case "GET /api/v1/mailbox/two-factor" -> answer(exchange, 200, "{\"enabled\":false,\"enrolledAt\":"
                    + (enrolled ? "\"2026-12-05T10:00:00Z\"" : "null")
                    + ",\"enabledAt\":null,\"recoveryCodesLeft\":0}");
            case "POST /api/v1/mailbox/two-factor" -> {
                enrolled = true;
                answer(exchange, 201, "{\"secret\":\"JBSWY3DPEHPK3PXPJBSW\",\"enrolmentUri\":"
                        + "\"otpauth://totp/Sigillo:alice@pec.alpha.example?secret=JBSWY3DPEHPK3PXPJBSW\"}");
            }
            case "POST /api/v1/mailbox/two-factor/confirmation" -> {
                if (body.contains("\"123456\"")) {
                    answer(exchange, 200, "{\"recoveryCodes\":[\"rec-one-1111\",\"rec-two-2222\"]}");
                } else {
                    answer(exchange, 422, "{\"status\":422,\"detail\":\"the code is wrong or was used already\"}");
                }
            }
            default -> answer(exchange, 404, "{\"status\":404}");
        }
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        Map<String, String> withToken = new java.util.HashMap<>(form);
        withToken.put("_csrf", WebmailBrowser.csrf(browser.get("/impostazioni").body()));
        HttpResponse<String> posted = browser.post(path, withToken);
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/impostazioni"));
        return browser.get("/impostazioni");
    }

    /** What a scanner reads from the page's QR code: its SVG path drawn four pixels a module, then decoded. */
    private static String scanned(String page) throws Exception {
        Matcher svg = Pattern.compile("viewBox=\"0 0 (\\d+) \\d+\".*?<path d=\"([^\"]+)\"", Pattern.DOTALL)
                .matcher(page);
        assertThat(svg.find()).as("the page draws a QR code").isTrue();
        int modules = Integer.parseInt(svg.group(1));
        int scale = 4;
        int[] pixels = new int[modules * scale * modules * scale];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg.group(2));
        while (square.find()) {
            int x = Integer.parseInt(square.group(1));
            int y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * modules * scale + x * scale + dx] = 0;
                }
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(
                modules * scale, modules * scale, pixels)))).getText();
    }

    @Test
    void theSettingsShowTheSpaceUsedTheAppPasswordsAndTwoFactorLogin() throws Exception {
        String page = browser.get("/impostazioni").body();

        assertThat(page).contains("Spazio usato: 1%", "1.2 MB usati di 100.0 MB", "<meter",
                "&lt;b&gt;Thunderbird&lt;/b&gt;", "04/12/2026 09:30", "finché non la revochi",
                "Non è attiva: per accedere basta la password.", "come nome utente alice@pec.alpha.example")
                .doesNotContain("<b>Thunderbird</b>");
    }

    @Test
    void anAppPasswordIsShownOnceWhenMadeAndCanBeRevoked() throws Exception {
        String made = post("/impostazioni/password-app", Map.of("nome", " Telefono ", "giorni", "30")).body();

        assertThat(CALLS).contains("POST /api/v1/mailbox/app-passwords {\"name\":\"Telefono\",\"expiresInDays\":30}");
        assertThat(made).contains("La password per «Telefono»:", "abcd-efgh-ijkl-mnop", "non sarà mostrata di nuovo");
        assertThat(browser.get("/impostazioni").body()).doesNotContain("abcd-efgh-ijkl-mnop");

        String revoked = post("/impostazioni/password-app/" + APP_PASSWORD_ID + "/revoca", Map.of()).body();
        assertThat(CALLS).contains("DELETE /api/v1/mailbox/app-passwords/" + APP_PASSWORD_ID + " ");
        assertThat(revoked).contains("Password revocata");
    }

    @Test
    void twoFactorLoginIsSetUpWithTheKeyAndTheFirstCodeAndTheRecoveryCodesAreShownOnce() throws Exception {
        String enrolling = post("/impostazioni/due-passaggi", Map.of()).body();
        assertThat(enrolling).contains("JBSW Y3DP EHPK 3PXP JBSW",
                "href=\"otpauth://totp/Sigillo:alice@pec.alpha.example?secret=JBSWY3DPEHPK3PXPJBSW\"");
        // The QR code on the page scans as the same URI.
        assertThat(scanned(enrolling)).isEqualTo("otpauth://totp/Sigillo:alice@pec.alpha.example?secret="
                + "JBSWY3DPEHPK3PXPJBSW");

        String wrong = post("/impostazioni/due-passaggi/conferma", Map.of("codice", "000000")).body();
        assertThat(wrong).contains("Il codice è sbagliato o è già stato usato.");
        // The key and its form stay while the enrolment is pending: the code can be typed again.
        assertThat(wrong).contains("JBSW Y3DP EHPK 3PXP JBSW", "action=\"/impostazioni/due-passaggi/conferma\"");
        assertThat(browser.get("/impostazioni").body()).contains("JBSW Y3DP EHPK 3PXP JBSW");

        String on = post("/impostazioni/due-passaggi/conferma", Map.of("codice", " 123456 ")).body();
        assertThat(CALLS).contains("POST /api/v1/mailbox/two-factor/confirmation {\"code\":\"123456\"}");
        assertThat(on).contains("Verifica in due passaggi attivata.", "rec-one-1111", "rec-two-2222");
        assertThat(on).doesNotContain("JBSW Y3DP EHPK 3PXP JBSW");
        assertThat(browser.get("/impostazioni").body()).doesNotContain("rec-one-1111");
    }
}
