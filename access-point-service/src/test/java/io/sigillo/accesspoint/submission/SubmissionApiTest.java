package io.sigillo.accesspoint.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.accesspoint.KafkaOutage;
import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.FakeClamd;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.support.ProblemResponses;
import io.sigillo.support.sessions.SessionTokens;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

class SubmissionApiTest extends AccessPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    Accounts accounts;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    BlobStore blobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaOutage.FailingOncePublisher kafka;

    @Autowired
    IdempotencyKeys keys;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());
    private String alice;

    @BeforeEach
    void aliceHasAMailbox() {
        alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        MailboxRegistered registered = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, alice,
                passwords.encode("alice-secret"), true, TestTime.now());
        topics.send(Topics.MAILBOX_REGISTERED, alice, json.writeValueAsBytes(registered));
        await().atMost(WAIT).until(() -> accounts.find(alice).isPresent());
    }

    private HttpResponse<String> post(String contentType, byte[] body, String user, String password, String query)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/messages"
                        + (query == null ? "" : "?" + query)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String body) throws Exception {
        return post("application/json", body.getBytes(StandardCharsets.UTF_8), alice, "alice-secret", null);
    }

    private HttpResponse<String> postEml(String eml) throws Exception {
        return post("message/rfc822", eml.getBytes(StandardCharsets.UTF_8), alice, "alice-secret", null);
    }

    private static String field(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private SubmissionAccepted acceptedEvent(String messageId) {
        var records = topics.await(Topics.SUBMISSION_ACCEPTED, r -> messageId.equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        return json.readValue(records.get(0).value(), SubmissionAccepted.class);
    }

    private SubmissionRejected rejectedEvent(String messageId) {
        var records = topics.await(Topics.SUBMISSION_REJECTED, r -> messageId.equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        return json.readValue(records.get(0).value(), SubmissionRejected.class);
    }

    private HttpResponse<String> postWithKey(String contentType, String body, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/messages"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((alice + ":alice-secret")
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON submission to bob with {@code subject}. */
    private static String toBob(String subject) {
        return """
                {"to":["bob@pec.alpha.example"],"subject":"%s","text":"uno"}""".formatted(subject);
    }

    /** A message alice submits with bob's From: refused, since the From must be the authenticated mailbox. */
    private static String fromBobAsAlice(String subject) {
        return "From: bob@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\nSubject: " + subject + "\r\n\r\nx\r\n";
    }

    private long announced(String topic, String subject) {
        return topics.await(topic, r -> new String(r.value(), StandardCharsets.UTF_8).contains(subject), 2,
                Duration.ofSeconds(3)).size();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndSubmitsNothingMore() throws Exception {
        String subject = "Retry " + UUID.randomUUID();
        String request = toBob(subject);
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = postWithKey("application/json", request, key);
        HttpResponse<String> retry = postWithKey("application/json", request, key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(field(retry.body(), "messageId")).isEqualTo(field(first.body(), "messageId"));
        assertThat(announced(Topics.SUBMISSION_ACCEPTED, subject)).isEqualTo(1);

        HttpResponse<String> other = postWithKey("application/json", request.replace("uno", "due"), key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("Idempotency-Key");
        assertThat(postWithKey("application/json", request, "not a key").statusCode()).isEqualTo(400);
    }

    @Test
    void aKeyLeftInProgressByADeadInstanceIsTakenOverByARetryOfTheSameRequest() throws Exception {
        String request = toBob("Ripresa " + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                ("application/json\nnull\n" + request).getBytes(StandardCharsets.UTF_8)));
        // As an access point that died between claiming the key and answering leaves it.
        jdbc.sql("INSERT INTO submission_keys (sender, idempotency_key, request_sha256, created_at) VALUES (?, ?, ?, ?)")
                .params(alice, key, digest, java.sql.Timestamp.from(TestTime.now().minus(Duration.ofMinutes(1))))
                .update();
        assertThat(postWithKey("application/json", request, key).statusCode()).isEqualTo(409);

        jdbc.sql("UPDATE submission_keys SET created_at = ? WHERE sender = ? AND idempotency_key = ?")
                .params(java.sql.Timestamp.from(TestTime.now().minus(Duration.ofMinutes(3))), alice, key).update();
        HttpResponse<String> retry = postWithKey("application/json", request, key);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(postWithKey("application/json", request, key).headers().firstValue("Idempotent-Replayed"))
                .contains("true");
    }

    @Test
    void anAnswerKeptBeforeKafkaHadItsEventIsAnnouncedAgainByTheRetryAndThenOnlyReplayed() throws Exception {
        String subject = "Annuncio " + UUID.randomUUID();
        String request = toBob(subject);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = postWithKey("application/json", request, key);
        assertThat(first.statusCode()).isEqualTo(202);
        String messageId = field(first.body(), "messageId");
        SubmissionAccepted announced = acceptedEvent(messageId);
        assertThat(jdbc.sql("SELECT count(*) FROM submission_keys WHERE sender = ? AND idempotency_key = ? "
                + "AND announcement IS NULL").params(alice, key).query(Long.class).single()).isEqualTo(1);

        // As an access point leaves its key when it dies after keeping the answer, before Kafka has the event.
        jdbc.sql("UPDATE submission_keys SET announcement_topic = ?, announcement_key = ?, announcement = ? "
                + "WHERE sender = ? AND idempotency_key = ?")
                .params(Topics.SUBMISSION_ACCEPTED, messageId, json.writeValueAsBytes(announced), alice, key)
                .update();
        HttpResponse<String> retry = postWithKey("application/json", request, key);

        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(field(retry.body(), "messageId")).isEqualTo(messageId);
        // The same event again, which consumers take as a redelivery: no second message.
        var records = topics.await(Topics.SUBMISSION_ACCEPTED, r -> messageId.equals(r.key()), 2, WAIT);
        assertThat(records).hasSize(2).allSatisfy(r ->
                assertThat(json.readValue(r.value(), SubmissionAccepted.class)).isEqualTo(announced));
        assertThat(postWithKey("application/json", request, key).statusCode()).isEqualTo(202);
        assertThat(topics.await(Topics.SUBMISSION_ACCEPTED, r -> messageId.equals(r.key()), 3, Duration.ofSeconds(3)))
                .hasSize(2);
    }

    @Test
    void whenKafkaDoesNotTakeTheAcceptanceTheRetryAnnouncesTheKeptOneNotASecondMessage() throws Exception {
        String subject = "Guasto " + UUID.randomUUID();
        String request = toBob(subject);
        String key = UUID.randomUUID().toString();
        kafka.failNextTo(Topics.SUBMISSION_ACCEPTED);

        HttpResponse<String> first = postWithKey("application/json", request, key);

        assertThat(first.statusCode()).isEqualTo(500);
        // The answer and its event were kept before Kafka was asked: the submission's identity survives.
        String kept = jdbc.sql("SELECT announcement_key FROM submission_keys WHERE sender = ? AND idempotency_key = ? "
                + "AND status = 202").params(alice, key).query(String.class).single();
        HttpResponse<String> retry = postWithKey("application/json", request, key);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(field(retry.body(), "messageId")).isEqualTo(kept);
        assertThat(acceptedEvent(kept).facts().subject()).isEqualTo(subject);
        assertThat(announced(Topics.SUBMISSION_ACCEPTED, subject)).isEqualTo(1);
    }

    @Test
    void whenKafkaDoesNotTakeTheRejectionTheRetryAnnouncesTheKeptNoticeOnce() throws Exception {
        String subject = "Falso guasto " + UUID.randomUUID();
        String eml = fromBobAsAlice(subject);
        String key = UUID.randomUUID().toString();
        kafka.failNextTo(Topics.SUBMISSION_REJECTED);

        assertThat(postWithKey("message/rfc822", eml, key).statusCode()).isEqualTo(500);
        HttpResponse<String> retry = postWithKey("message/rfc822", eml, key);

        assertThat(retry.statusCode()).isEqualTo(400);
        assertThat(rejectedEvent(field(retry.body(), "messageId")).facts().subject()).isEqualTo(subject);
        assertThat(announced(Topics.SUBMISSION_REJECTED, subject)).isEqualTo(1);
    }

    @Test
    void aRequestWhoseKeyARetryTookOverKeepsNothingSoItCannotAnnounce() {
        String key = UUID.randomUUID().toString();
        var slow = (IdempotencyKeys.Claimed) keys.claim(alice, key, "digest");
        // A retry took the key over while the slow request was still running (its claim looked abandoned).
        jdbc.sql("UPDATE submission_keys SET claim_token = 'the-retry' WHERE sender = ? AND idempotency_key = ?")
                .params(alice, key).update();

        assertThatThrownBy(() -> keys.keep(alice, key, slow.token(), new IdempotencyKeys.Answer(202,
                "application/json", new byte[0]), new IdempotencyKeys.KeptAnnouncement(Topics.SUBMISSION_ACCEPTED,
                "opec.slow@pec.alpha.example", new byte[] {'{', '}'})))
                .isInstanceOf(IdempotencyKeys.ClaimLost.class);
        keys.release(alice, key, slow.token());
        assertThat(jdbc.sql("SELECT count(*) FROM submission_keys WHERE sender = ? AND idempotency_key = ? "
                + "AND claim_token = 'the-retry' AND status IS NULL").params(alice, key).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aRetriedRefusalGetsTheSameNoticeIdentifierNotASecondNotice() throws Exception {
        String subject = "Falso " + UUID.randomUUID();
        String eml = fromBobAsAlice(subject);
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = postWithKey("message/rfc822", eml, key);
        HttpResponse<String> retry = postWithKey("message/rfc822", eml, key);

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(retry.statusCode()).isEqualTo(400);
        assertThat(retry.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(field(retry.body(), "messageId")).isEqualTo(field(first.body(), "messageId"));
        assertThat(announced(Topics.SUBMISSION_REJECTED, subject)).isEqualTo(1);
    }

    @Test
    void aRememberedPasswordStopsWorkingAsSoonAsThePasswordChangesOrTheMailboxIsDisabled() throws Exception {
        String request = """
                {"to":["bob@pec.alpha.example"],"subject":"Prima","text":"uno"}""";
        assertThat(postJson(request).statusCode()).isEqualTo(202);
        assertThat(postJson(request).statusCode()).isEqualTo(202);

        String changed = passwords.encode("alice-new-secret");
        announce(changed, true);
        await().atMost(WAIT).until(() -> accounts.find(alice).orElseThrow().passwordHash().equals(changed));
        HttpResponse<String> old = postJson(request);
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        byte[] body = request.getBytes(StandardCharsets.UTF_8);
        assertThat(post("application/json", body, alice, "alice-new-secret", null).statusCode()).isEqualTo(202);

        announce(changed, false);
        await().atMost(WAIT).until(() -> !accounts.find(alice).orElseThrow().active());
        assertThat(post("application/json", body, alice, "alice-new-secret", null).statusCode()).isEqualTo(401);
    }

    @Test
    void withTwoFactorLoginOnOnlyASessionTokenSubmitsAndADisabledMailboxsTokenNothing() throws Exception {
        String hash = passwords.encode("alice-secret");
        topics.send(Topics.MAILBOX_REGISTERED, alice, json.writeValueAsBytes(new MailboxRegistered(
                MailboxRegistered.SCHEMA_VERSION, alice, hash, true, TestTime.now(), List.of(), true)));
        await().atMost(WAIT).until(() -> accounts.find(alice).orElseThrow().twoFactor());
        String request = toBob("Con due fattori");

        HttpResponse<String> passwordOnly = postJson(request);
        assertThat(passwordOnly.statusCode()).isEqualTo(401);
        assertThat(passwordOnly.body()).contains(ProblemResponses.TWO_FACTOR_ON);

        // A token as the delivery point issues it after a login with a code, under the provider's key.
        SessionTokens provider = new SessionTokens(Base64.getDecoder().decode(SESSION_KEY), Duration.ofHours(1),
                TestTime.clock());
        String token = provider.issue(alice, List.of("MAILBOX")).token();
        assertThat(postBearer(request, token).statusCode()).isEqualTo(202);

        byte[] otherKey = Base64.getDecoder().decode(SESSION_KEY);
        otherKey[0] ^= 1;
        String otherProvidersToken = new SessionTokens(otherKey, Duration.ofHours(1), TestTime.clock())
                .issue(alice, List.of("MAILBOX")).token();
        assertThat(postBearer(request, otherProvidersToken).statusCode()).isEqualTo(401);
        assertThat(postBearer(request, provider.issue(alice, List.of("ADMIN")).token()).statusCode())
                .isEqualTo(403);

        announce(hash, false);
        await().atMost(WAIT).until(() -> !accounts.find(alice).orElseThrow().active());
        assertThat(postBearer(request, token).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> postBearer(String json, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/messages"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void announce(String passwordHash, boolean active) {
        MailboxRegistered registered = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, alice, passwordHash,
                active, TestTime.now());
        topics.send(Topics.MAILBOX_REGISTERED, alice, json.writeValueAsBytes(registered));
    }

    @Test
    void aVirusIsRefusedWith422AndTheSenderGetsANonAcceptanceForVirusNothingIsAccepted() throws Exception {
        String eicar = Base64.getEncoder().encodeToString(FakeClamd.EICAR.getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"subject":"Documento","text":"in allegato",
                 "attachments":[{"filename":"doc.com","contentType":"application/octet-stream","contentBase64":"%s"}]}
                """.formatted(eicar));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("Virus rilevato").contains("Eicar-Test-Signature");
        String messageId = field(response.body(), "messageId");
        SubmissionRejected rejected = rejectedEvent(messageId);
        assertThat(rejected.error()).isEqualTo(PecError.VIRUS);
        assertThat(rejected.reason()).contains("Eicar-Test-Signature");
        assertThat(topics.await(Topics.SUBMISSION_ACCEPTED, r -> messageId.equals(r.key()), 1,
                Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aJsonSubmissionWithAnAttachmentIsAcceptedStoredAndAnnounced() throws Exception {
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 fattura".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"cc":["dave@mail.example"],"subject":"Fattura n° 12 <urgente>",
                 "text":"Gentile Bob,\\nin allegato.","html":"<p>Gentile Bob</p>","receiptType":"breve",
                 "attachments":[{"filename":"fattura.pdf","contentType":"application/pdf","contentBase64":"%s"}]}
                """.formatted(pdf));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String messageId = field(response.body(), "messageId");
        assertThat(messageId).matches("opec\\.[a-z2-7]{26}@pec\\.alpha\\.example");
        assertThat(response.body()).contains("\"acceptedAt\"").contains("{\"address\":\"dave@mail.example\",\"kind\":\"esterno\"}");

        SubmissionAccepted event = acceptedEvent(messageId);
        assertThat(event.facts().sender()).isEqualTo(alice);
        assertThat(event.facts().subject()).isEqualTo("Fattura n° 12 <urgente>");
        assertThat(event.facts().to()).containsExactly(Recipient.certified("bob@pec.alpha.example"));
        assertThat(event.facts().cc()).containsExactly(Recipient.external("dave@mail.example"));
        assertThat(event.receiptType()).isEqualTo(ReceiptType.BREVE);
        String original = new String(blobs.get(event.original()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(original).contains("From: " + alice).contains("filename=fattura.pdf").contains(pdf)
                .contains("Message-ID: " + event.facts().originalMessageId()).doesNotContain("\r\n\n");
        assertThat(HealthProbes.prometheus(port))
                .contains("sigillo_submissions_total{application=\"access-point-service\",outcome=\"accepted\"}");
    }

    @Test
    void aCompleteMessageIsStoredByteForByte() throws Exception {
        String eml = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: ciao\r\n"
                + "Message-ID: <own-id-" + UUID.randomUUID() + "@client.example>\r\n"
                + "Date: Wed, 25 Nov 2026 21:50:00 +0100\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nciao Bob\r\n";

        HttpResponse<String> response = postEml(eml);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        SubmissionAccepted event = acceptedEvent(field(response.body(), "messageId"));
        assertThat(blobs.get(event.original()).orElseThrow()).isEqualTo(eml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aClientsMessageWhoseMultipartHasNoPartsIsRefused() throws Exception {
        // A client's message is checked part by part (the JSON path's MIME is the access point's own writing).
        String eml = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: vuoto\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"mai\"\r\n\r\nnessuna parte qui\r\n";

        HttpResponse<String> response = postEml(eml);

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.body()).containsAnyOf("multipart", "MIME");
    }

    @Test
    void aClientsAttachmentWhoseBase64IsCutShortIsRefusedButALooseQuotedPrintableEscapeIsNot() throws Exception {
        String head = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: allegato\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nprezzo =ZZ euro\r\n--b\r\n"
                + "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n";

        HttpResponse<String> cut = postEml(head + "QUJ\r\n--b--\r\n");
        HttpResponse<String> whole = postEml(head + "QUJD\r\n--b--\r\n");

        assertThat(cut.statusCode()).as(cut.body()).isBetween(400, 499);
        assertThat(cut.body()).contains("MIME");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(202);
    }

    @Test
    void aMessageWithoutMessageIdGetsOneAndTheRestStaysUntouched() throws Exception {
        String eml = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: senza id\r\n\r\nciao\r\n";

        HttpResponse<String> response = postEml(eml);

        SubmissionAccepted event = acceptedEvent(field(response.body(), "messageId"));
        String stored = new String(blobs.get(event.original()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Message-ID: <m.").endsWith(eml).contains("\r\nDate: ");
        assertThat(event.facts().originalMessageId()).startsWith("<m.");
    }

    @Test
    void aFromThatIsNotTheAuthenticatedMailboxIsRefusedWithANonAcceptanceNotice() throws Exception {
        HttpResponse<String> response = postEml("From: mallory@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: falso\r\n\r\nx\r\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"from\"").contains("\"nonAcceptanceNotice\":true");
        SubmissionRejected rejected = rejectedEvent(field(response.body(), "messageId"));
        assertThat(rejected.reason()).contains("mallory@pec.alpha.example").contains("non corrisponde");
        assertThat(rejected.facts().sender()).isEqualTo(alice);
        assertThat(rejected.facts().subject()).isEqualTo("falso");
    }

    @Test
    void aMessageWithoutRecipientsIsRefusedWithANotice() throws Exception {
        HttpResponse<String> response = postJson("{\"to\":[],\"subject\":\"nessuno\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(rejectedEvent(field(response.body(), "messageId")).reason()).contains("non ha destinatari");
    }

    @Test
    void aBadAddressIsRefusedWithANoticeNamingIt() throws Exception {
        HttpResponse<String> response = postJson("{\"to\":[\"bob@pec.alpha.example\",\"not an address\"],"
                + "\"subject\":\"x\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"to\"").contains("not an address");
        // As for a client's own message: the sender is owed a non-acceptance notice (RFC 6109 3.1.1).
        SubmissionRejected rejected = rejectedEvent(field(response.body(), "messageId"));
        assertThat(rejected.reason()).contains("not an address");
        assertThat(rejected.facts().recipients()).extracting(Recipient::address)
                .containsExactly("bob@pec.alpha.example");
    }

    @Test
    void aLineEndInAnAddressIsRefusedAndNeverWrittenAsAHeader() throws Exception {
        HttpResponse<String> response = postJson("{\"to\":[\"bob@pec.alpha.example\\r\\nX-Injected: yes\"],"
                + "\"subject\":\"x\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"to[0]\"").contains("control character")
                .doesNotContain("messageId");
        // Whichever item comes first: every item is checked before any is written.
        HttpResponse<String> second = postJson("{\"to\":[\"not an address\",\"bob@pec.alpha.example\\r\\n"
                + "X-Injected: yes\"],\"subject\":\"x\",\"text\":\"x\"}");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("\"field\":\"to[1]\"").doesNotContain("messageId");
    }

    @Test
    void anItemNamingTwoAddressesIsRefusedWithANoticeNotSentToBoth() throws Exception {
        HttpResponse<String> response = postJson("{\"to\":[\"bob@pec.alpha.example, eve@pec.alpha.example\"],"
                + "\"subject\":\"x\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(rejectedEvent(field(response.body(), "messageId")).reason())
                .contains("bob@pec.alpha.example, eve@pec.alpha.example");
    }

    @Test
    void bccIsRefusedWithANotice() throws Exception {
        HttpResponse<String> response = postJson("{\"to\":[\"bob@pec.alpha.example\"],"
                + "\"bcc\":[\"eve@pec.alpha.example\"],\"subject\":\"x\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"bcc\"");
        assertThat(rejectedEvent(field(response.body(), "messageId")).reason()).contains("Bcc");
    }

    @Test
    void aMessageOverTheSizeLimitGets413AndNothingIsAnnounced() throws Exception {
        String big = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: grande\r\n\r\n"
                + "x".repeat(1100 * 1024) + "\r\n";

        HttpResponse<String> response = postEml(big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"status\":413").doesNotContain("messageId");
    }

    @Test
    void sizeTimesRecipientsOverTheLimitIsRefusedWithANotice() throws Exception {
        String to = String.join(", ", List.of("a@pec.alpha.example", "b@pec.alpha.example", "c@pec.alpha.example"));
        String eml = "From: " + alice + "\r\nTo: " + to + "\r\nSubject: molti\r\n\r\n"
                + ("x".repeat(98) + "\r\n").repeat(4 * 1024);

        HttpResponse<String> response = postEml(eml);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(rejectedEvent(field(response.body(), "messageId")).reason()).contains("3 destinatari");
    }

    @Test
    void badCredentialsGetTheSame401WhicheverPartWasWrong() throws Exception {
        byte[] body = "{\"to\":[\"bob@pec.alpha.example\"],\"subject\":\"x\",\"text\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> wrongPassword = post("application/json", body, alice, "wrong-one", null);
        HttpResponse<String> unknownUser = post("application/json", body, "ghost@pec.alpha.example", "wrong-one", null);

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
    }

    @Test
    void unknownJsonFieldsAndUnknownReceiptTypesAreRefusedPlainly() throws Exception {
        HttpResponse<String> unknownField = postJson("{\"to\":[\"bob@pec.alpha.example\"],\"sbuject\":\"typo\"}");
        HttpResponse<String> badType = post("message/rfc822", ("From: " + alice + "\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: x\r\n\r\nx\r\n").getBytes(StandardCharsets.UTF_8), alice, "alice-secret", "receiptType=lunga");

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("sbuject");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("\"field\":\"receiptType\"");
    }

    @Test
    void anAttachmentWhoseBase64IsInvalidIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"subject":"x","text":"x",
                 "attachments":[{"filename":"a.txt","contentBase64":"VmVyYmFsZQ=="},
                                {"filename":"b.txt","contentBase64":"!!!"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"attachments[1].contentBase64\"").contains("base64")
                .doesNotContain("messageId");
    }

    @Test
    void aSubjectWithAControlCharacterIsRefusedWithANotice() throws Exception {
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"subject":"nul\\u0000here","text":"x"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"subject\"");
        SubmissionRejected rejected = rejectedEvent(field(response.body(), "messageId"));
        assertThat(rejected.reason()).contains("caratteri di controllo");
        assertThat(rejected.facts().subject()).isEqualTo("nul\uFFFDhere");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountWith429BeforeAnyPasswordIsChecked() throws Exception {
        byte[] body = toBob("Tentativi").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= io.sigillo.support.credentials.LoginThrottle.FREE_PER_ACCOUNT; i++) {
            assertThat(post("application/json", body, alice, "guess-" + i, null).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = post("application/json", body, alice, "alice-secret", null);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).contains("1");
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(locked.body()).contains("\"status\":429").contains("failed logins");
        assertThat(HealthProbes.prometheus(port)).contains("sigillo_login_lockouts_total");
    }

    @Test
    void refusesReceiptTypeWithLineBreaksAndAcceptsNothing() throws Exception {
        String subject = "Iniezione " + UUID.randomUUID();
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"subject":"%s","text":"t","receiptType":"breve\\r\\nX-Injected: yes"}
                """.formatted(subject));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"receiptType\"").doesNotContain("messageId");
        assertThat(announced(Topics.SUBMISSION_ACCEPTED, subject)).isZero();
    }

    @Test
    void aReceiptTypeInAnyLetterCaseIsWrittenAsTheRulesSpellIt() throws Exception {
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"subject":"x","text":"t","receiptType":"Sintetica"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        SubmissionAccepted event = acceptedEvent(field(response.body(), "messageId"));
        assertThat(event.receiptType()).isEqualTo(ReceiptType.SINTETICA);
        assertThat(new String(blobs.get(event.original()).orElseThrow(), StandardCharsets.UTF_8))
                .contains("\r\nX-TipoRicevuta: sintetica\r\n");
    }

    @Test
    void nullsInTheJsonAreRefusedNamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "null", "body",
                "{\"to\":[null],\"subject\":\"x\",\"text\":\"x\"}", "to[0]",
                "{\"to\":[\"bob@pec.alpha.example\"],\"cc\":[\"carol@pec.alpha.example\",null]}", "cc[1]",
                "{\"to\":[\"bob@pec.alpha.example\"],\"attachments\":[null]}", "attachments[0]");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            HttpResponse<String> response = postJson(entry.getKey());

            assertThat(response.statusCode()).as(entry.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(response.body()).contains("\"field\":\"" + entry.getValue() + "\"");
        }
    }

    @Test
    void aMailboxNamedTwiceInAnyLetterCaseIsOneRecipientWithItsFirstSpelling() throws Exception {
        HttpResponse<String> json = postJson("""
                {"to":["Bob@PEC.alpha.example","bob@pec.alpha.example"],"cc":["BOB@pec.alpha.example",
                 "carol@pec.alpha.example","Carol@pec.alpha.example"],"subject":"Doppio","text":"t"}""");

        assertThat(json.statusCode()).as(json.body()).isEqualTo(202);
        assertThat(json.body()).containsOnlyOnce("\"address\":\"Bob@PEC.alpha.example\"")
                .doesNotContain("\"address\":\"bob@pec.alpha.example\"");
        SubmissionAccepted event = acceptedEvent(field(json.body(), "messageId"));
        assertThat(event.facts().to()).extracting(Recipient::address).containsExactly("Bob@PEC.alpha.example");
        assertThat(event.facts().cc()).extracting(Recipient::address).containsExactly("carol@pec.alpha.example");

        HttpResponse<String> eml = postEml("From: " + alice + "\r\nTo: bob@pec.alpha.example, Bob@pec.alpha.example"
                + "\r\nCc: BOB@PEC.ALPHA.EXAMPLE\r\nSubject: Doppio\r\n\r\nx\r\n");

        assertThat(eml.statusCode()).as(eml.body()).isEqualTo(202);
        SubmissionAccepted fromEml = acceptedEvent(field(eml.body(), "messageId"));
        assertThat(fromEml.facts().to()).extracting(Recipient::address).containsExactly("bob@pec.alpha.example");
        assertThat(fromEml.facts().cc()).isEmpty();
    }

    @Test
    void aNonAsciiAddressIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"cc":["b\u00f2b@pec.alpha.example"],"subject":"x","text":"x"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"cc[0]\"").contains("ASCII");
    }

    @Test
    void aJsonTextWithALongLineIsAcceptedWithEveryLineOfTheMessageWithinTheLimit() throws Exception {
        String line = "Lorem ipsum dolor sit amet, ".repeat(72).substring(0, 2000);
        HttpResponse<String> response = postJson("""
                {"to":["bob@pec.alpha.example"],"subject":"Lunga","text":"%s\\nfine","html":"<p>%s</p>"}"""
                .formatted(line, line));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        SubmissionAccepted event = acceptedEvent(field(response.body(), "messageId"));
        byte[] stored = blobs.get(event.original()).orElseThrow();
        assertThat(new String(stored, StandardCharsets.UTF_8).split("\r\n"))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(998));
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(stored));
        MimeMultipart alternative = (MimeMultipart) ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
        assertThat((String) alternative.getBodyPart(0).getContent()).isEqualToNormalizingNewlines(line + "\nfine");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>" + line + "</p>");
    }

    @Test
    void aClientsMessageWithALineLongerThan998IsRefusedWithANotice() throws Exception {
        String eml = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: riga lunga\r\n\r\n"
                + "x".repeat(999) + "\r\n";

        HttpResponse<String> response = postEml(eml);
        HttpResponse<String> limit = postEml(eml.replace("x".repeat(999), "x".repeat(998)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"body\"").contains("\"nonAcceptanceNotice\":true");
        SubmissionRejected rejected = rejectedEvent(field(response.body(), "messageId"));
        assertThat(rejected.reason()).contains("998");
        assertThat(rejected.facts().subject()).isEqualTo("riga lunga");
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(202);
    }
}
