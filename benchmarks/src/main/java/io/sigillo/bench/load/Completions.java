package io.sigillo.bench.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The delivery receipts (or non-delivery notices) stored in alice's mailbox in alpha's database, which is where a
 * message's journey ends for its sender: read straight from PostgreSQL so that counting adds no load to the services.
 */
final class Completions {

    /** One message's outcome: when its first receipt was stored and how many receipts it got. */
    record Outcome(Instant firstStoredAt, int receipts) {
    }

    /** The receipts stored in alice's mailbox since an instant, one row each. */
    private static final String QUERY = """
            SELECT id, riferimento_message_id, received_at
              FROM delivery.mailbox_messages
             WHERE mailbox = ? AND pec_type IN ('avvenuta-consegna', 'errore-consegna') AND received_at >= ?""";
    /**
     * How far back each poll reads before the newest receipt it has seen: a receipt becomes visible when the delivery
     * point commits, a moment after the instant it records. Reading only that window, not the whole batch again, keeps
     * the counting's own load on PostgreSQL small (it is measured with the platform's).
     */
    private static final Duration OVERLAP = Duration.ofSeconds(10);

    private final Connection alpha;

    Completions(Connection alpha) {
        this.alpha = alpha;
    }

    /**
     * Waits until every one of {@code messages} (by PEC identifier) has an outcome from receipts stored since
     * {@code since}, or until none has arrived for {@code patience}; polls every {@code every}.
     */
    Map<String, Outcome> await(Map<String, Submissions.Submitted> messages, Instant since, Duration patience, Duration every)
            throws SQLException, InterruptedException {
        Map<String, String> byOriginal = new HashMap<>();
        messages.forEach((identifier, submitted) -> byOriginal.put(submitted.originalMessageId(), identifier));
        Set<UUID> seen = new HashSet<>();
        Map<String, Outcome> outcomes = new HashMap<>();
        Instant from = since;
        long lastProgress = System.nanoTime();
        while (true) {
            int before = outcomes.size();
            Instant newest = read(from, byOriginal, seen, outcomes);
            if (outcomes.size() > before) {
                lastProgress = System.nanoTime();
            }
            if (newest.minus(OVERLAP).isAfter(from)) {
                from = newest.minus(OVERLAP);
            }
            if (outcomes.size() >= messages.size() || System.nanoTime() - lastProgress >= patience.toNanos()) {
                return outcomes;
            }
            Thread.sleep(every.toMillis());
        }
    }

    /** Reads the receipts stored since {@code from} not yet {@code seen} into {@code outcomes}; the newest's instant. */
    private Instant read(Instant from, Map<String, String> byOriginal, Set<UUID> seen,
            Map<String, Outcome> outcomes) throws SQLException {
        Instant newest = from;
        try (PreparedStatement query = alpha.prepareStatement(QUERY)) {
            query.setString(1, Submissions.SENDER);
            query.setTimestamp(2, Timestamp.from(from));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant storedAt = rows.getTimestamp(3).toInstant();
                    newest = storedAt.isAfter(newest) ? storedAt : newest;
                    String identifier = byOriginal.get(rows.getString(2));
                    if (identifier != null && seen.add(rows.getObject(1, UUID.class))) {
                        outcomes.merge(identifier, new Outcome(storedAt, 1), (a, b) -> new Outcome(
                                a.firstStoredAt().isBefore(b.firstStoredAt()) ? a.firstStoredAt() : b.firstStoredAt(),
                                a.receipts() + b.receipts()));
                    }
                }
            }
        }
        return newest;
    }

    /** The signed messages each provider issued about {@code messages}, by issuer: alpha's and beta's logs. */
    static Map<String, Integer> signedPerIssuer(List<Connection> logs, Set<String> messages) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        for (Connection log : logs) {
            try (PreparedStatement query = log.prepareStatement(
                    "SELECT identifier, issuer FROM audit.issued_messages WHERE ours")) {
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (messages.contains(rows.getString(1))) {
                            counts.merge(rows.getString(2), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return counts;
    }
}
