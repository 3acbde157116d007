package io.sigillo.deliverypoint.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.imap.TestDovecot;
import io.sigillo.infra.DovecotServer;
import io.sigillo.infra.FreePorts;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.pki.DemoClientCertificates;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.certificates.TrustedClientCas;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mailbox owner binds a client certificate of a trusted CA; it then opens the REST API on the TLS port, and IMAP
 * by SASL EXTERNAL through Dovecot, until it is unbound. Certificates the provider cannot accept are refused with the
 * reason.
 */
class ClientCertificateApiTest extends DeliveryPointTestSupport {

    private static final int HTTPS_PORT = freePort();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void httpsPort(DynamicPropertyRegistry registry) {
        registry.add("sigillo.client-certificates.https-port", () -> HTTPS_PORT);
        registry.add("sigillo.client-certificates.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.smtp.p12").toString());
        registry.add("sigillo.client-certificates.keystore-password", () -> DemoPki.DEMO_PASSWORD);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());
    private String alice;
    private String bob;

    @BeforeEach
    void aliceAndBobHaveMailboxes() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        alice = "alice." + tag + "@pec.alpha.example";
        bob = "bob." + tag + "@pec.alpha.example";
        for (String owner : List.of(alice, bob)) {
            assertThat(send("POST", "/admin/v1/mailboxes", ADMIN, ADMIN_PASSWORD, "application/json",
                    "{\"address\":\"" + owner + "\",\"password\":\"" + owner + "-secret\"}").statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void aBoundCertificateIsListedAndAnnouncedByItsFingerprint() throws Exception {
        Path keystore = TestPki.get().clientCertificate(alice);
        X509Certificate certificate = certificate(pemOf(keystore));

        HttpResponse<String> bound = bind(alice, pemOf(keystore), "carta%20CNS");

        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        String sha256 = TrustedClientCas.sha256(certificate);
        JsonNode listed = json.readTree(send("GET", "/api/v1/mailbox/client-certificates", alice, alice + "-secret",
                null, null).body()).get(0);
        assertThat(listed.get("sha256").asString()).isEqualTo(sha256);
        assertThat(listed.get("name").asString()).isEqualTo("carta CNS");
        assertThat(listed.get("commonName").asString()).isEqualTo(alice);
        assertThat(listed.get("issuer").asString()).contains("CN=Sigillo Demo Client CA");
        assertThat(listed.get("serialNumber").asString()).isEqualTo(certificate.getSerialNumber().toString(16));
        assertThat(listed.get("notAfter").asString()).isEqualTo(certificate.getNotAfter().toInstant().toString());

        MailboxRegistered announced = topics.await(Topics.MAILBOX_REGISTERED, r -> alice.equals(r.key())
                        && !json.readValue(r.value(), MailboxRegistered.class).clientCertificates().isEmpty(), 1, WAIT)
                .stream().map(r -> json.readValue(r.value(), MailboxRegistered.class)).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(announced.clientCertificates()).singleElement().satisfies(c -> {
            assertThat(c.sha256()).isEqualTo(sha256);
            assertThat(c.expiresAt()).isEqualTo(certificate.getNotAfter().toInstant());
        });
    }

    @Test
    void certificatesTheProviderCannotAcceptAreRefusedWithTheReason() throws Exception {
        // A server certificate of the providers' CA, which is not a CA of mail users' certificates.
        String providersTls = Files.readString(TestPki.get().dir().resolve("pec.alpha.example.pem"));
        assertRefused(bind(alice, providersTls, null), 400, "not issued by a CA this provider accepts");
        assertRefused(bind(alice, Files.readString(TestPki.get().clientCaPem()), null), 400, "CA certificate");
        assertRefused(bind(alice, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
                null), 400, "not a PEM certificate");

        String alices = pemOf(TestPki.get().clientCertificate(alice));
        assertThat(bind(alice, alices, null).statusCode()).isEqualTo(201);
        assertRefused(bind(alice, alices, null), 409, "bound already");
        assertRefused(bind(bob, alices, null), 409, "bound already");
        // Another certificate with alice's common name: Dovecot could not tell the two mailboxes apart.
        DemoPki.Issued sameName = DemoClientCertificates.issue(DemoClientCertificates.ca(TestPki.get().dir()), alice,
                TestPki.ISSUED_AT);
        assertRefused(bind(bob, pem(sameName.certificate()), null), 409, "common name");
        assertThat(bind(alice, pem(sameName.certificate()), null).statusCode()).isEqualTo(201);
    }

    @Test
    void aBoundCertificateOpensTheRestApiOnItsTlsPortUntilItIsUnbound() throws Exception {
        Path keystore = TestPki.get().clientCertificate(alice);
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(tls(keystore)).build();
        HttpClient without = HttpClient.newBuilder().sslContext(tls(null)).build();
        URI messages = URI.create("https://localhost:" + HTTPS_PORT + "/api/v1/mailbox/messages");

        assertThat(withCertificate.send(HttpRequest.newBuilder(messages).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        String sha256 = json.readTree(bind(alice, pemOf(keystore), null).body()).get("sha256").asString();

        HttpResponse<String> opened = withCertificate.send(HttpRequest.newBuilder(messages).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(json.readTree(send("GET", "/api/v1/mailbox/client-certificates", alice, alice + "-secret", null,
                null).body()).get(0).get("lastUsedAt").isNull()).isFalse();
        // The port still takes a password from a client without a certificate, and nothing without either.
        assertThat(without.send(HttpRequest.newBuilder(messages).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(without.send(HttpRequest.newBuilder(messages).header("Authorization", basic(bob, bob + "-secret"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // A certificate stands for a mailbox only: the operators' API stays closed to it.
        assertThat(withCertificate.send(HttpRequest.newBuilder(URI.create("https://localhost:" + HTTPS_PORT
                + "/admin/v1/mailboxes")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

        assertThat(send("DELETE", "/api/v1/mailbox/client-certificates/" + sha256, alice, alice + "-secret", null,
                null).statusCode()).isEqualTo(204);
        assertThat(withCertificate.send(HttpRequest.newBuilder(messages).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void dovecotLogsABoundCertificateInBySaslExternal() throws Exception {
        assumeTrue(DovecotServer.available(), "Dovecot is not installed (apt-get install " + DovecotServer.packages()
                + "; CI installs it)");
        int imaps = TestDovecot.forDeliveryPointOn(port).settings().imapsPort();
        Path keystore = TestPki.get().clientCertificate(alice);

        assertThat(imapExternal(imaps, keystore)).startsWith("a NO");
        assertThat(bind(alice, pemOf(keystore), null).statusCode()).isEqualTo(201);
        String loggedIn = imapExternal(imaps, keystore);
        assertThat(loggedIn).startsWith("a OK");
        // The same connection then reads alice's mailbox, by her canonical address.
        assertThat(loggedIn).contains("INBOX selected");
        assertThat(imapExternal(imaps, null)).startsWith("a NO");
        assertThat(imapExternal(imaps, TestPki.get().clientCertificate(bob))).startsWith("a NO");
    }

    /** Logs in to IMAPS by AUTHENTICATE EXTERNAL (SASL-IR) and selects INBOX; the tagged replies. */
    private String imapExternal(int imaps, Path keystore) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls(keystore).getSocketFactory().createSocket("localhost", imaps)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write("a AUTHENTICATE EXTERNAL =\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = tagged(in, "a ");
            if (!reply.startsWith("a OK")) {
                return reply;
            }
            out.write("b SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String selected = tagged(in, "b ");
            return reply + (selected.startsWith("b OK") ? " / INBOX selected" : " / " + selected);
        }
    }

    private static String tagged(BufferedReader in, String tag) throws Exception {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith(tag)) {
                return line;
            }
        }
        return "closed";
    }

    private static SSLContext tls(Path keystore) {
        return TestPki.get().clientTls(keystore);
    }

    private void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json.readTree(response.body()).get("detail").asString()).contains(reason);
    }

    private HttpResponse<String> bind(String owner, String pem, String name) throws Exception {
        return send("POST", "/api/v1/mailbox/client-certificates" + (name == null ? "" : "?name=" + name), owner,
                owner + "-secret", "application/x-pem-file", pem);
    }

    private static String pemOf(Path keystore) throws Exception {
        return Files.readString(Path.of(keystore.toString().replaceAll("\\.p12$", ".pem")));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String type,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic(user, password));
        if (body != null) {
            request.header("Content-Type", type);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try {
            return FreePorts.take(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
