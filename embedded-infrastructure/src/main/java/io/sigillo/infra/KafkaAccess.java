package io.sigillo.infra;

import java.util.Map;

/** How tests and the local run reach a Kafka broker, embedded or in a container. */
public interface KafkaAccess {

    /** The bootstrap servers string. */
    String bootstrapServers();

    /** What an administrator's client is given to connect: the bootstrap servers, and its login where one is needed. */
    default Map<String, Object> adminSettings() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }
}
