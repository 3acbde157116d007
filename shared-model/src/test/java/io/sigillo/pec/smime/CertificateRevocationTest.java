package io.sigillo.pec.smime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.pki.DemoPki.DemoProvider;
import io.sigillo.pec.pki.DemoPki.Issued;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateRevocationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final DemoProvider GAMMA = new DemoProvider("pec.gamma.example", "Gamma PEC",
            DemoPki.KeyKind.RSA_2048);

    @TempDir
    static Path dir;

    private static Issued ca;
    private static Issued good;
    private static Issued revoked;
    private static URI crlFile;

    @BeforeAll
    static void pki() throws Exception {
        ca = DemoPki.newCa("Gamma CA", NOW.minus(Duration.ofDays(400)));
        crlFile = dir.resolve("gamma.crl").toUri();
        good = DemoPki.issueProvider(ca, GAMMA, NOW.minus(Duration.ofDays(300)), crlFile);
        revoked = DemoPki.issueProvider(ca, GAMMA, NOW.minus(Duration.ofDays(300)), crlFile);
        publish(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)));
    }

    /** Writes the CA's CRL, {@code revoked} revoked a day before NOW. */
    private static void publish(Instant thisUpdate, Instant nextUpdate) throws Exception {
        Files.write(Path.of(crlFile), DemoPki.crl(ca, Map.of(revoked.certificate(), NOW.minus(Duration.ofDays(1))),
                thisUpdate, nextUpdate));
    }

    private static CertificateRevocation revocation(Instant now) {
        return new CertificateRevocation(List.of(ca.certificate()), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aCertificateInTheCrlIsRevokedFromItsRevocationOnAndAnotherIsGood() {
        CertificateRevocation revocation = revocation(NOW);

        assertThat(revocation.check(good.certificate(), NOW)).isInstanceOf(CertificateRevocation.Good.class);
        assertThat(revocation.check(revoked.certificate(), NOW)).isEqualTo(
                new CertificateRevocation.Revoked(NOW.minus(Duration.ofDays(1)), "key_compromise"));
        assertThat(revocation.check(revoked.certificate(), NOW.minus(Duration.ofDays(2))))
                .as("a message signed and received before the revocation")
                .isInstanceOf(CertificateRevocation.Good.class);
    }

    @Test
    void aCrlNobodyCanFetchOrThatIsNotCurrentOrNotOurIssuersLeavesTheAnswerUnknown() throws Exception {
        Issued elsewhere = DemoPki.issueProvider(ca, GAMMA, NOW.minus(Duration.ofDays(10)),
                dir.resolve("missing.crl").toUri());
        assertThat(revocation(NOW).check(elsewhere.certificate(), NOW))
                .isInstanceOfSatisfying(CertificateRevocation.Unknown.class,
                        u -> assertThat(u.reason()).contains("missing.crl"));

        // Past its next update, and nothing newer published.
        assertThat(revocation(NOW.plus(Duration.ofDays(8))).check(good.certificate(), NOW.plus(Duration.ofDays(8))))
                .isInstanceOfSatisfying(CertificateRevocation.Unknown.class,
                        u -> assertThat(u.reason()).contains("not current"));

        // Signed by a CA that is not configured as the issuer.
        Issued other = DemoPki.newCa("Gamma CA", NOW.minus(Duration.ofDays(400)));
        assertThat(new CertificateRevocation(List.of(other.certificate()), Clock.fixed(NOW, ZoneOffset.UTC))
                .check(good.certificate(), NOW)).isInstanceOf(CertificateRevocation.Unknown.class);
    }

    @Test
    void aCrlIsDownloadedOnceUntilItsNextUpdate() throws Exception {
        Path copy = dir.resolve("copy.crl");
        Files.copy(Path.of(crlFile), copy);
        Issued leaf = DemoPki.issueProvider(ca, GAMMA, NOW.minus(Duration.ofDays(10)), copy.toUri());
        CertificateRevocation revocation = revocation(NOW);

        assertThat(revocation.check(leaf.certificate(), NOW)).isInstanceOf(CertificateRevocation.Good.class);
        Files.delete(copy);
        assertThat(revocation.check(leaf.certificate(), NOW)).isInstanceOf(CertificateRevocation.Good.class);
    }

    @Test
    void aCrlIsFetchedOverHttpAndACertificateNamingNoneIsGood() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] crl = Files.readAllBytes(Path.of(crlFile));
        server.createContext("/gamma.crl", exchange -> {
            exchange.sendResponseHeaders(200, crl.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(crl);
            }
        });
        server.start();
        try {
            URI http = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/gamma.crl");
            Issued overHttp = DemoPki.issueProvider(ca, GAMMA, NOW.minus(Duration.ofDays(10)), http);

            assertThat(revocation(NOW).check(overHttp.certificate(), NOW))
                    .isInstanceOf(CertificateRevocation.Good.class);
        } finally {
            server.stop(0);
        }
        Issued silent = DemoPki.issueProvider(ca, GAMMA, NOW.minus(Duration.ofDays(10)));
        assertThat(revocation(NOW).check(silent.certificate(), NOW)).isEqualTo(
                new CertificateRevocation.Good("the certificate names no CRL"));
    }
}
