package io.sigillo.webmail.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of the relay's queue, as the access point shows it to the operator ({@code GET /admin/v1/relay}), and how
 * many hand-overs each queue holds.
 */
public record RelayQueue(String queue, List<Handover> handovers, int page, int size, Map<String, Long> sizes) {

    /** The queues, in the order the page offers them. */
    public static final List<String> QUEUES = List.of("PENDING", "RETRYING", "FAILED");

    public RelayQueue {
        handovers = handovers == null ? List.of() : List.copyOf(handovers);
        sizes = sizes == null ? Map.of() : Map.copyOf(sizes);
    }

    /** One hand-over to another provider or an ordinary mail server. */
    public record Handover(String identifier, String type, String destination, boolean certified, String mailHost,
            List<String> recipients, long size, int attempts, Instant createdAt, Instant nextAttemptAt,
            String lastError) {
    }

    /** Whether a page comes before this one. */
    public boolean hasPrevious() {
        return page > 0;
    }

    /** Whether a page may come after this one. */
    public boolean hasNext() {
        return handovers.size() == size;
    }
}
