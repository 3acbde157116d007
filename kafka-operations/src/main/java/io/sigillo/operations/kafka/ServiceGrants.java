package io.sigillo.operations.kafka;

import java.util.Set;

/**
 * What one principal may do on its provider's Kafka cluster: write the topics it publishes, read the topics it
 * consumes, in consumer groups whose names start with {@code groups}. A service's principal, and its groups' prefix,
 * is its name.
 */
public record ServiceGrants(String service, Set<String> writes, Set<String> reads, String groups) {

    /** Copies the sets. */
    public ServiceGrants {
        writes = Set.copyOf(writes);
        reads = Set.copyOf(reads);
    }
}
