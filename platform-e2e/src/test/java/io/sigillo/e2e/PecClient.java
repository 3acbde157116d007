package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.SmimeVerifier;
import io.sigillo.pec.smime.TrustedProviders;
import io.sigillo.pec.testing.ExternalTool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mailbox owner as a mail frontend acts for them over HTTP: submit, list the mailbox, download raw
 * messages; and checks on what arrives: each signature verified by Sigillo's classifier and by OpenSSL.
 */
final class PecClient {

    static final Duration FLOW = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path pki;
    private final RunningProvider provider;
    private final String address;
    private final String password;
    private final PecClassifier classifier;

    PecClient(TwoProviders platform, RunningProvider provider, String address, String password)
            throws KeystoreException {
        this.pki = platform.pki;
        this.provider = provider;
        this.address = address;
        this.password = password;
        TrustedProviders trust = TrustedProviders.fromPem(pki.resolve("trust.pem"));
        this.classifier = new PecClassifier(new SmimeVerifier(() -> trust, TestTime.clock()));
    }

    String address() {
        return address;
    }

    /** Submits a JSON message. */
    HttpResponse<String> submit(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("access-point-service") + "/api/v1/messages"))
                .header("Authorization", basic(address, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Submits a whole message as written by a mail client. */
    HttpResponse<String> submitEml(String eml, String receiptType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("access-point-service")
                        + "/api/v1/messages?receiptType=" + receiptType))
                .header("Authorization", basic(address, password)).header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(eml.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The mailbox listing (JSON). */
    String listing() throws Exception {
        return get("delivery-point-service", "/api/v1/mailbox/messages?size=100", address, password);
    }

    /**
     * The provider's log of a message, as compliance staff see it, once it names every one of {@code steps}: the log
     * reads the same events as the services, a moment after them (up to a second when quiet, ADRs 0019 and 0020).
     */
    String trace(String identifier, String... steps) {
        String path = "/admin/v1/messages/" + identifier + "/trace";
        return await("the trace of " + identifier + " naming " + List.of(steps)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> r = send("audit-log-service", path, "auditor", "auditor-demo");
                    // 404 until the log has its first step.
                    assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 404);
                    return r.statusCode() == 200 ? r.body() : "";
                }, trace -> Arrays.stream(steps).allMatch(trace::contains));
    }

    /** Deletes every message of the mailbox whose X-Riferimento-Message-ID is {@code riferimento}; how many. */
    int deleteAll(String riferimento) throws Exception {
        List<String> ids = ids(riferimento, null);
        for (String id : ids) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("delivery-point-service")
                    + "/api/v1/mailbox/messages/" + id)).header("Authorization", basic(address, password))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
        return ids.size();
    }

    /** The signed messages the provider's log lists for a message (compliance staff's view); none while unknown. */
    String receipts(String identifier) throws Exception {
        String path = "/admin/v1/messages/" + identifier + "/receipts";
        HttpResponse<String> r = send("audit-log-service", path, "auditor", "auditor-demo");
        // The log answers 404 until it has logged a step of the message, which may come after the mailbox's copy.
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 404);
        return r.statusCode() == 404 ? "[]" : r.body();
    }

    /** A reproduction of a receipt, as compliance staff pull it from the provider that issued it. */
    static byte[] reproduction(RunningProvider issuer, String receiptId) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer.url("audit-log-service")
                        + "/admin/v1/receipts/" + receiptId + "/reproduction"))
                .header("Authorization", basic("auditor", "auditor-demo")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    /** The provider's verification of its whole log. */
    String verifyLog() throws Exception {
        return get("audit-log-service", "/admin/v1/log/verify", "auditor", "auditor-demo");
    }

    /** Waits until the listing shows {@code text} (a subject, usually). */
    void awaitListed(String text) {
        await(text + " in " + address).atMost(FLOW).pollInterval(Duration.ofMillis(500))
                .until(() -> listing().contains(text));
    }

    /** The raw bytes of every message whose X-Riferimento-Message-ID and PEC type match. */
    List<byte[]> mailbox(String riferimento, String pecType) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (String id : ids(riferimento, pecType)) {
            out.add(HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("delivery-point-service")
                            + "/api/v1/mailbox/messages/" + id + "/raw"))
                    .header("Authorization", basic(address, password)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
        }
        return out;
    }

    /** The listing ids of the messages with that X-Riferimento-Message-ID and, unless null, that PEC type. */
    private List<String> ids(String riferimento, String pecType) throws Exception {
        Matcher m = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"[^}]*?\"pecType\":\""
                + (pecType == null ? "[^\"]*" : Pattern.quote(pecType)) + "\",\"riferimentoMessageId\":\""
                + Pattern.quote(riferimento) + "\"").matcher(listing());
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Waits for exactly one such message and returns it. */
    byte[] awaitOne(String riferimento, String pecType) {
        List<byte[]> found = new ArrayList<>();
        await(pecType + " for " + riferimento + " in " + address).atMost(FLOW).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    found.clear();
                    found.addAll(mailbox(riferimento, pecType));
                    return !found.isEmpty();
                });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Classifies {@code message}, requires it VALID of {@code type}, and has OpenSSL verify it too. */
    Classification verified(byte[] message, PecType type) throws Exception {
        Classification c = classifier.classify(message);
        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.type()).contains(type);
        Path file = Files.createTempFile("e2e", ".eml");
        Files.write(file, message);
        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", pki.resolve("ca.pem").toString(), "-out", "/dev/null");
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        return c;
    }

    /** Opens a mailbox at {@code provider} through its admin API, with a quota in bytes. */
    static void createMailbox(RunningProvider provider, String address, String password, long quotaBytes)
            throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(provider.url("delivery-point-service")
                        + "/admin/v1/mailboxes"))
                .header("Authorization", basic("auditor", "auditor-demo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + address + "\",\"password\":\""
                        + password + "\",\"quotaBytes\":" + quotaBytes + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(201, 409);
    }

    /** A string field of a JSON document. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    /** The steps of a trace, in order, must include {@code steps} in this order. */
    static void assertInOrder(String trace, List<String> steps) {
        int last = -1;
        for (String step : steps) {
            int at = trace.indexOf("\"type\":\"" + step + "\"", last + 1);
            assertThat(at).as(step + " after position " + last + " in " + trace).isGreaterThan(last);
            last = at;
        }
    }

    private String get(String service, String path, String user, String secret) throws Exception {
        HttpResponse<String> r = send(service, path, user, secret);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> send(String service, String path, String user, String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(provider.url(service) + path))
                .header("Authorization", basic(user, secret)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
