package io.sigillo.pec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Checks a running service's actuator health, liveness and readiness probes over real HTTP. */
public final class HealthProbes {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HealthProbes() {
    }

    /**
     * Asserts that all three probes on {@code port} answer 200 with status UP, and that Prometheus can scrape the
     * service without credentials, as it does in the cluster.
     */
    public static void assertUp(int port) throws IOException, InterruptedException {
        assertThat(prometheus(port)).contains("jvm_memory_used_bytes");
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
            if (path.endsWith("readiness")) {
                // Ready means PostgreSQL and Kafka answer, not only that the JVM is up.
                assertThat(response.body()).as(path).contains("\"db\"").contains("\"binders\"");
            }
        }
    }

    /** The Prometheus scrape of the service on {@code port}, asserting it answers. */
    public static String prometheus(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/actuator/prometheus").isEqualTo(200);
        return response.body();
    }
}
