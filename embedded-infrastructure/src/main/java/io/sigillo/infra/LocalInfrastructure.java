package io.sigillo.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's infrastructure process: PostgreSQL on a fixed port (data kept in {@code DATA/postgres}) and
 * a KRaft Kafka broker, until stopped. Writes {@code DATA/infrastructure.env} once both are up; the services
 * read the broker's address from there.
 */
public final class LocalInfrastructure {

    /** Local PostgreSQL port. */
    public static final int POSTGRES_PORT = 15432;

    private LocalInfrastructure() {
    }

    /** {@code LocalInfrastructure DATA_DIR}. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data").toAbsolutePath();
        Path ready = data.resolve("infrastructure.env");
        Files.deleteIfExists(ready);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(POSTGRES_PORT, data.resolve("postgres"));
        EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start();
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
        System.out.println("PostgreSQL on port " + postgres.port() + " (data in " + data.resolve("postgres")
                + "), Kafka on " + kafka.bootstrapServers());
        stopped.await();
    }
}
