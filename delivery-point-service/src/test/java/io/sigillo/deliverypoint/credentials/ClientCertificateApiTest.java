package io.sigillo.deliverypoint.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mailbox owner binds a client certificate of a trusted CA by presenting it on the certificate port with their
 * password; it then opens the REST API on that port, and IMAP by SASL EXTERNAL through Dovecot, until it is unbound.
 * A certificate sent without presenting it, and certificates the provider cannot accept, are refused with the reason.
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

        HttpResponse<String> bound = bind(keystore, alice, null, "carta%20CNS");

        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        String sha256 = TrustedClientCas.sha256(certificate);
        JsonNode listed = listed(alice).get(0);
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
    void aCertificateSentAsPemWithoutPresentingItIsRefusedAsItProvesNoKey() throws Exception {
        String alices = pemOf(TestPki.get().clientCertificate(alice));

        // Bob has alice's certificate, which is public, but not her key: he cannot present it.
        HttpResponse<String> onThePlainPort = send("POST", "/api/v1/mailbox/client-certificates", bob,
                bob + "-secret", "application/x-pem-file", alices);
        assertRefused(onThePlainPort, 403, "present the certificate in the TLS handshake");
        assertThat(json.readTree(onThePlainPort.body()).get("detail").asString()).contains("password",
                "hold its key");
        assertRefused(bind(null, bob, alices, null), 403, "present the certificate in the TLS handshake");

        assertThat(listed(bob).isEmpty()).isTrue();
        assertThat(bind(TestPki.get().clientCertificate(alice), alice, null, null).statusCode()).isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotThePresentedCertificateIsRefused() throws Exception {
        String alices = pemOf(TestPki.get().clientCertificate(alice));
        Path bobs = TestPki.get().clientCertificate(bob);

        assertRefused(bind(bobs, bob, alices, null), 400, "not the certificate this connection presented");
        assertRefused(bind(bobs, bob, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
                null), 400, "not a PEM certificate");

        assertThat(listed(bob).isEmpty()).isTrue();
        assertThat(bind(TestPki.get().clientCertificate(alice), alice, alices, null).statusCode()).isEqualTo(201);
        assertThat(bind(bobs, bob, pemOf(bobs), null).statusCode()).isEqualTo(201);
    }

    @Test
    void aCertificateBoundToOneMailboxCannotBeBoundToAnotherEvenByWhoeverHoldsItsKey() throws Exception {
        Path alices = TestPki.get().clientCertificate(alice);
        assertThat(bind(alices, alice, null, null).statusCode()).isEqualTo(201);

        // The test holds alice's key; were it bob's too, her certificate would still stay hers.
        assertRefused(bind(alices, bob, null, null), 409, "bound already");
        assertRefused(bind(alices, alice, pemOf(alices), null), 409, "bound already");
        assertThat(listed(bob).isEmpty()).isTrue();
        assertThat(listed(alice).size()).isEqualTo(1);
    }

    @Test
    void certificatesTheProviderCannotAcceptAreRefused() throws Exception {
        // A server certificate of the providers' CA, which is not a CA of mail users' certificates: the handshake
        // of the certificate port refuses it before any request is read.
        Path providersTls = TestPki.get().dir().resolve("pec.alpha.example.smtp.p12");
        HttpClient untrusted = HttpClient.newBuilder().sslContext(alwaysPresenting(providersTls)).build();
        assertThatThrownBy(() -> untrusted.send(bindRequest(alice, null, null), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(listed(alice).isEmpty()).isTrue();

        // Another certificate with alice's common name: Dovecot could not tell the two mailboxes apart.
        DemoPki.Issued sameName = DemoClientCertificates.issue(DemoClientCertificates.ca(TestPki.get().dir()), alice,
                TestPki.ISSUED_AT);
        Path sameNameKeystore = Files.createTempDirectory("same-name").resolve("same-name.p12");
        DemoPki.writeKeystore(sameNameKeystore, sameName, DemoClientCertificates.ca(TestPki.get().dir())
                .certificate());
        assertThat(bind(TestPki.get().clientCertificate(alice), alice, null, null).statusCode()).isEqualTo(201);
        assertRefused(bind(sameNameKeystore, bob, null, null), 409, "common name");
        assertThat(bind(sameNameKeystore, alice, pem(sameName.certificate()), null).statusCode()).isEqualTo(201);
    }

    @Test
    void aBoundCertificateOpensTheRestApiOnItsTlsPortUntilItIsUnbound() throws Exception {
        Path keystore = TestPki.get().clientCertificate(alice);
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(tls(keystore)).build();
        HttpClient without = HttpClient.newBuilder().sslContext(tls(null)).build();
        URI messages = URI.create("https://localhost:" + HTTPS_PORT + "/api/v1/mailbox/messages");

        assertThat(withCertificate.send(HttpRequest.newBuilder(messages).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        String sha256 = json.readTree(bind(keystore, alice, null, null).body()).get("sha256").asString();

        HttpResponse<String> opened = withCertificate.send(HttpRequest.newBuilder(messages).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(listed(alice).get(0).get("lastUsedAt").isNull()).isFalse();
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
        assertThat(bind(keystore, alice, null, null).statusCode()).isEqualTo(201);
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

    /**
     * Binds over the certificate port as {@code owner} with their password, presenting the certificate of
     * {@code keystore} (none when null) in the handshake and {@code pem} as the body (none when null).
     */
    private HttpResponse<String> bind(Path keystore, String owner, String pem, String name) throws Exception {
        return HttpClient.newBuilder().sslContext(tls(keystore)).build()
                .send(bindRequest(owner, pem, name), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest bindRequest(String owner, String pem, String name) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + HTTPS_PORT
                        + "/api/v1/mailbox/client-certificates" + (name == null ? "" : "?name=" + name)))
                .header("Authorization", basic(owner, owner + "-secret"));
        if (pem == null) {
            return request.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/x-pem-file")
                .POST(HttpRequest.BodyPublishers.ofString(pem)).build();
    }

    /** TLS that presents the keystore's certificate whichever CAs the server names, as a client may. */
    private static SSLContext alwaysPresenting(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, DemoPki.DEMO_PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, DemoPki.DEMO_PASSWORD.toCharArray());
        X509KeyManager chosen = (X509KeyManager) factory.getKeyManagers()[0];
        String alias = keys.aliases().nextElement();
        X509KeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return alias;
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return alias;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {alias};
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String name) {
                return chosen.getCertificateChain(name);
            }

            @Override
            public PrivateKey getPrivateKey(String name) {
                return chosen.getPrivateKey(name);
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("demo-ca", TestPki.get().ca().certificate());
        trust.init(anchors);
        context.init(new KeyManager[] {always}, trust.getTrustManagers(), null);
        return context;
    }

    private JsonNode listed(String owner) throws Exception {
        return json.readTree(send("GET", "/api/v1/mailbox/client-certificates", owner, owner + "-secret", null, null)
                .body());
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
