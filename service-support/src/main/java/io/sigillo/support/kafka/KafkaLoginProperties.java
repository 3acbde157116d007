package io.sigillo.support.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service logs in to Kafka (ADR 0023), {@code sigillo.kafka.*}: no password, no login (brokers that require
 * none).
 *
 * @param username         its principal ({@code SIGILLO_KAFKA_USERNAME}); the service's name when blank
 * @param password         its SCRAM-SHA-512 password ({@code SIGILLO_KAFKA_PASSWORD})
 * @param securityProtocol {@code SASL_PLAINTEXT}, or {@code SASL_SSL} where the brokers speak TLS, with Spring
 *                         Boot's {@code spring.kafka.ssl.*} trust store ({@code SIGILLO_KAFKA_SECURITY_PROTOCOL})
 */
@ConfigurationProperties("sigillo.kafka")
public record KafkaLoginProperties(String username, String password, String securityProtocol) {

    /** Defaults: no login, {@code SASL_PLAINTEXT} once there is one. */
    public KafkaLoginProperties {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        securityProtocol = securityProtocol == null || securityProtocol.isBlank() ? "SASL_PLAINTEXT"
                : securityProtocol;
    }
}
