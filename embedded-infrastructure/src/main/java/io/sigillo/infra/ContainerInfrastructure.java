package io.sigillo.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL and Kafka in real containers (official images), for {@code -Pcontainers} on hosts with a Docker
 * engine. Without one, {@link #dockerAvailable()} is false and the infrastructure tests are skipped.
 */
final class ContainerInfrastructure {

    static final String POSTGRES_IMAGE = "postgres:17-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private ContainerInfrastructure() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static PostgresAccess postgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(EmbeddedPostgresServer.DATABASE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
        String base = container.getJdbcUrl();
        try (Connection c = DriverManager.getConnection(base, container.getUsername(), container.getPassword())) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("the PostgreSQL container does not answer", e);
        }
        return new PostgresAccess() {
            @Override
            public String jdbcUrl(String schema) {
                return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            }

            @Override
            public String username() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }
        };
    }

    static KafkaAccess kafka() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
        return container::getBootstrapServers;
    }
}
