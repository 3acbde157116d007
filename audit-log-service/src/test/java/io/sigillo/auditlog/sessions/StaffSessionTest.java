package io.sigillo.auditlog.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.credentials.LoginAddresses;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Compliance staff and operators log in for a session token at {@code POST /admin/v1/sessions}; an operator with a
 * second factor needs a code, each code logs in once, and the password alone then opens nothing.
 */
@TestPropertySource(properties = {"sigillo.admin.operator.totp-secret=" + StaffSessionTest.OPERATOR_SECRET,
        "sigillo.sessions.frontend-key=" + StaffSessionTest.FRONTEND_KEY})
class StaffSessionTest extends AuditLogTestSupport {

    static final String OPERATOR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final String FRONTEND_KEY = "console-frontend-key";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @BeforeEach
    void fixedTime() {
        clock.set(TestTime.start().plus(Duration.ofDays(3)));
    }

    private HttpResponse<String> login(String username, String password, String code, String browser)
            throws Exception {
        String body = JSON.writeValueAsString(code == null
                ? java.util.Map.of("username", username, "password", password)
                : java.util.Map.of("username", username, "password", password, "code", code));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/admin/v1/sessions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (browser != null) {
            request.header(LoginAddresses.FRONTEND_KEY, FRONTEND_KEY).header(LoginAddresses.CLIENT_ADDRESS, browser);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void complianceStaffLogInForATokenThatOpensTheLogAsThemselves() throws Exception {
        HttpResponse<String> answer = login("compliance", "compliance-secret", null, null);

        assertThat(answer.statusCode()).isEqualTo(201);
        JsonNode session = JSON.readTree(answer.body());
        assertThat(session.get("account").asText()).isEqualTo("compliance");
        assertThat(session.get("roles").toString()).isEqualTo("[\"COMPLIANCE\"]");
        assertThat(session.get("expiresAt").asText()).isEqualTo(clock.instant().plus(Duration.ofHours(1)).toString());
        String bearer = "Bearer " + session.get("token").asText();
        assertThat(get("/admin/v1/messages?sender=nobody@pec.alpha.example", bearer).statusCode()).isEqualTo(200);
        assertThat(get("/admin/v1/log/verify", bearer).statusCode()).isEqualTo(200);

        // The provider's signing certificate in use, as staff see it coming to its expiry.
        JsonNode certificates = JSON.readTree(get("/admin/v1/certificates", bearer).body());
        X509Certificate alpha = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                Files.newInputStream(TestPki.get().dir().resolve("pec.alpha.example.pem")));
        assertThat(certificates.get("signing").get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(alpha.getEncoded())));
        assertThat(certificates.get("signing").get("subject").asText()).contains("pec.alpha.example");
        assertThat(certificates.get("signing").get("notAfter").asText())
                .isEqualTo(alpha.getNotAfter().toInstant().toString());
        assertThat(certificates.get("retired")).isEmpty();

        HttpResponse<String> wrong = login("compliance", "not-the-password", null, null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The user name, password or code is wrong.").doesNotContain("twoFactor");
    }

    @Test
    void anOperatorWithASecondFactorNeedsACodeThatLogsInOnceAndMayOnlyVerifyTheLog() throws Exception {
        assertThat(get("/admin/v1/log/verify", basic("operator", "operator-secret")).statusCode())
                .as("the password alone opens nothing once a second factor is on").isEqualTo(401);

        HttpResponse<String> noCode = login("operator", "operator-secret", null, null);
        assertThat(noCode.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noCode.body()).get("twoFactor").asText()).isEqualTo("required");
        assertThat(login("operator", "wrong-password", null, null).body()).doesNotContain("twoFactor");

        String code = Totp.code(OPERATOR_SECRET, Totp.step(clock.instant()));
        HttpResponse<String> in = login("operator", "operator-secret", code, null);
        assertThat(in.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(in.body()).get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        String bearer = "Bearer " + JSON.readTree(in.body()).get("token").asText();
        assertThat(get("/admin/v1/log/verify", bearer).statusCode()).isEqualTo(200);
        assertThat(get("/admin/v1/messages", bearer).statusCode()).isEqualTo(403);

        assertThat(login("operator", "operator-secret", code, null).statusCode())
                .as("a code seen once does not log in again").isEqualTo(401);
        clock.set(clock.instant().plus(Totp.STEP));
        HttpResponse<String> next = login("operator", "operator-secret",
                Totp.code(OPERATOR_SECRET, Totp.step(clock.instant())), null);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
    }

    @Test
    void failuresBehindTheConsoleCountUnderTheBrowsersAddressSoOneGuesserLocksOnlyItself() throws Exception {
        String guesser = "203.0.113." + (1 + Math.floorMod(UUID.randomUUID().hashCode(), 250));
        for (int i = 0; i <= LoginThrottle.FREE_PER_ADDRESS; i++) {
            login("nobody-" + i + "-" + UUID.randomUUID(), "guess", null, guesser);
        }
        HttpResponse<String> locked = login("compliance", "compliance-secret", null, guesser);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();

        assertThat(login("compliance", "compliance-secret", null, "198.51.100.77").statusCode())
                .as("another browser behind the same console").isEqualTo(201);
    }
}
