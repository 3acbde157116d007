package io.sigillo.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A running local platform (./sigillo-local): where its PostgreSQL is, from the {@code infrastructure.env} it writes,
 * and the ports of each provider's services.
 */
final class Platform {

    /** The HTTP ports of every service of both providers: alpha 8081-8085, beta 8091-8095. */
    static final List<Integer> SERVICE_PORTS = List.of(8081, 8082, 8083, 8084, 8085, 8091, 8092, 8093, 8094, 8095);
    /** Alpha's submission API. */
    static final URI SUBMISSIONS = URI.create("http://localhost:8081/api/v1/messages");

    private final Path data;
    private final Map<String, String> env;

    private Platform(Path data, Map<String, String> env) {
        this.data = data;
        this.env = env;
    }

    /** The platform whose data folder is {@code data}. */
    static Platform at(Path data) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("infrastructure.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Platform(data, env);
    }

    /** The demo PKI the platform signs with. */
    Path pki() {
        return data.resolve("pki");
    }

    /** A connection to provider alpha's database (or beta's). */
    Connection database(boolean alpha) throws SQLException {
        String database = env.get(alpha ? "ALPHA_DATABASE" : "BETA_DATABASE");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + env.get("POSTGRES_PORT") + "/" + database,
                env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
    }

    /**
     * What an administrator's client of provider alpha's (or beta's) Kafka is given: its bootstrap servers, and the
     * super user's login where the broker requires one (ADR 0023).
     */
    Properties kafka(boolean alpha) {
        Properties settings = new Properties();
        settings.put("bootstrap.servers", env.get(alpha ? "ALPHA_KAFKA_BOOTSTRAP_SERVERS" : "BETA_KAFKA_BOOTSTRAP_SERVERS"));
        if (Boolean.parseBoolean(env.get(alpha ? "ALPHA_KAFKA_LOGIN" : "BETA_KAFKA_LOGIN"))) {
            settings.put("security.protocol", "SASL_PLAINTEXT");
            settings.put("sasl.mechanism", "SCRAM-SHA-512");
            settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"sigillo-admin\" password=\"" + env.get("KAFKA_ADMIN_PASSWORD") + "\";");
        }
        return settings;
    }

    /** What listens on each port the services talk to, for {@link ConsumerThreads}. */
    Map<Integer, String> peers() {
        Map<Integer, String> peers = new HashMap<>();
        peers.put(Integer.valueOf(env.get("POSTGRES_PORT")), "PostgreSQL");
        for (String servers : List.of(env.get("ALPHA_KAFKA_BOOTSTRAP_SERVERS"),
                env.get("BETA_KAFKA_BOOTSTRAP_SERVERS"))) {
            peers.put(Integer.valueOf(servers.substring(servers.lastIndexOf(':') + 1)), "Kafka");
        }
        if (env.containsKey("CLAMD_PORT")) {
            peers.put(Integer.valueOf(env.get("CLAMD_PORT")), "clamd");
        }
        peers.put(MailClients.ALPHA_IMAPS_PORT, "Dovecot");
        peers.put(MailClients.BETA_IMAPS_PORT, "Dovecot");
        return peers;
    }

    /** Waits until every service answers UP on its health endpoint. */
    void awaitUp(HttpClient http, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (int port : SERVICE_PORTS) {
            while (!up(http, port, "/actuator/health")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service on port " + port + " is not UP");
                }
                Thread.sleep(500);
            }
        }
    }

    /** True when the service on {@code port} answers UP on the actuator endpoint {@code path}. */
    static boolean up(HttpClient http, int port, String path) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        }
    }
}
