package io.sigillo.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One PostgreSQL and one Kafka per test JVM, started on first use and stopped at exit, so every test class
 * of a module shares them. Embedded by default; real containers when the system property
 * {@code sigillo.test.infrastructure} is {@code containers} (Maven profile {@code -Pcontainers}).
 */
public final class SharedTestInfrastructure {

    /** The system property choosing the infrastructure. */
    public static final String MODE_PROPERTY = "sigillo.test.infrastructure";

    private static PostgresAccess postgres;
    private static KafkaAccess kafka;

    private SharedTestInfrastructure() {
    }

    /** True when the tests run on containers rather than embedded servers. */
    public static boolean containers() {
        return "containers".equals(System.getProperty(MODE_PROPERTY));
    }

    /** True when the chosen infrastructure can run here (containers need a Docker engine). */
    public static boolean available() {
        return !containers() || ContainerInfrastructure.dockerAvailable();
    }

    /**
     * Points a Spring Boot test at the shared infrastructure: the datasource (with {@code schema} as current
     * schema) and the Kafka brokers; and makes the service the demo provider alpha, which production
     * configuration never defaults to.
     */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        registry.add("sigillo.provider.domain", () -> "pec.alpha.example");
        registry.add("sigillo.provider.name", () -> "Alpha PEC S.p.A. (demo)");
        registry.add("spring.datasource.url", () -> postgres().jdbcUrl(schema));
        registry.add("spring.datasource.username", () -> postgres().username());
        registry.add("spring.datasource.password", () -> postgres().password());
        registry.add("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
    }

    /** The shared PostgreSQL server. */
    public static synchronized PostgresAccess postgres() {
        if (postgres == null) {
            if (containers()) {
                postgres = ContainerInfrastructure.postgres();
            } else {
                EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(0, null);
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-stop"));
                postgres = embedded;
            }
        }
        return postgres;
    }

    /** The shared Kafka broker. */
    public static synchronized KafkaAccess kafka() {
        if (kafka == null) {
            if (containers()) {
                kafka = ContainerInfrastructure.kafka();
            } else {
                EmbeddedKafkaServer embedded = EmbeddedKafkaServer.start();
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-stop"));
                kafka = embedded;
            }
        }
        return kafka;
    }

    /**
     * A further broker whose clients must log in and are held to ACLs (ADR 0023), on a log of its own; stopped at
     * exit. Its super user is in {@link KafkaAccess#adminSettings()}.
     */
    public static synchronized PersistentKafkaServer securedKafka() {
        return securedKafka(null);
    }

    /** The same, over TLS with {@code tls} when it is not null (SASL_SSL). */
    public static synchronized PersistentKafkaServer securedKafka(PersistentKafkaServer.Tls tls) {
        try {
            Path log = Files.createTempDirectory("sigillo-secured-kafka");
            PersistentKafkaServer broker = PersistentKafkaServer.startSecured(log, FreePorts.take(2),
                    UUID.randomUUID().toString().replace("-", ""), tls);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "secured-kafka-stop"));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
