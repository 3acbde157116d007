package io.sigillo.support.kafka;

import io.sigillo.operations.kafka.KafkaCredentials;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Logs a service in to Kafka as its own principal when it is given a password (ADR 0023, {@link KafkaLoginProperties}).
 * Every Kafka client of the service, the binder's included, gets the same login; without a password the service
 * connects unauthenticated, to brokers that require no login.
 */
public final class KafkaLogin implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "sigillo-kafka-login";

    /** After the configuration files and the environment are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> settings = clientSettings(environment);
        if (settings.isEmpty()) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            properties.put("spring.kafka.properties." + key, value);
            properties.put("spring.cloud.stream.kafka.binder.configuration." + key, value);
        });
        properties.put("spring.kafka.security.protocol", settings.get("security.protocol"));
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    /** The principal {@code environment} names, if it gives a password. */
    public static Optional<KafkaCredentials> credentials(Environment environment) {
        KafkaLoginProperties login = properties(environment);
        if (login.password().isEmpty()) {
            return Optional.empty();
        }
        String username = login.username().isBlank() ? environment.getProperty("spring.application.name", "")
                : login.username();
        return Optional.of(new KafkaCredentials(username, login.password()));
    }

    /** The security settings of every Kafka client of the service: none when it is given no password. */
    public static Map<String, Object> clientSettings(Environment environment) {
        return credentials(environment).map(c -> c.clientSettings(properties(environment).securityProtocol()))
                .orElse(Map.of());
    }

    private static KafkaLoginProperties properties(Environment environment) {
        return Binder.get(environment).bind("sigillo.kafka", KafkaLoginProperties.class)
                .orElseGet(() -> new KafkaLoginProperties(null, null, null));
    }
}
