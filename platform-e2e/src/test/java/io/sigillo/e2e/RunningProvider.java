package io.sigillo.e2e;

import static org.awaitility.Awaitility.await;

import io.sigillo.infra.KafkaAccess;
import io.sigillo.infra.PostgresAccess;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider pec.alpha.example as production runs it: each service its own JVM from its executable jar,
 * configured only by environment variables, here against embedded Kafka and PostgreSQL.
 */
final class RunningProvider implements AutoCloseable {

    static final List<String> SERVICES = List.of("access-point-service", "delivery-point-service",
            "audit-log-service", "receipt-service", "incoming-point-service");

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;

    RunningProvider(Path work, Path pki, PostgresAccess pg, KafkaAccess kafka) throws IOException {
        Path root = Path.of(System.getProperty("sigillo.root", ".."));
        String version = System.getProperty("sigillo.version", "0.1.0-SNAPSHOT");
        logs = Files.createDirectories(work.resolve("logs"));
        for (String service : SERVICES) {
            int port = freePort();
            ports.put(service, port);
            Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + "-exec.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B verify)");
            }
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(service + ".log").toFile());
            Map<String, String> env = builder.environment();
            env.put("SERVER_PORT", String.valueOf(port));
            env.put("SPRING_PROFILES_ACTIVE", "local");
            env.put("SPRING_DATASOURCE_URL", pg.jdbcUrl(service.substring(0, service.indexOf('-'))));
            env.put("SPRING_DATASOURCE_USERNAME", pg.username());
            env.put("SPRING_DATASOURCE_PASSWORD", pg.password());
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("SIGILLO_SIGNING_KEYSTORE_PATH", pki.resolve("pec.alpha.example.p12").toString());
            env.put("SIGILLO_INDEX_PATH", pki.resolve("providers-index.ldif").toString());
            env.put("SIGILLO_INCOMING_SMTP_PORT", String.valueOf(freePort()));
            processes.add(builder.start());
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String service : SERVICES) {
            await(service + " healthy").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                            URI.create(url(service) + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
    }

    /** The base URL of a service. */
    String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    /** Where each service's output went, for a failing test's report. */
    Path logs() {
        return logs;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
