package io.sigillo.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's infrastructure process: PostgreSQL and a KRaft Kafka broker on fixed ports, their data kept
 * in {@code DATA/postgres} and {@code DATA/kafka} across restarts, until stopped. Writes
 * {@code DATA/infrastructure.env} once both are up.
 */
public final class LocalInfrastructure {

    /** Local PostgreSQL port. */
    public static final int POSTGRES_PORT = 15432;
    /** Local Kafka port (its controller listens on the next one). */
    public static final int KAFKA_PORT = 19092;

    private LocalInfrastructure() {
    }

    /** {@code LocalInfrastructure DATA_DIR}. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data").toAbsolutePath();
        Path ready = data.resolve("infrastructure.env");
        Files.deleteIfExists(ready);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(POSTGRES_PORT, data.resolve("postgres"));
        PersistentKafkaServer kafka = PersistentKafkaServer.start(data.resolve("kafka"), KAFKA_PORT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            postgres.close();
            stopped.countDown();
        }, "local-infrastructure-stop"));
        Files.write(ready, List.of(
                "POSTGRES_PORT=" + postgres.port(),
                "POSTGRES_USER=" + postgres.username(),
                "POSTGRES_PASSWORD=" + postgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers()));
        System.out.println("PostgreSQL on port " + postgres.port() + ", Kafka on " + kafka.bootstrapServers()
                + " (data in " + data.resolve("postgres") + " and " + data.resolve("kafka") + ")");
        stopped.await();
    }
}
