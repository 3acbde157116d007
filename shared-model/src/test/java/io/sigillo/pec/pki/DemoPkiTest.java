package io.sigillo.pec.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProviderEntry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo PKI: mail hosts where compose needs them, lifetimes of years, and renewal before it expires. */
class DemoPkiTest {

    @Test
    void aMailHostGoesIntoTheIndexAndIntoThatProvidersSmtpCertificate(@TempDir Path dir) throws Exception {
        DemoPki.run(new String[] {dir.toString(), "--mail-host", "pec.beta.example=incoming-beta:2525"},
                TestTime.clock());

        Map<String, String> hosts = LdifProvidersIndex.read(dir.resolve("providers-index.ldif")).providers().stream()
                .collect(Collectors.toMap(p -> p.managedDomains().get(0), ProviderEntry::mailHost));
        assertThat(hosts).containsEntry("pec.beta.example", "incoming-beta:2525")
                .containsEntry("pec.alpha.example", "localhost:2525");
        assertThat(dnsNames(dir.resolve("pec.beta.example.smtp.p12"))).containsExactly("localhost", "incoming-beta");
        assertThat(dnsNames(dir.resolve("pec.alpha.example.smtp.p12"))).containsExactly("localhost");
    }

    @Test
    void theCaLastsTwentyYearsAndEveryProviderCertificateTen(@TempDir Path dir) throws Exception {
        Instant issued = TestTime.start().truncatedTo(ChronoUnit.SECONDS);
        DemoPki.run(new String[] {dir.toString()}, Clock.fixed(issued, ZoneOffset.UTC));

        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("ca.pem")));
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(issued.atZone(ZoneOffset.UTC).plusYears(20).toInstant());
        for (String keystore : List.of("pec.alpha.example.p12", "pec.alpha.example.smtp.p12", "pec.beta.example.p12",
                "pec.beta.example.smtp.p12")) {
            X509Certificate cert = certificate(dir.resolve(keystore));
            assertThat(cert.getNotBefore().toInstant()).as(keystore).isBefore(issued);
            assertThat(cert.getNotAfter().toInstant()).as(keystore)
                    .isEqualTo(issued.atZone(ZoneOffset.UTC).plusYears(10).toInstant());
        }
        assertThat(DemoPki.firstExpiry(dir)).isEqualTo(certificate(dir.resolve("pec.alpha.example.p12"))
                .getNotAfter().toInstant());
    }

    @Test
    void materialIsKeptWhileValidAndMadeAnewAMonthBeforeItExpires(@TempDir Path dir) throws Exception {
        Instant issued = TestTime.start();
        DemoPki.run(new String[] {dir.toString()}, Clock.fixed(issued, ZoneOffset.UTC));
        byte[] first = Files.readAllBytes(dir.resolve("ca.pem"));
        Instant expires = DemoPki.firstExpiry(dir);

        DemoPki.run(new String[] {dir.toString()}, Clock.fixed(expires.minus(Duration.ofDays(31)), ZoneOffset.UTC));
        assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).as("still valid: kept").isEqualTo(first);

        Instant renewedAt = expires.minus(Duration.ofDays(29));
        DemoPki.run(new String[] {dir.toString()}, Clock.fixed(renewedAt, ZoneOffset.UTC));
        assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).as("about to expire: made anew").isNotEqualTo(first);
        assertThat(DemoPki.firstExpiry(dir)).isAfter(renewedAt.plus(Duration.ofDays(3650)));
    }

    private static X509Certificate certificate(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, DemoPki.DEMO_PASSWORD.toCharArray());
        }
        return (X509Certificate) store.getCertificate(DemoPki.SIGNING_ALIAS);
    }

    private static List<String> dnsNames(Path keystore) throws Exception {
        return certificate(keystore).getSubjectAlternativeNames().stream().filter(n -> (Integer) n.get(0) == 2)
                .map(n -> (String) n.get(1)).toList();
    }
}
