package io.sigillo.pec.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProviderEntry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPkiTest {

    @Test
    void aMailHostGoesIntoTheIndexAndIntoThatProvidersSmtpCertificate(@TempDir Path dir) throws Exception {
        DemoPki.main(new String[] {dir.toString(), "--mail-host", "pec.beta.example=incoming-beta:2525"});

        Map<String, String> hosts = LdifProvidersIndex.read(dir.resolve("providers-index.ldif")).providers().stream()
                .collect(Collectors.toMap(p -> p.managedDomains().get(0), ProviderEntry::mailHost));
        assertThat(hosts).containsEntry("pec.beta.example", "incoming-beta:2525")
                .containsEntry("pec.alpha.example", "localhost:2525");
        assertThat(dnsNames(dir.resolve("pec.beta.example.smtp.p12"))).containsExactly("localhost", "incoming-beta");
        assertThat(dnsNames(dir.resolve("pec.alpha.example.smtp.p12"))).containsExactly("localhost");
    }

    private static List<String> dnsNames(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, DemoPki.DEMO_PASSWORD.toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate(DemoPki.SIGNING_ALIAS);
        return cert.getSubjectAlternativeNames().stream().filter(n -> (Integer) n.get(0) == 2)
                .map(n -> (String) n.get(1)).toList();
    }
}
