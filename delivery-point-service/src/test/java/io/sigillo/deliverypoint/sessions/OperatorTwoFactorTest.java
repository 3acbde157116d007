package io.sigillo.deliverypoint.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.MovableClock;
import io.sigillo.support.ProblemResponses;
import io.sigillo.support.credentials.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** An operator configured with a TOTP secret reaches the admin API with a session token only. */
@TestPropertySource(properties = "sigillo.admin.totp-secret=" + OperatorTwoFactorTest.SECRET)
class OperatorTwoFactorTest extends DeliveryPointTestSupport {

    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    MovableClock clock;

    @Test
    void theOperatorsPasswordAloneIsRefusedAndACodeEarnsAnAdminToken() throws Exception {
        String mailbox = "{\"address\":\"dora." + UUID.randomUUID().toString().substring(0, 8)
                + "@pec.alpha.example\",\"password\":\"dora-secret\"}";
        HttpResponse<String> passwordOnly = send("/admin/v1/mailboxes", "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)), mailbox);
        assertThat(passwordOnly.statusCode()).isEqualTo(401);
        assertThat(passwordOnly.body()).contains(ProblemResponses.TWO_FACTOR_ON);

        assertThat(send("/api/v1/sessions", null, "{\"username\":\"" + ADMIN + "\",\"password\":\""
                + ADMIN_PASSWORD + "\"}").body()).contains("\"twoFactor\":\"required\"");
        assertThat(send("/api/v1/sessions", null, "{\"username\":\"" + ADMIN + "\",\"password\":\"guess\","
                + "\"code\":\"" + Totp.code(SECRET, Totp.step(clock.instant())) + "\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> loggedIn = send("/api/v1/sessions", null, "{\"username\":\"" + ADMIN
                + "\",\"password\":\"" + ADMIN_PASSWORD + "\",\"code\":\"" + Totp.code(SECRET,
                Totp.step(clock.instant())) + "\"}");
        assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(201);
        assertThat(json.readTree(loggedIn.body()).get("roles").get(0).asString()).isEqualTo("ADMIN");

        String token = json.readTree(loggedIn.body()).get("token").asString();
        assertThat(send("/admin/v1/mailboxes", "Bearer " + token, mailbox).statusCode()).isEqualTo(201);
        // An admin token is no mailbox owner's.
        assertThat(send("/api/v1/mailbox/app-passwords", "Bearer " + token, "{\"name\":\"x\"}").statusCode())
                .isEqualTo(403);
    }

    private HttpResponse<String> send(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
