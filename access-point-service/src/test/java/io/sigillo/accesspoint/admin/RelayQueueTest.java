package io.sigillo.accesspoint.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.accesspoint.relay.OutboundMessage;
import io.sigillo.accesspoint.relay.Outbox;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.support.sessions.SessionTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The relay's queue as the operator reads it (ADR 0036): hand-overs never tried, those waiting to be tried again with
 * the answer they got, and those given up; with the delivery point's session token or the operator's password, and
 * never for a sender.
 */
class RelayQueueTest extends AccessPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    Outbox outbox;

    @Autowired
    SessionTokens tokens;

    /** Queues one hand-over due a month ahead, so the relay running in this context never takes it itself. */
    private OutboundMessage queued(String identifier, Instant due) {
        outbox.enqueue(new OutboundMessage(0, identifier, "<" + identifier + ">", "posta-certificata",
                "pec.beta.example", true, "localhost:1", "posta-certificata@pec.alpha.example",
                List.of("carol@pec.beta.example"), new BlobRef("4".repeat(64), 2048), 0, due, null),
                Outbox.Status.PENDING, null);
        return outbox.takeDue(due, due.plusSeconds(60), "test", 1000).stream()
                .filter(m -> m.identifier().equals(identifier)).findFirst().orElseThrow();
    }

    private JsonNode queue(String queue, String authorization) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/admin/v1/relay?size=100&queue=" + queue)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> identifiers(JsonNode page) {
        List<String> found = new ArrayList<>();
        page.get("handovers").forEach(h -> found.add(h.get("identifier").asText()));
        return found;
    }

    @Test
    void theOperatorSeesWhatWaitsWhatIsRetriedAndWhyAndWhatWasGivenUp() throws Exception {
        // PostgreSQL keeps microseconds.
        Instant due = TestTime.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);
        String run = UUID.randomUUID().toString();
        String waiting = "opec.waiting." + run + "@pec.alpha.example";
        String retrying = "opec.retrying." + run + "@pec.alpha.example";
        String failed = "opec.failed." + run + "@pec.alpha.example";
        outbox.enqueue(new OutboundMessage(0, waiting, "<" + waiting + ">", "avvenuta-consegna", "pec.beta.example",
                true, null, "posta-certificata@pec.alpha.example", List.of("alice@pec.beta.example"),
                new BlobRef("5".repeat(64), 512), 0, due.plus(Duration.ofDays(1)), null), Outbox.Status.PENDING, null);
        // Taken by a relay and not answered yet: its attempt is counted, but nothing refused it.
        String underWay = "opec.under-way." + run + "@pec.alpha.example";
        queued(underWay, due);
        OutboundMessage again = queued(retrying, due);
        outbox.retryAt(again.id(), "test", due.plus(Duration.ofMinutes(10)), "451 4.7.1 try again later");
        OutboundMessage given = queued(failed, due);
        outbox.markFailed(given.id(), "test", "550 5.1.1 no such domain");

        String bearer = "Bearer " + tokens.issue(OPERATOR, List.of("ADMIN")).token();
        JsonNode pending = queue("PENDING", bearer);
        assertThat(identifiers(pending)).contains(waiting, underWay).doesNotContain(retrying, failed);
        JsonNode retried = queue("RETRYING", bearer);
        assertThat(identifiers(retried)).contains(retrying).doesNotContain(waiting, underWay, failed);
        JsonNode row = retried.get("handovers").get(identifiers(retried).indexOf(retrying));
        assertThat(row.get("lastError").asText()).isEqualTo("451 4.7.1 try again later");
        assertThat(row.get("attempts").asInt()).isPositive();
        assertThat(row.get("nextAttemptAt").asText()).isEqualTo(due.plus(Duration.ofMinutes(10)).toString());
        assertThat(row.get("recipients").toString()).isEqualTo("[\"carol@pec.beta.example\"]");
        JsonNode gaveUp = queue("FAILED", "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret-1"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(identifiers(gaveUp)).contains(failed);
        assertThat(gaveUp.get("sizes").get("FAILED").asLong()).isGreaterThanOrEqualTo(1);

        // A sender's session is no operator's.
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/v1/relay"))
                .header("Authorization", "Bearer " + tokens.issue("alice@pec.alpha.example", List.of("MAILBOX"))
                        .token()).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isIn(401, 403);
    }

    @Test
    void aPageOrSizeOutOfRangeIsABadRequestNamingTheParameter() throws Exception {
        String bearer = "Bearer " + tokens.issue(OPERATOR, List.of("ADMIN")).token();
        for (String query : List.of("page=-1", "size=0", "size=101")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/admin/v1/relay?" + query)).header("Authorization", bearer).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
            assertThat(problem.get("detail").asText()).startsWith(problem.get("field").asText() + " must be");
        }
    }
}
