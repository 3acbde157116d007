package io.sigillo.pec.index;

import io.sigillo.pec.smime.TrustedProviders;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One provider of the providers' index (indice dei gestori), with the attributes of the national LDAP schema.
 *
 * @param providerName   {@code providerName}: the provider's legal name
 * @param certificates   {@code providerCertificate}: its signing certificates (two during a key rotation)
 * @param mailReceipt    {@code mailReceipt}: the address that receives receipts for it
 * @param managedDomains {@code managedDomains}: the PEC domains it serves, lower case
 * @param mailHost       where to hand it mail over SMTP ({@code host:port}); Sigillo's extension, may be null
 */
public record ProviderEntry(String providerName, List<X509Certificate> certificates, String mailReceipt,
        List<String> managedDomains, String mailHost) {

    public ProviderEntry {
        Objects.requireNonNull(providerName, "providerName");
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(mailReceipt, "mailReceipt");
        managedDomains = managedDomains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).toList();
        if (managedDomains.isEmpty()) {
            throw new IllegalArgumentException(providerName + " manages no domain");
        }
    }

    /** {@code providerCertificateHash}: the SHA-256 fingerprints signatures are matched against. */
    public List<String> certificateHashes() {
        return certificates.stream().map(TrustedProviders::fingerprint).toList();
    }
}
