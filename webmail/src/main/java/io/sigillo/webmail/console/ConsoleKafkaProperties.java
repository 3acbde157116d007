package io.sigillo.webmail.console;

import io.sigillo.operations.kafka.KafkaCredentials;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console reaches its provider's Kafka cluster for the dead letters' page ({@code sigillo.console.kafka.*},
 * ADR 0037), as the principal {@code console} of the platform's grants.
 *
 * @param bootstrapServers   the brokers; none: the page says to use the {@code sigillo-dead-letters} command
 * @param username           the console's principal
 * @param password           its SCRAM password; none: brokers that require no login
 * @param securityProtocol   {@code SASL_PLAINTEXT}, or {@code SASL_SSL} where the brokers speak TLS
 * @param truststoreLocation the brokers' CA ({@code ssl.truststore.location}), for {@code SASL_SSL}
 * @param truststoreType     its type, {@code PEM} for a CA certificate file
 */
@ConfigurationProperties("sigillo.console.kafka")
public record ConsoleKafkaProperties(String bootstrapServers, @DefaultValue("console") String username,
        String password, @DefaultValue("SASL_PLAINTEXT") String securityProtocol, String truststoreLocation,
        String truststoreType) {

    /** True when the console knows where the brokers are. */
    boolean configured() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /** The Kafka clients' login settings: none without a password, for brokers that require no login. */
    Map<String, Object> login() {
        return password == null || password.isEmpty() ? Map.of()
                : new KafkaCredentials(username, password).clientSettings(securityProtocol, truststoreLocation,
                        truststoreType, null);
    }

    /** Without the password, which would otherwise end up in a log. */
    @Override
    public String toString() {
        return "ConsoleKafkaProperties[bootstrapServers=" + bootstrapServers + ", username=" + username + "]";
    }
}
