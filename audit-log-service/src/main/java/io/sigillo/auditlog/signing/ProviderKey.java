package io.sigillo.auditlog.signing;

import io.sigillo.pec.format.Provider;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SmimeSigner;
import io.sigillo.pec.smime.TrustedProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The provider's signing key as the log uses it, to seal its chains and to sign receipt reproductions: the
 * same PKCS#12 keystore as the receipt service's ({@code sigillo.signing.*}), loaded once. Optional: without
 * it the log still records and verifies, but neither seals nor reproduces. After a key rotation the retired
 * certificates ({@code sigillo.signing.previous-certificates-path}, PEM) still vouch for the seals they made;
 * they come from configuration, not from the database, so whoever can write the log cannot add a key to them.
 */
@Component
public class ProviderKey {

    private final ProviderCredentials credentials;
    private final SmimeSigner signer;
    private final Provider provider;
    /** The current certificate and the retired ones: whose seals this log accepts. */
    private final TrustedProviders ours;
    private final List<X509Certificate> retired;

    public ProviderKey(@Value("${sigillo.signing.keystore-path:}") String keystorePath,
            @Value("${sigillo.signing.keystore-password:}") String password,
            @Value("${sigillo.signing.key-alias:}") String alias,
            @Value("${sigillo.signing.previous-certificates-path:}") String previousCertificatesPath,
            @Value("${sigillo.provider.name}") String name, @Value("${sigillo.provider.domain}") String domain,
            Clock clock) throws KeystoreException {
        this.provider = new Provider(name, domain);
        this.retired = retired(previousCertificatesPath);
        List<X509Certificate> certificates = new ArrayList<>(retired);
        if (keystorePath.isBlank()) {
            LoggerFactory.getLogger(ProviderKey.class).warn("No signing keystore (sigillo.signing.keystore-path): "
                    + "the log is hash-chained but not sealed, and receipts cannot be reproduced");
            this.credentials = null;
            this.signer = null;
        } else {
            this.credentials = ProviderCredentials.fromPkcs12(Path.of(keystorePath), password.toCharArray(),
                    alias.isBlank() ? null : alias);
            this.signer = new SmimeSigner(credentials, clock);
            certificates.add(credentials.certificate());
        }
        this.ours = new TrustedProviders(certificates);
    }

    private static List<X509Certificate> retired(String path) throws KeystoreException {
        if (path.isBlank()) {
            return List.of();
        }
        if (!Files.exists(Path.of(path))) {
            // An optional ConfigMap that was never created: the same as none, but say so.
            LoggerFactory.getLogger(ProviderKey.class).warn("No retired certificates at {}: seals made by an "
                    + "earlier key will be reported as signed by another key", path);
            return List.of();
        }
        return List.copyOf(TrustedProviders.fromPem(Path.of(path)).certificates());
    }

    /** The key and certificate, when configured. */
    public Optional<ProviderCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The S/MIME signer of that key (reproductions, exports), when configured. */
    public Optional<SmimeSigner> signer() {
        return Optional.ofNullable(signer);
    }

    /** The certificates of keys this provider signed with before its current one, oldest first as configured. */
    public List<X509Certificate> retiredCertificates() {
        return retired;
    }

    /** True when {@code certificate} is the current key's or one this provider retired. */
    public boolean isOurs(X509Certificate certificate) {
        return ours.find(certificate).isPresent();
    }

    /** The provider the key belongs to. */
    public Provider provider() {
        return provider;
    }
}
