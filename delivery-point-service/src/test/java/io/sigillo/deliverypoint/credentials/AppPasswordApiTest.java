package io.sigillo.deliverypoint.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.credentials.AppPasswords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A mailbox owner makes, lists and revokes app passwords; each change reaches the access point's topic. */
class AppPasswordApiTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());
    private String alice;

    @BeforeEach
    void aliceHasAMailbox() throws Exception {
        alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        HttpResponse<String> created = send("POST", "/admin/v1/mailboxes", ADMIN, ADMIN_PASSWORD,
                "{\"address\":\"" + alice + "\",\"password\":\"alice-secret\"}");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @Test
    void anAppPasswordIsShownOnceListedWithoutItsSecretAndAnnouncedAsItsHash() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                "{\"name\":\"Thunderbird sul portatile\",\"expiresInDays\":90}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        String secret = body.get("password").asString();
        assertThat(secret).matches("[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}");
        assertThat(Instant.parse(body.get("expiresAt").asString()))
                .isEqualTo(Instant.parse(body.get("createdAt").asString()).plus(Duration.ofDays(90)));
        String id = body.get("id").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/mailbox/app-passwords/" + id);

        HttpResponse<String> listed = send("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode only = json.readTree(listed.body()).get(0);
        assertThat(only.get("name").asString()).isEqualTo("Thunderbird sul portatile");
        assertThat(only.get("lastUsedAt").isNull()).isTrue();
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(secret.replace(" ", ""))
                .doesNotContain(AppPasswords.sha256(secret));

        MailboxRegistered announced = latest(r -> !r.appPasswords().isEmpty());
        assertThat(announced.appPasswords()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(AppPasswords.matches(secret, p.sha256())).isTrue();
            assertThat(AppPasswords.matches(secret.replace(" ", "-").toUpperCase(), p.sha256())).isTrue();
            assertThat(p.expiresAt()).isEqualTo(Instant.parse(only.get("expiresAt").asString()));
        });
        // An app password opens the mailbox to mail clients only, never this API.
        assertThat(send("GET", "/api/v1/mailbox/app-passwords", alice, secret, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aUseTheAccessPointReportsShowsAsLastUsedForThatMailboxOnly() throws Exception {
        String id = id(send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret", "{\"name\":\"ERP\"}"));
        Instant at = TestTime.now().plusSeconds(42).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // Another mailbox's report of the same id changes nothing; alice's own does.
        topics.send(Topics.CREDENTIAL_USED, "mallory@pec.alpha.example", json.writeValueAsBytes(new CredentialUsed(
                CredentialUsed.SCHEMA_VERSION, "mallory@pec.alpha.example", CredentialUsed.Kind.APP_PASSWORD, id,
                at.plusSeconds(60))));
        topics.send(Topics.CREDENTIAL_USED, alice, json.writeValueAsBytes(new CredentialUsed(
                CredentialUsed.SCHEMA_VERSION, alice, CredentialUsed.Kind.APP_PASSWORD, id, at)));

        await().atMost(WAIT).until(() -> !json.readTree(send("GET", "/api/v1/mailbox/app-passwords", alice,
                "alice-secret", null).body()).get(0).get("lastUsedAt").isNull());
        assertThat(Instant.parse(json.readTree(send("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                null).body()).get(0).get("lastUsedAt").asString())).isEqualTo(at);
    }

    @Test
    void aRevokedAppPasswordLeavesTheListingAndTheAnnouncement() throws Exception {
        String first = id(send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret", "{\"name\":\"ERP\"}"));
        String second = id(send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                "{\"name\":\"telefono\"}"));

        assertThat(send("DELETE", "/api/v1/mailbox/app-passwords/" + first, alice, "alice-secret", null)
                .statusCode()).isEqualTo(204);

        assertThat(json.readTree(send("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret", null).body())
                .valueStream().map(p -> p.get("id").asString())).containsExactly(second);
        // The announcement after the revocation names the second only (the first one's named the first only).
        assertThat(latest(r -> r.appPasswords().size() == 1 && r.appPasswords().get(0).id().equals(second)))
                .isNotNull();
        assertThat(send("DELETE", "/api/v1/mailbox/app-passwords/" + first, alice, "alice-secret", null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anOwnerCannotRevokeAnotherMailboxsPasswordNorHoldMoreThanTwenty() throws Exception {
        String bob = "bob." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        send("POST", "/admin/v1/mailboxes", ADMIN, ADMIN_PASSWORD,
                "{\"address\":\"" + bob + "\",\"password\":\"bob-secret-1\"}");
        String bobs = id(send("POST", "/api/v1/mailbox/app-passwords", bob, "bob-secret-1", "{\"name\":\"ERP\"}"));
        assertThat(send("DELETE", "/api/v1/mailbox/app-passwords/" + bobs, alice, "alice-secret", null)
                .statusCode()).isEqualTo(404);

        for (int i = 0; i < AppPasswordStore.MAX_PER_MAILBOX; i++) {
            assertThat(send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                    "{\"name\":\"client " + i + "\"}").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> tooMany = send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                "{\"name\":\"uno di troppo\"}");
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(tooMany.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                "{\"name\":\"x\",\"expiresInDays\":0}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                "{\"name\":\"a\\r\\nb\"}").statusCode()).isEqualTo(400);
    }

    private String id(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    /** An announcement of alice's mailbox that matches, as the access point would read it. */
    private MailboxRegistered latest(java.util.function.Predicate<MailboxRegistered> match) {
        List<MailboxRegistered> announced = topics.await(Topics.MAILBOX_REGISTERED, r -> alice.equals(r.key())
                        && match.test(json.readValue(r.value(), MailboxRegistered.class)), 1, WAIT).stream()
                .map(r -> json.readValue(r.value(), MailboxRegistered.class)).toList();
        assertThat(announced).isNotEmpty();
        return announced.get(announced.size() - 1);
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
}
