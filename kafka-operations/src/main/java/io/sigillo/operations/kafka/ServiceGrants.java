package io.sigillo.operations.kafka;

import java.util.Set;

/**
 * What one service may do on its provider's Kafka cluster, as its principal (named as the service): write the
 * topics it publishes, read the topics it consumes, in consumer groups whose names start with its own name.
 */
public record ServiceGrants(String service, Set<String> writes, Set<String> reads) {

    /** Copies the sets. */
    public ServiceGrants {
        writes = Set.copyOf(writes);
        reads = Set.copyOf(reads);
    }
}
