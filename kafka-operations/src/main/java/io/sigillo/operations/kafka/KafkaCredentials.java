package io.sigillo.operations.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kafka principal's SCRAM-SHA-512 user name and password, as a client presents them (ADR 0023): every service
 * logs in as itself, so the brokers' ACLs can say which topics it may write and read.
 */
public record KafkaCredentials(String username, String password) {

    /** The SASL mechanism of every Sigillo principal. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Refuses a blank name or password. */
    public KafkaCredentials {
        if (Objects.requireNonNull(username, "username").isBlank()) {
            throw new IllegalArgumentException("a Kafka user name cannot be blank");
        }
        if (Objects.requireNonNull(password, "password").isEmpty()) {
            throw new IllegalArgumentException("the Kafka password of " + username + " is empty");
        }
    }

    /**
     * The client settings that log in as this principal over {@code securityProtocol} ({@code SASL_PLAINTEXT}, or
     * {@code SASL_SSL} where the brokers speak TLS).
     */
    public Map<String, Object> clientSettings(String securityProtocol) {
        return Map.of(
                "security.protocol", securityProtocol,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig());
    }

    /**
     * The same, for brokers whose TLS certificate the JVM does not trust by itself: the standard
     * {@code ssl.truststore.*} settings, each left out where null or blank ({@code PEM} as the type for a CA file).
     */
    public Map<String, Object> clientSettings(String securityProtocol, String trustStoreLocation,
            String trustStoreType, String trustStorePassword) {
        Map<String, Object> settings = new HashMap<>(clientSettings(securityProtocol));
        Map.of("ssl.truststore.location", Optional.ofNullable(trustStoreLocation),
                "ssl.truststore.type", Optional.ofNullable(trustStoreType),
                "ssl.truststore.password", Optional.ofNullable(trustStorePassword))
                .forEach((name, value) -> value.filter(v -> !v.isBlank()).ifPresent(v -> settings.put(name, v)));
        return settings;
    }

    /** The JAAS line of Kafka's SCRAM login module; quotes and backslashes in the values are escaped. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(username)
                + "\" password=\"" + quoted(password) + "\";";
    }

    @Override
    public String toString() {
        return "KafkaCredentials[" + username + "]";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
