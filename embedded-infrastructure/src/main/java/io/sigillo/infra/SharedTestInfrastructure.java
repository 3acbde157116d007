package io.sigillo.infra;

/**
 * One embedded PostgreSQL and one embedded Kafka per JVM, started on first use and stopped at exit, so every
 * test class of a module shares them instead of paying for its own.
 */
public final class SharedTestInfrastructure {

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKafkaServer kafka;

    private SharedTestInfrastructure() {
    }

    /** The shared PostgreSQL server. */
    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "embedded-postgres-stop"));
        }
        return postgres;
    }

    /** The shared Kafka broker. */
    public static synchronized EmbeddedKafkaServer kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafkaServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        }
        return kafka;
    }
}
