package io.sigillo.deliverypoint.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.credentials.TwoFactorStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The provisioning operator's mailboxes (ADR 0036): listed and searched, a quota changed, a mailbox disabled (its
 * owner then logs in nowhere, and the access point is told) and enabled again, an owner's credentials reset.
 */
class MailboxAdministrationTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    TwoFactorStore twoFactor;

    private String run;
    private String dora;

    @BeforeEach
    void createMailboxes() throws Exception {
        run = UUID.randomUUID().toString().substring(0, 8);
        dora = "dora." + run + "@pec.alpha.example";
        for (String address : List.of(dora, "ezio." + run + "@pec.alpha.example", "fede_" + run + "@pec.alpha.example")) {
            assertThat(admin("POST", "/admin/v1/mailboxes", "{\"address\":\"" + address
                    + "\",\"password\":\"first-secret\"}").statusCode()).isEqualTo(201);
        }
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, ADMIN, ADMIN_PASSWORD, body);
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int sessionLogin(String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The latest announcement of {@code address} once it says {@code active}. */
    private String announced(String address, boolean active) {
        List<ConsumerRecord<String, byte[]>> records = new TopicProbe(SharedTestInfrastructure.kafka()
                .bootstrapServers()).await(Topics.MAILBOX_REGISTERED, r -> address.equals(r.key())
                        && new String(r.value(), StandardCharsets.UTF_8).contains("\"active\":" + active), 1,
                Duration.ofSeconds(30));
        return new String(records.get(records.size() - 1).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aMailboxWhoseAddressAUriMustEscapeIsCreatedWithALocationThatNamesIt() throws Exception {
        String braces = "{conti}|" + run + "@pec.alpha.example";

        HttpResponse<String> created = admin("POST", "/admin/v1/mailboxes", "{\"address\":\"" + braces
                + "\",\"password\":\"first-secret\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/admin/v1/mailboxes/%7Bconti%7D%7C" + run + "@pec.alpha.example");
        HttpResponse<String> named = admin("GET", location, null);
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        assertThat(JSON.readTree(named.body()).get("address").asText()).isEqualTo(braces);
    }

    @Test
    void refusesAMailboxWhoseAddressIsNotAsciiAsNoMailCouldReachIt() throws Exception {
        HttpResponse<String> refused = admin("POST", "/admin/v1/mailboxes", "{\"address\":\"pr\u00f2be." + run
                + "@pec.alpha.example\",\"password\":\"first-secret\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("field").asText()).isEqualTo("address");
        assertThat(problem.get("detail").asText()).contains("pr\u00f2be." + run, "only ASCII", "cannot be delivered");
        assertThat(JSON.readTree(admin("GET", "/admin/v1/mailboxes?contains=" + run, null).body()).get("total")
                .asLong()).isEqualTo(3);
    }

    @Test
    void theOperatorFindsMailboxesByPartOfTheAddressAPageAtATimeWildcardsTakenLiterally() throws Exception {
        JsonNode page = JSON.readTree(admin("GET", "/admin/v1/mailboxes?contains=" + run.toUpperCase()
                + "&size=2", null).body());

        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("mailboxes")).extracting(m -> m.get("address").asText())
                .containsExactly(dora, "ezio." + run + "@pec.alpha.example");
        assertThat(page.get("mailboxes").get(0).get("active").asBoolean()).isTrue();
        JsonNode second = JSON.readTree(admin("GET", "/admin/v1/mailboxes?contains=" + run + "&size=2&page=1",
                null).body());
        assertThat(second.get("mailboxes")).extracting(m -> m.get("address").asText())
                .containsExactly("fede_" + run + "@pec.alpha.example");
        // "_" is a character like any other, not LIKE's wildcard.
        assertThat(JSON.readTree(admin("GET", "/admin/v1/mailboxes?contains=_" + run, null).body()).get("total")
                .asLong()).isEqualTo(1);
        assertThat(admin("GET", "/admin/v1/mailboxes/nobody." + run + "@pec.alpha.example", null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/admin/v1/mailboxes", dora, "first-secret", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aDisabledMailboxsOwnerLogsInNowhereUntilItIsEnabledAgainAndTheAccessPointIsToldEachTime()
            throws Exception {
        HttpResponse<String> disabled = admin("PATCH", "/admin/v1/mailboxes/" + dora,
                "{\"active\":false,\"quotaBytes\":2048}");

        assertThat(disabled.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(disabled.body());
        assertThat(view.get("active").asBoolean()).isFalse();
        assertThat(view.get("disabledAt").isNull()).isFalse();
        assertThat(view.get("quotaBytes").asLong()).isEqualTo(2048);
        assertThat(send("GET", "/api/v1/mailbox/messages", dora, "first-secret", null).statusCode()).isEqualTo(401);
        assertThat(sessionLogin(dora, "first-secret")).as("the password is right: told it is disabled").isEqualTo(403);
        assertThat(sessionLogin(dora, "a-wrong-guess")).as("a stranger is told nothing more").isEqualTo(401);
        assertThat(announced(dora, false)).contains("\"address\":\"" + dora + "\"");

        assertThat(JSON.readTree(admin("PATCH", "/admin/v1/mailboxes/" + dora, "{\"active\":true}").body())
                .get("active").asBoolean()).isTrue();
        assertThat(send("GET", "/api/v1/mailbox/messages", dora, "first-secret", null).statusCode()).isEqualTo(200);
        assertThat(sessionLogin(dora, "first-secret")).isEqualTo(201);
        assertThat(JSON.readTree(admin("GET", "/admin/v1/mailboxes/" + dora, null).body()).get("quotaBytes")
                .asLong()).isEqualTo(2048);
        assertThat(admin("PATCH", "/admin/v1/mailboxes/" + dora, "{\"quotaBytes\":0}").statusCode()).isEqualTo(400);
    }

    @Test
    void aResetHandsTheOwnerANewPasswordAndRevokesAppPasswordsAndTheSecondFactor() throws Exception {
        HttpResponse<String> app = send("POST", "/api/v1/mailbox/app-passwords", dora, "first-secret",
                "{\"name\":\"Thunderbird\"}");
        assertThat(app.statusCode()).isEqualTo(201);
        String appSecret = JSON.readTree(app.body()).get("password").asText();
        twoFactor.enrol(dora, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        twoFactor.enable(dora);
        assertThat(sessionLogin(dora, "first-secret")).as("a code is needed").isEqualTo(401);

        HttpResponse<String> reset = admin("POST", "/admin/v1/mailboxes/" + dora + "/reset",
                "{\"password\":\"handed-over-1\"}");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).get("twoFactor").asBoolean()).isFalse();
        assertThat(sessionLogin(dora, "first-secret")).isEqualTo(401);
        assertThat(sessionLogin(dora, "handed-over-1")).isEqualTo(201);
        assertThat(send("GET", "/api/v1/mailbox/messages", dora, appSecret, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/mailbox/app-passwords", dora, "handed-over-1", null).body())
                .doesNotContain("Thunderbird");
        assertThat(admin("POST", "/admin/v1/mailboxes/" + dora + "/reset", "{\"password\":\"short\"}")
                .statusCode()).isEqualTo(400);
    }
}
