package io.sigillo.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigillo.infra.KafkaAccess;
import io.sigillo.infra.PostgresAccess;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.pec.testing.TestPki;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.FileSystemUtils;

/**
 * The images {@code -Pimages} builds ({@code .ci/run} builds them before the tests): their configuration, and
 * one of them started from its own file system as a container would, against the embedded Kafka and PostgreSQL.
 */
class ServiceImageTest {

    private static ServiceImage image(String module) {
        ServiceImage image = ServiceImage.of(module);
        assumeTrue(image != null, module + ": no image; build with ./mvnw -DskipTests -Pimages,offline-base package");
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = {"access-point-service", "incoming-point-service", "delivery-point-service",
            "receipt-service", "audit-log-service"})
    void theImageRunsTheServiceAsNonRootWithContainerMemoryFlagsAndItsVersion(String module) throws IOException {
        ServiceImage image = image(module);
        JsonNode config = image.config();
        ServiceSettings settings = ServiceSettings.of(module);

        assertEquals("10001:10001", config.path("User").asText());
        assertEquals(System.getProperty("sigillo.project.version"),
                config.path("Labels").path("org.opencontainers.image.version").asText());
        assertEquals(module, config.path("Labels").path("org.opencontainers.image.title").asText());
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertThat(entrypoint).startsWith("java").contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-XX:PerfDataSamplingInterval=1000", "-XX:+UseSerialGC");
        String mainClass = entrypoint.get(entrypoint.size() - 1);
        assertThat(mainClass).startsWith(ServiceSettings.SERVICES.get(module) + ".");
        assertThat(image.contains("app/classes/" + mainClass.replace('.', '/') + ".class")).as(mainClass).isTrue();

        List<String> ports = new ArrayList<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        List<String> expected = new ArrayList<>(List.of(settings.httpPort() + "/tcp"));
        settings.mailPorts().values().forEach(port -> expected.add(port + "/tcp"));
        assertThat(ports).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theAccessPointImageStartsAsUser10001AndBecomesReadyOnKafkaAndPostgres() throws Exception {
        ServiceImage image = image("access-point-service");
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0
                && Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/usr/sbin/chroot")),
                "starting an image without a container engine needs root, unshare and chroot");
        assumeTrue(image.contains("opt/java/bin/java"), "the image is not on the offline base (-Poffline-base)");
        Path root = Path.of("target/image-root").toAbsolutePath();
        FileSystemUtils.deleteRecursively(root);
        image.unpack(root);
        // What a container runtime provides: /etc/hosts, and the index and keys mounted from outside.
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost ip6-localhost\n");
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("etc/sigillo"));
        Files.copy(TestPki.get().dir().resolve("providers-index.ldif"),
                root.resolve("etc/sigillo/providers-index.ldif"));

        PostgresAccess postgres = SharedTestInfrastructure.postgres().database("image_check");
        KafkaAccess kafka = SharedTestInfrastructure.kafka();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new TreeMap<>();
        image.config().path("Env").forEach(e -> {
            String[] pair = e.asText().split("=", 2);
            env.put(pair[0], pair[1]);
        });
        // The host's sbin for unshare, mount and chroot; inside the image the same PATH finds its java first.
        env.put("PATH", env.get("PATH") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl("access"));
        env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
        env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SIGILLO_PROVIDER_DOMAIN", "pec.alpha.example");
        env.put("SIGILLO_INDEX_PATH", "/etc/sigillo/providers-index.ldif");

        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--kill-child", "--", "sh",
                "-c", "mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\" && "
                        + "cd \"$0\" && exec chroot --userspec=10001:10001 \"$0\" \"$@\"",
                root.toString()));
        image.config().path("Entrypoint").forEach(e -> command.add(e.asText()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/image-run.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process container = builder.start();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (!container.isAlive()) {
                    throw new AssertionError("the service exited: " + Files.readString(Path.of("target/image-run.log")));
                }
                return ready(port);
            });

            HealthProbes.assertUp(port);
            assertThat(HealthProbes.prometheus(port)).contains("application=\"access-point-service\"");
            ProcessHandle java = container.toHandle().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .findFirst().orElseThrow();
            String uid = Files.readAllLines(Path.of("/proc", String.valueOf(java.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertThat(uid.split("\\s+")).as(uid).containsOnly("Uid:", "10001");
            assertThat(Files.readString(Path.of("target/image-run.log"))).as("JSON logs")
                    .contains("\"ecs\":{\"version\"");
        } finally {
            stop(container);
            FileSystemUtils.deleteRecursively(root);
        }
    }

    /**
     * Stops the service and everything under unshare. The JVM is gathered first: chroot's change of user clears
     * the parent-death signal, so once unshare is gone nothing would lead to it.
     */
    private static void stop(Process container) {
        List<ProcessHandle> tree = new ArrayList<>(container.toHandle().descendants().toList());
        tree.add(container.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // A JVM whose Kafka is already gone can hang in its graceful shutdown.
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && Objects.requireNonNull(response.body()).contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
