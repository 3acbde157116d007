package io.sigillo.infra;

/** How tests and the local run reach a Kafka broker, embedded or in a container. */
public interface KafkaAccess {

    /** The bootstrap servers string. */
    String bootstrapServers();
}
