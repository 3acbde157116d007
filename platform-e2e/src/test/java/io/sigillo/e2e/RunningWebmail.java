package io.sigillo.e2e;

import static org.awaitility.Awaitility.await;

import io.sigillo.infra.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A provider's webmail as the local run starts it: its executable jar, against that provider's delivery point. */
final class RunningWebmail implements AutoCloseable {

    private final Process process;
    private final int port;

    RunningWebmail(RunningProvider provider) throws IOException {
        this(provider, false);
    }

    /** The webmail's jar started as {@code provider}'s console for compliance staff and operators (ADR 0036). */
    static RunningWebmail console(RunningProvider provider) throws IOException {
        return new RunningWebmail(provider, true);
    }

    private RunningWebmail(RunningProvider provider, boolean console) throws IOException {
        Path root = Path.of(System.getProperty("sigillo.root", ".."));
        String version = System.getProperty("sigillo.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve("webmail").resolve("target").resolve("webmail-" + version + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -B verify)");
        }
        port = FreePorts.take(1);
        List<String> command = new ArrayList<>(List.of(RunningProvider.javaBinary(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + port,
                "--sigillo.webmail.delivery-point=" + provider.url("delivery-point-service"),
                "--sigillo.webmail.access-point=" + provider.url("access-point-service"),
                "--sigillo.index.path=" + provider.index(), "--server.servlet.session.cookie.name=" + cookie()));
        if (console) {
            command.addAll(List.of("--sigillo.console.enabled=true",
                    "--sigillo.webmail.audit-log=" + provider.url("audit-log-service")));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(provider.logs().resolve(console ? "console.log" : "webmail.log").toFile());
        if (console) {
            builder.environment().putAll(provider.consoleKafka());
        }
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await("webmail healthy").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(URI.create(url()
                        + "/actuator/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /**
     * The name of its session cookie, as the local run names it: a browser keeps cookies by host, not port, so the
     * two providers' webmails on one host each need their own.
     */
    String cookie() {
        return "SIGILLO_WEBMAIL_" + port;
    }

    /** Its base URL. */
    String url() {
        return "http://localhost:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
