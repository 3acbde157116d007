package io.sigillo.auditlog.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Compliance staff find messages in the log by sender, recipient, subject and time. */
class MessageSearchTest extends AuditLogTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    LogChain chain;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    /** Last year, whose March and April (Rome on +0200 from the last Sunday of March) the messages are dated in. */
    private final int year = TestTime.start().atZone(ZoneOffset.UTC).getYear() - 1;

    private String message(String sender, String recipient, String subject, Instant at) {
        String id = "opec." + UUID.randomUUID().toString().substring(0, 12) + "@pec.alpha.example";
        for (AuditEventType type : List.of(AuditEventType.SUBMISSION_ACCEPTED, AuditEventType.DELIVERED)) {
            chain.append(new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), id, "<m@c>", type,
                    "test", "pec.alpha.example", sender, List.of(recipient), subject, List.of(), null, at));
        }
        return id;
    }

    private HttpResponse<String> answer(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/v1/messages?" + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("compliance:compliance-secret"
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String search(String query) throws Exception {
        return answer(query).body();
    }

    /** The 400 problem {@code query} answers, with its detail. */
    private String refused(String query) throws Exception {
        HttpResponse<String> answer = answer(query);
        assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        return answer.body();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void messagesAreFoundBySenderRecipientSubjectAndTimeOncePerMessage() throws Exception {
        String march = message("alice." + tag + "@pec.alpha.example", "bob@pec.alpha.example",
                "Fattura 100% " + tag, Instant.parse(year + "-03-10T10:00:00Z"));
        String april = message("alice." + tag + "@pec.alpha.example", "carol@pec.beta.example",
                "Preventivo " + tag, Instant.parse(year + "-04-10T10:00:00Z"));
        String other = message("dora." + tag + "@pec.alpha.example", "carol@pec.beta.example",
                "Preventivo " + tag, Instant.parse(year + "-04-11T10:00:00Z"));

        String bySender = search("sender=" + q("ALICE." + tag + "@pec.alpha.example"));
        assertThat(bySender).contains(march, april).doesNotContain(other).contains("\"events\":2");
        assertThat(bySender.indexOf(april)).as("newest first").isLessThan(bySender.indexOf(march));

        assertThat(search("recipient=carol@pec.beta.example&subject=" + q(tag))).contains(april, other)
                .doesNotContain(march);
        assertThat(search("subject=" + q("100% " + tag))).contains(march).doesNotContain(april);
        assertThat(search("subject=" + q(tag) + "&from=" + q(year + "-04-01T00:00:00+02:00") + "&to="
                + q(year + "-04-11T00:00:00Z"))).contains(april).doesNotContain(march, other);
        assertThat(search("subject=" + q(tag) + "&size=1&page=1")).contains("\"page\":1").contains(april)
                .doesNotContain(march, other);
    }

    @Test
    void refusesAPageOrSizeOutOfRangeAsAProblem() throws Exception {
        assertThat(refused("size=1000")).contains("\"detail\":\"size must be less than or equal to 100\"");
        assertThat(refused("size=0")).contains("\"detail\":\"size must be greater than or equal to 1\"");
        assertThat(refused("page=-1")).contains("\"detail\":\"page must be greater than or equal to 0\"");
        assertThat(answer("size=100&page=0").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesTimesOutsideTheYears1970To9999AsAProblem() throws Exception {
        assertThat(refused("from=" + q("+999999999-12-31T00:00:00Z"))).contains("\"parameter\":\"from\"")
                .contains("from must be a time in the years 1970 to 9999");
        assertThat(refused("to=" + q("-999999999-01-01T00:00:00Z"))).contains("\"parameter\":\"to\"");
        assertThat(refused("from=" + q("+10000-01-01T00:00:00Z"))).contains("\"parameter\":\"from\"");
        assertThat(refused("to=" + q("1969-12-31T23:59:59Z"))).contains("\"parameter\":\"to\"");
        assertThat(refused("from=yesterday")).contains("'from'");
        // The year as written counts: the first day of 1970 in Italy is still 1969 in UTC.
        assertThat(answer("from=" + q("1970-01-01T00:00:00+01:00") + "&to=" + q("9999-12-31T23:59:59Z"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void refusesATextCriterionWithANulCharacterAsAProblem() throws Exception {
        assertThat(refused("subject=%00")).contains("\"parameter\":\"subject\"").contains("NUL");
        assertThat(refused("sender=a%00b")).contains("\"parameter\":\"sender\"");
        assertThat(refused("recipient=a%00b")).contains("\"parameter\":\"recipient\"");
    }
}
