package io.sigillo.auditlog.signing;

import io.sigillo.pec.format.Provider;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SmimeSigner;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The provider's signing key as the log uses it, to seal its chains and to sign receipt reproductions: the
 * same PKCS#12 keystore as the receipt service's ({@code sigillo.signing.*}), loaded once. Optional: without
 * it the log still records and verifies, but neither seals nor reproduces.
 */
@Component
public class ProviderKey {

    private final ProviderCredentials credentials;
    private final SmimeSigner signer;
    private final Provider provider;

    public ProviderKey(@Value("${sigillo.signing.keystore-path:}") String keystorePath,
            @Value("${sigillo.signing.keystore-password:}") String password,
            @Value("${sigillo.signing.key-alias:}") String alias,
            @Value("${sigillo.provider.name}") String name, @Value("${sigillo.provider.domain}") String domain)
            throws KeystoreException {
        this.provider = new Provider(name, domain);
        if (keystorePath.isBlank()) {
            LoggerFactory.getLogger(ProviderKey.class).warn("No signing keystore (sigillo.signing.keystore-path): "
                    + "the log is hash-chained but not sealed, and receipts cannot be reproduced");
            this.credentials = null;
            this.signer = null;
        } else {
            this.credentials = ProviderCredentials.fromPkcs12(Path.of(keystorePath), password.toCharArray(),
                    alias.isBlank() ? null : alias);
            this.signer = new SmimeSigner(credentials);
        }
    }

    /** The key and certificate, when configured. */
    public Optional<ProviderCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The S/MIME signer of that key (reproductions, exports), when configured. */
    public Optional<SmimeSigner> signer() {
        return Optional.ofNullable(signer);
    }

    /** The provider the key belongs to. */
    public Provider provider() {
        return provider;
    }
}
