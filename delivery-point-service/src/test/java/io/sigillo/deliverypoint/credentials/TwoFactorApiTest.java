package io.sigillo.deliverypoint.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.ProblemResponses;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.Totp;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mailbox owner turns two-factor login on: from then on the password alone opens neither the API nor IMAP, a
 * login needs a code from the app (each good once) or a recovery code (each good once), and the token it earns
 * opens the API; turning it off needs a code too.
 */
class TwoFactorApiTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    MovableClock clock;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());
    private String alice;

    @BeforeEach
    void aliceHasAMailbox() throws Exception {
        alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        assertThat(basic("POST", "/admin/v1/mailboxes", ADMIN, ADMIN_PASSWORD,
                "{\"address\":\"" + alice + "\",\"password\":\"alice-secret\"}").statusCode()).isEqualTo(201);
    }

    @Autowired
    JdbcClient jdbc;

    /** Time goes back, and this test's wrong codes stop counting against the tests' one client address. */
    @AfterEach
    void timeGoesBack() {
        clock.reset();
        jdbc.sql("DELETE FROM logins.login_failures WHERE kind = 'ADDRESS'").update();
    }

    @Test
    void withTwoFactorOnAPasswordAloneOpensNothingAndEachCodeLogsInOnce() throws Exception {
        HttpResponse<String> enrolled = basic("POST", "/api/v1/mailbox/two-factor", alice, "alice-secret", null);
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        String secret = json.readTree(enrolled.body()).get("secret").asString();
        String uri = URLDecoder.decode(json.readTree(enrolled.body()).get("enrolmentUri").asString(),
                StandardCharsets.UTF_8);
        assertThat(uri).startsWith("otpauth://totp/Sigillo ").contains(":" + alice + "?secret=" + secret)
                .contains("digits=6", "period=30");
        // Not on until confirmed: the password still works alone.
        assertThat(basic("GET", "/api/v1/mailbox/two-factor", alice, "alice-secret", null).body())
                .contains("\"enabled\":false");
        assertThat(basic("POST", "/api/v1/mailbox/two-factor/confirmation", alice, "alice-secret",
                "{\"code\":\"" + wrong(secret) + "\"}").statusCode()).isEqualTo(422);

        HttpResponse<String> confirmed = basic("POST", "/api/v1/mailbox/two-factor/confirmation", alice,
                "alice-secret", "{\"code\":\"" + code(secret) + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> recoveryCodes = json.readTree(confirmed.body()).get("recoveryCodes").valueStream()
                .map(JsonNode::asString).toList();
        assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();
        assertThat(announced(true).twoFactor()).isTrue();

        // The right password alone: 401, saying why, here and for IMAP (Dovecot asks the delivery point).
        HttpResponse<String> passwordOnly = basic("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                null);
        assertThat(passwordOnly.statusCode()).isEqualTo(401);
        assertThat(passwordOnly.body()).contains(ProblemResponses.TWO_FACTOR_ON);
        assertThat(basic("GET", "/api/v1/mailbox/app-passwords", alice, "wrong-secret", null).body())
                .doesNotContain("Two-factor");
        assertThat(dovecotLogin(alice, "alice-secret").statusCode()).isEqualTo(401);

        HttpResponse<String> noCode = login(alice, "alice-secret", null);
        assertThat(noCode.statusCode()).isEqualTo(401);
        assertThat(json.readTree(noCode.body()).get("twoFactor").asString()).isEqualTo("required");
        assertThat(login(alice, "alice-secret", wrong(secret)).statusCode()).isEqualTo(401);
        assertThat(login(alice, "wrong-secret", code(secret)).statusCode()).isEqualTo(401);

        clock.advance(Totp.STEP);
        String code = code(secret);
        HttpResponse<String> loggedIn = login(alice, "alice-secret", code);
        assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(201);
        JsonNode session = json.readTree(loggedIn.body());
        assertThat(session.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(session.get("account").asString()).isEqualTo(alice);
        String token = session.get("token").asString();
        assertThat(bearer("GET", "/api/v1/mailbox/two-factor", token, null).body()).contains("\"enabled\":true")
                .contains("\"recoveryCodesLeft\":10");
        assertThat(bearer("POST", "/admin/v1/mailboxes", token,
                "{\"address\":\"x" + alice + "\",\"password\":\"x-secret-1\"}").statusCode()).isEqualTo(403);
        // A code seen once (over a shoulder, in a proxy's log) does not log in again.
        assertThat(login(alice, "alice-secret", code).statusCode()).isEqualTo(401);

        // A recovery code logs in once.
        assertThat(login(alice, "alice-secret", recoveryCodes.get(3)).statusCode()).isEqualTo(201);
        assertThat(login(alice, "alice-secret", recoveryCodes.get(3)).statusCode()).isEqualTo(401);
        assertThat(bearer("GET", "/api/v1/mailbox/two-factor", token, null).body())
                .contains("\"recoveryCodesLeft\":9");

        // Off, with a code: the password works alone again, and the access point is told.
        clock.advance(Totp.STEP);
        assertThat(bearer("DELETE", "/api/v1/mailbox/two-factor", token, "{\"code\":\"" + wrong(secret) + "\"}")
                .statusCode()).isEqualTo(422);
        assertThat(bearer("DELETE", "/api/v1/mailbox/two-factor", token, "{\"code\":\"" + code(secret) + "\"}")
                .statusCode()).isEqualTo(204);
        assertThat(basic("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret", null).statusCode())
                .isEqualTo(200);
        assertThat(announced(false).twoFactor()).isFalse();
        assertThat(dovecotLogin(alice, "alice-secret").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenOpensTheApiUntilItExpiresAndAForgedOneNever() throws Exception {
        HttpResponse<String> loggedIn = login(alice, "alice-secret", null);
        assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(201);
        String token = json.readTree(loggedIn.body()).get("token").asString();
        assertThat(bearer("GET", "/api/v1/mailbox/app-passwords", token, null).statusCode()).isEqualTo(200);

        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("MAILBOX", "ADMIN")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> forged = bearer("GET", "/api/v1/mailbox/app-passwords",
                parts[0] + "." + otherPayload + "." + parts[2], null);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .startsWith("Bearer"));

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        HttpResponse<String> expired = bearer("GET", "/api/v1/mailbox/app-passwords", token, null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("log in again");
    }

    @Test
    void wrongCodesLockTheLoginLikeWrongPasswords() throws Exception {
        String secret = json.readTree(basic("POST", "/api/v1/mailbox/two-factor", alice, "alice-secret", null)
                .body()).get("secret").asString();
        assertThat(basic("POST", "/api/v1/mailbox/two-factor/confirmation", alice, "alice-secret",
                "{\"code\":\"" + code(secret) + "\"}").statusCode()).isEqualTo(200);
        clock.advance(Totp.STEP);

        for (int i = 0; i <= LoginThrottle.FREE_PER_ACCOUNT; i++) {
            assertThat(login(alice, "alice-secret", wrong(secret)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = login(alice, "alice-secret", code(secret));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }

    /** The app's code for now, on the service's clock. */
    private String code(String secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    /** A code no step near now has. */
    private String wrong(String secret) {
        long now = Totp.step(clock.instant());
        List<String> near = List.of(Totp.code(secret, now - 1), Totp.code(secret, now), Totp.code(secret, now + 1));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!near.contains(code)) {
                return code;
            }
        }
    }

    private MailboxRegistered announced(boolean twoFactor) {
        List<MailboxRegistered> announced = topics.await(Topics.MAILBOX_REGISTERED, r -> alice.equals(r.key())
                        && json.readValue(r.value(), MailboxRegistered.class).twoFactor() == twoFactor, 1, WAIT)
                .stream().map(r -> json.readValue(r.value(), MailboxRegistered.class)).toList();
        assertThat(announced).isNotEmpty();
        return announced.get(announced.size() - 1);
    }

    private HttpResponse<String> login(String user, String password, String code) throws Exception {
        return send("POST", "/api/v1/sessions", null, "{\"username\":\"" + user + "\",\"password\":\"" + password
                + "\"" + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}");
    }

    private HttpResponse<String> dovecotLogin(String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/internal/v1/dovecot/logins"))
                .header("Authorization", "Bearer " + DOVECOT_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&password=" + password + "&rip=10.9.8.7"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> basic(String method, String path, String user, String password, String body)
            throws Exception {
        return send(method, path, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)), body);
    }

    private HttpResponse<String> bearer(String method, String path, String token, String body) throws Exception {
        return send(method, path, "Bearer " + token, body);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
