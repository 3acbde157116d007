package io.sigillo.support.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ContainerHealthCheckTest {

    @Test
    void healthyOnlyWhenTheEndpointAnswers200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.createContext("/down", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            assertThat(ContainerHealthCheck.healthy(base + "/up")).isTrue();
            assertThat(ContainerHealthCheck.healthy(base + "/down")).isFalse();
        } finally {
            server.stop(0);
        }
        assertThat(ContainerHealthCheck.healthy(base + "/up")).as("nobody listening").isFalse();
    }
}
