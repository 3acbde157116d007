package io.sigillo.webmail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.sigillo.pec.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A stand-in for the delivery point's API, answering each path as a test tells it. */
final class StandInDeliveryPoint {

    private final HttpServer server;

    StandInDeliveryPoint(Map<String, HttpHandler> paths) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        paths.forEach(server::createContext);
        // Each call on its own thread, as a real server: a slow answer holds up no other test's call.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Its base URL. */
    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    /** A login that always succeeds, for {@code account}, with a token named after it: {@code token-ACCOUNT}. */
    static HttpHandler loggingIn(String account) {
        return exchange -> answer(exchange, 201, "{\"token\":\"token-" + account + "\",\"tokenType\":\"Bearer\","
                + "\"expiresAt\":\"2026-12-05T18:00:00Z\",\"account\":\"" + account + "\",\"roles\":[\"MAILBOX\"]}");
    }

    /** The test PKI's providers' index, as the webmail's {@code sigillo.index.path}. */
    static String providersIndex() {
        return TestPki.get().dir().resolve("providers-index.ldif").toString();
    }

    /** Answers {@code json}, as a problem when {@code status} is an error. */
    static void answer(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().add("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        answer(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code bytes} with whatever Content-Type the caller set. */
    static void answer(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A string field of a JSON request body. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
