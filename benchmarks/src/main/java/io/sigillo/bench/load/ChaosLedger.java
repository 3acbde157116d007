package io.sigillo.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the chaos run checks once the platform is quiet again, from the mailboxes, the logs and Kafka: every accepted
 * message (sent to bob at alpha and carol at beta) has exactly one acceptance receipt, one envelope in each
 * recipient's mailbox and one delivery receipt (or non-delivery notice) per recipient in alice's mailbox; no message
 * was accepted twice; each provider's log verifies and holds each step once; no dead letter was written.
 */
final class ChaosLedger {

    /** Steps that may legitimately repeat: a relay attempt that failed is logged per attempt. */
    private static final Set<String> REPEATABLE = Set.of("RELAY_FAILED");

    /** Steps alpha logs per message to bob and carol: both delivery receipts and carol's take-in-charge arrive. */
    static final Map<String, Integer> ALPHA_STEPS = Map.of("SUBMISSION_ACCEPTED", 1, "ACCEPTANCE_RECEIPT_ISSUED", 1,
            "TRANSPORT_ENVELOPE_ISSUED", 1, "DELIVERED", 1, "DELIVERY_RECEIPT_ISSUED", 1, "RELAYED", 1,
            "RECEIPT_RECEIVED", 2);

    /** Steps beta logs per message: carol's envelope arrives, is delivered, and two receipts go back. */
    static final Map<String, Integer> BETA_STEPS = Map.of("ENVELOPE_RECEIVED", 1, "DELIVERED", 1,
            "TAKE_IN_CHARGE_RECEIPT_ISSUED", 1, "DELIVERY_RECEIPT_ISSUED", 1, "RELAYED", 2);
    private static final String ALICE = "alice@pec.alpha.example";
    private static final String ALPHA_RECEIPTS = "posta-certificata@pec.alpha.example";
    private static final String BETA_RECEIPTS = "posta-certificata@pec.beta.example";

    private final Connection alpha;
    private final Connection beta;

    ChaosLedger(Connection alpha, Connection beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    /** How many of each (mailbox, PEC type, sender, original Message-ID) were stored since {@code since}. */
    private static Map<List<String>, Integer> stored(Connection db, Instant since) throws SQLException {
        Map<List<String>, Integer> counts = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT mailbox, pec_type, from_address, riferimento_message_id, count(*)
                  FROM delivery.mailbox_messages WHERE received_at >= ? GROUP BY 1, 2, 3, 4""")) {
            query.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(List.of(rows.getString(1), String.valueOf(rows.getString(2)),
                            String.valueOf(rows.getString(3)), String.valueOf(rows.getString(4))), rows.getInt(5));
                }
            }
        }
        return counts;
    }

    /** The count of each thing every message must have exactly once, by original Message-ID. */
    Map<String, Map<String, Integer>> perMessage(Set<String> originalIds, Instant since) throws SQLException {
        Map<List<String>, Integer> a = stored(alpha, since);
        Map<List<String>, Integer> b = stored(beta, since);
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (String id : originalIds) {
            Map<String, Integer> c = new LinkedHashMap<>();
            c.put("acceptance", a.getOrDefault(List.of(ALICE, "accettazione", ALPHA_RECEIPTS, id), 0));
            c.put("envelope for bob", envelopes(a, "bob@pec.alpha.example", id));
            c.put("envelope for carol", envelopes(b, "carol@pec.beta.example", id));
            c.put("receipt for bob", receipts(a, ALPHA_RECEIPTS, id));
            c.put("receipt for carol", receipts(a, BETA_RECEIPTS, id));
            counts.put(id, c);
        }
        return counts;
    }

    private static int envelopes(Map<List<String>, Integer> stored, String mailbox, String id) {
        return stored.entrySet().stream().filter(e -> e.getKey().get(0).equals(mailbox)
                && e.getKey().get(1).equals("posta-certificata") && e.getKey().get(3).equals(id))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private static int receipts(Map<List<String>, Integer> stored, String issuer, String id) {
        return stored.entrySet().stream().filter(e -> e.getKey().get(0).equals(ALICE)
                && (e.getKey().get(1).equals("avvenuta-consegna") || e.getKey().get(1).equals("errore-consegna"))
                && e.getKey().get(2).equals(issuer) && e.getKey().get(3).equals(id))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Acceptance receipts in alice's mailbox for messages nobody was told were accepted: accepted twice. */
    int acceptedUnknown(Set<String> originalIds, Instant since) throws SQLException {
        return stored(alpha, since).entrySet().stream().filter(e -> e.getKey().get(0).equals(ALICE)
                && e.getKey().get(1).equals("accettazione") && !originalIds.contains(e.getKey().get(3)))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Per step type: events logged and, of them, repeats of a step already logged (same message, recipients, ids). */
    static Map<String, long[]> logSteps(Connection db, Set<String> identifiers) throws SQLException {
        Map<String, long[]> steps = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT type, count(*), count(DISTINCT (identifier, recipients, issued_message_ids))
                  FROM audit.audit_events WHERE identifier = ANY (?) GROUP BY type""")) {
            query.setArray(1, db.createArrayOf("text", identifiers.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    steps.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(2) - rows.getLong(3)});
                }
            }
        }
        return steps;
    }

    /** Per step type, how many steps {@code messages} messages should have logged and did not. */
    static Map<String, Long> missingSteps(Map<String, long[]> steps, Map<String, Integer> perMessage, int messages) {
        Map<String, Long> missing = new TreeMap<>();
        perMessage.forEach((type, n) -> {
            long[] logged = steps.getOrDefault(type, new long[2]);
            long shortBy = (long) n * messages - (logged[0] - logged[1]);
            if (shortBy != 0) {
                missing.put(type, shortBy);
            }
        });
        return missing;
    }

    /** Hand-overs to another provider still waiting in either provider's outbox (a relay may hold one under lease). */
    int pendingHandOvers() throws SQLException {
        return pending(alpha) + pending(beta);
    }

    private static int pending(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM access.outbound_messages WHERE status = 'PENDING'");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Repeated steps that should have been logged once. */
    static long repeatedSteps(Map<String, long[]> steps) {
        return steps.entrySet().stream().filter(e -> !REPEATABLE.contains(e.getKey()))
                .mapToLong(e -> e.getValue()[1]).sum();
    }

    /** The log verification's answer on {@code port}: true when intact. */
    static boolean logIntact(HttpClient http, int port) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/admin/v1/log/verify")).timeout(Duration.ofMinutes(2)).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("auditor:auditor-demo".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 && answer.body().replace(" ", "").contains("\"intact\":true");
    }

    /** Records on every dead-letter topic of the broker an administrator reaches with {@code settings}, by topic. */
    static Map<String, Long> deadLetters(Properties settings) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Admin admin = Admin.create(settings)) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith("pec.dlt."))
                    .toList();
            if (topics.isEmpty()) {
                return counts;
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description
                    .partitions().forEach(p -> {
                        earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    }));
            var first = admin.listOffsets(earliest).all().get();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> counts.merge(partition.topic(),
                    end.offset() - first.get(partition).offset(), Long::sum));
        }
        return counts;
    }
}
