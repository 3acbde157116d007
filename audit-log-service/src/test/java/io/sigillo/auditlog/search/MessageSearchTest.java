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

    private String search(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/v1/messages?" + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("compliance:compliance-secret"
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
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
}
