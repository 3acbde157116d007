package io.sigillo.bench.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delivery receipts (or non-delivery notices) stored in alice's mailbox in alpha's database, which is where a
 * message's journey ends for its sender: read straight from PostgreSQL so that counting adds no load to the services.
 */
final class Completions {

    /** One message's outcome: when its first receipt was stored and how many receipts it got. */
    record Outcome(Instant firstStoredAt, int receipts) {
    }

    private static final String QUERY = """
            SELECT riferimento_message_id, min(received_at) AS first, count(*) AS receipts
              FROM delivery.mailbox_messages
             WHERE mailbox = ? AND pec_type IN ('avvenuta-consegna', 'errore-consegna') AND received_at >= ?
             GROUP BY riferimento_message_id""";

    private final Connection alpha;

    Completions(Connection alpha) {
        this.alpha = alpha;
    }

    /** The outcome of each of {@code messages} (by PEC identifier) that has one, from receipts stored since {@code since}. */
    Map<String, Outcome> of(Map<String, Submissions.Submitted> messages, Instant since) throws SQLException {
        Map<String, String> byOriginal = new HashMap<>();
        messages.forEach((identifier, submitted) -> byOriginal.put(submitted.originalMessageId(), identifier));
        Map<String, Outcome> outcomes = new HashMap<>();
        try (PreparedStatement query = alpha.prepareStatement(QUERY)) {
            query.setString(1, Submissions.SENDER);
            query.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String identifier = byOriginal.get(rows.getString(1));
                    if (identifier != null) {
                        outcomes.put(identifier, new Outcome(rows.getTimestamp(2).toInstant(), rows.getInt(3)));
                    }
                }
            }
        }
        return outcomes;
    }

    /**
     * Waits until every message has an outcome, or until none has arrived for {@code patience}; polls every
     * {@code every}.
     */
    Map<String, Outcome> await(Map<String, Submissions.Submitted> messages, Instant since, Duration patience, Duration every)
            throws SQLException, InterruptedException {
        Map<String, Outcome> outcomes = of(messages, since);
        long lastProgress = System.nanoTime();
        int seen = outcomes.size();
        while (outcomes.size() < messages.size() && System.nanoTime() - lastProgress < patience.toNanos()) {
            Thread.sleep(every.toMillis());
            outcomes = of(messages, since);
            if (outcomes.size() > seen) {
                seen = outcomes.size();
                lastProgress = System.nanoTime();
            }
        }
        return outcomes;
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
