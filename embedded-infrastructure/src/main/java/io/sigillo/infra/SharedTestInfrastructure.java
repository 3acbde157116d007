package io.sigillo.infra;

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

    /** A further broker, for a second provider that must share nothing with the first; stopped at exit. */
    public static synchronized KafkaAccess anotherKafka() {
        if (containers()) {
            return ContainerInfrastructure.kafka();
        }
        EmbeddedKafkaServer embedded = EmbeddedKafkaServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-stop"));
        return embedded;
    }
}
