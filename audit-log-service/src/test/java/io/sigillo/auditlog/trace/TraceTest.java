package io.sigillo.auditlog.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.auditlog.web.AdminCallLog;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.message.MessageFacts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class TraceTest extends AuditLogTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LogChain chain;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long rows(String identifier) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE identifier = ?").param(identifier)
                .query(Long.class).single();
    }

    /** A new message's first step, as the access point publishes it. */
    private static AuditEvent accepted(MessageIdentifier id) {
        MessageFacts facts = new MessageFacts(id, "alice@pec.alpha.example", DemoMessages.facts().to(), List.of(),
                null, "Verbale", "<v1@client.example>");
        return AuditEvent.about(facts, AuditEventType.SUBMISSION_ACCEPTED, "access-point-service",
                "pec.alpha.example", List.of(), null, TestTime.start());
    }

    /** Sends {@code bad} then a valid step of the same message; once that step is logged, the one dead letter. */
    private byte[] parkedBeforeTheNextStep(MessageIdentifier id, byte[] bad, Duration wait) throws Exception {
        return parkedBeforeTheNextStep(Topics.AUDIT_EVENTS, id, bad, wait).value();
    }

    /** As above, with {@code bad} sent to {@code topic}, another of the log's consumer's topics. */
    private ConsumerRecord<String, byte[]> parkedBeforeTheNextStep(String topic, MessageIdentifier id, byte[] bad,
            Duration wait) throws Exception {
        topics.send(topic, id.value(), bad);
        topics.send(Topics.AUDIT_EVENTS, id.value(), json.writeValueAsBytes(accepted(id)));

        await().atMost(wait).until(() -> rows(id.value()) == 1);
        List<ConsumerRecord<String, byte[]>> parked = topics.await(Topics.DEAD_LETTER_PREFIX + "audit-log-service",
                r -> id.value().equals(r.key()), 1, Duration.ofSeconds(60));
        assertThat(parked).hasSize(1);
        return parked.get(0);
    }

    @Test
    void aRecordTheLogCannotReadIsParkedWithItsBytesAndTheNextOneIsLogged() throws Exception {
        byte[] parked = parkedBeforeTheNextStep(MessageIdentifier.random("pec.alpha.example"),
                "{\"eventId\": [not json".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));

        assertThat(new String(parked, StandardCharsets.UTF_8)).isEqualTo("{\"eventId\": [not json");
    }

    @Test
    void anUnreadableAnnouncementIsParkedFromItsOwnTopicWhileTheStepsBesideItAreLogged() throws Exception {
        // The log reads its three topics with one consumer: a poll may mix them.
        ConsumerRecord<String, byte[]> parked = parkedBeforeTheNextStep(Topics.MESSAGE_SIGNED,
                MessageIdentifier.random("pec.alpha.example"), "not an announcement".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));

        assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("not an announcement");
        assertThat(new String(parked.headers().lastHeader("kafka_dlt-original-topic").value(),
                StandardCharsets.UTF_8)).isEqualTo(Topics.MESSAGE_SIGNED);
    }

    @Test
    void aReadableRecordTheLogCannotStoreIsParkedAsJson() throws Exception {
        MessageIdentifier id = MessageIdentifier.random("pec.alpha.example");
        // Read fine, but an event without an id can never be stored.
        ObjectNode withoutId = json.valueToTree(accepted(id));
        withoutId.putNull("eventId");

        JsonNode dead = json.readTree(parkedBeforeTheNextStep(id, json.writeValueAsBytes(withoutId),
                Duration.ofSeconds(60)));
        assertThat(dead.get("identifier").asString()).isEqualTo(id.value());
        assertThat(dead.get("eventId").isNull()).isTrue();
    }

    @Test
    void theTraceListsEveryStepOnceInOrderWithUtcAndItalianTimes() throws Exception {
        MessageIdentifier id = MessageIdentifier.random("pec.alpha.example");
        MessageFacts facts = new MessageFacts(id, "alice@pec.alpha.example", DemoMessages.facts().to(), List.of(),
                null, "Verbale", "<v1@client.example>");
        // The 1st of July of last year: summer, so Rome is two hours ahead.
        int year = TestTime.start().atZone(ZoneOffset.UTC).getYear() - 1;
        Instant t0 = Instant.parse(year + "-07-01T10:00:00Z");
        AuditEvent accepted = AuditEvent.about(facts, AuditEventType.SUBMISSION_ACCEPTED, "access-point-service",
                "pec.alpha.example", List.of(), null, t0);
        AuditEvent receipt = AuditEvent.about(facts, AuditEventType.ACCEPTANCE_RECEIPT_ISSUED, "receipt-service",
                "pec.alpha.example", List.of("opec.r.x@pec.alpha.example"), null, t0.plusSeconds(1));
        for (AuditEvent e : List.of(receipt, accepted, receipt)) {
            topics.send(Topics.AUDIT_EVENTS, id.value(), json.writeValueAsBytes(e));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(id.value()) == 2);

        HttpResponse<String> trace = get("/admin/v1/messages/" + id.value() + "/trace", "compliance",
                "compliance-secret");

        assertThat(trace.statusCode()).isEqualTo(200);
        String body = trace.body();
        assertThat(body.indexOf("SUBMISSION_ACCEPTED")).isLessThan(body.indexOf("ACCEPTANCE_RECEIPT_ISSUED"));
        assertThat(body).contains("\"occurredAtUtc\":\"" + year + "-07-01T10:00:00Z\"")
                .contains("\"occurredAtRome\":\"" + year + "-07-01T12:00:00+02:00")
                .contains("\"issuedMessageIds\":[\"opec.r.x@pec.alpha.example\"]")
                .contains("\"originalMessageId\":\"<v1@client.example>\"");
    }

    @Test
    void theLogRefusesToRewriteHistory() {
        MessageIdentifier id = MessageIdentifier.random("pec.alpha.example");
        MessageFacts facts = new MessageFacts(id, "alice@pec.alpha.example", DemoMessages.facts().to(), List.of(),
                null, "x", null);
        topics.send(Topics.AUDIT_EVENTS, id.value(), json.writeValueAsBytes(AuditEvent.about(facts,
                AuditEventType.SUBMISSION_ACCEPTED, "test", "pec.alpha.example", List.of(), null, TestTime.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(id.value()) == 1);

        // The service's own role may not (ADR 0022); the owner is stopped by the triggers (TamperEvidentLogTest).
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_events SET subject = 'forged' WHERE identifier = ?")
                .param(id.value()).update()).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_events WHERE identifier = ?").param(id.value()).update())
                .hasStackTraceContaining("permission denied");
    }

    @Test
    void onlyComplianceCredentialsReadTheTraceAndUnknownMessagesAre404() throws Exception {
        assertThat(get("/admin/v1/messages/x@y.example/trace", "compliance", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = get("/admin/v1/messages/opec.none@pec.alpha.example/trace", "compliance",
                "compliance-secret");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    /** The lookups of {@code identifier} answered 404 that the log keeps under the admin API's identifier. */
    private long lookupsLogged(String identifier) {
        return jdbc.sql("""
                SELECT count(*) FROM audit_events WHERE identifier = ? AND type = 'ADMIN_CALL'
                    AND actor = 'admin:compliance' AND detail LIKE ?""")
                .param(AdminCallLog.ADMIN_IDENTIFIER).param("GET /admin/v1/messages/" + identifier + "/% -> 404")
                .query(Long.class).single();
    }

    /** Trace, export and receipts of {@code identifier}, each asked twice, each a 404 problem. */
    private void everyViewIs404Twice(String identifier) throws Exception {
        for (int round = 1; round <= 2; round++) {
            for (String view : List.of("trace", "export", "receipts")) {
                HttpResponse<String> answer = get("/admin/v1/messages/" + identifier + "/" + view, "compliance",
                        "compliance-secret");
                assertThat(answer.statusCode()).as(view + ", round " + round + ": " + answer.body()).isEqualTo(404);
                assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
                        .startsWith("application/problem+json");
                assertThat(answer.body()).contains("the log holds no event of message " + identifier);
            }
        }
    }

    @Test
    void lookingUpAnUnknownMessageNeverMakesItKnownAndEachLookupIsLogged() throws Exception {
        String unknown = "opec.looked-up-" + UUID.randomUUID() + "@pec.alpha.example";

        everyViewIs404Twice(unknown);

        assertThat(rows(unknown)).as("nothing logged under the unknown identifier").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> lookupsLogged(unknown) == 6);
    }

    @Test
    void staffCallsLoggedUnderAnIdentifierDoNotMakeItAMessage() throws Exception {
        // As the log recorded lookups of unknown identifiers before it logged them under admin-api.
        String looked = "opec.looked-before-" + UUID.randomUUID() + "@pec.alpha.example";
        chain.append(new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), looked, null,
                AuditEventType.ADMIN_CALL, "admin:compliance", "pec.alpha.example", null, List.of(), null, List.of(),
                "GET /admin/v1/messages/" + looked + "/trace -> 404", TestTime.start()));

        everyViewIs404Twice(looked);

        HttpResponse<String> search = get("/admin/v1/messages?size=100&from="
                + TestTime.start().minusSeconds(1) + "&to=" + TestTime.start().plusSeconds(1), "compliance",
                "compliance-secret");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).doesNotContain(looked);
    }

    @Test
    void lookupsOfAKnownMessageShowInItsTrace() throws Exception {
        MessageIdentifier id = MessageIdentifier.random("pec.alpha.example");
        topics.send(Topics.AUDIT_EVENTS, id.value(), json.writeValueAsBytes(accepted(id)));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(id.value()) == 1);

        assertThat(get("/admin/v1/messages/" + id.value() + "/receipts", "compliance", "compliance-secret")
                .body()).isEqualTo("[]");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows(id.value()) == 2);

        HttpResponse<String> trace = get("/admin/v1/messages/" + id.value() + "/trace", "compliance",
                "compliance-secret");
        assertThat(trace.statusCode()).isEqualTo(200);
        assertThat(trace.body()).contains("SUBMISSION_ACCEPTED").contains("ADMIN_CALL")
                .contains("GET /admin/v1/messages/" + id.value() + "/receipts -> 200")
                .contains("\"originalMessageId\":\"<v1@client.example>\"");
    }
}
