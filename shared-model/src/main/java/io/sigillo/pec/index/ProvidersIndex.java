package io.sigillo.pec.index;

import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.smime.TrustedProviders;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of the providers' index: which domains are PEC, which provider serves each, and the certificates
 * whose signatures are trusted. Immutable; a reload builds a new one.
 */
public final class ProvidersIndex {

    private final List<ProviderEntry> providers;
    private final Map<String, ProviderEntry> byDomain = new HashMap<>();
    private final Map<String, ProviderEntry> byCertificateHash = new HashMap<>();
    private final TrustedProviders trusted;

    /** An index of the given providers; a domain or certificate listed twice is an error. */
    public ProvidersIndex(List<ProviderEntry> providers) {
        this.providers = List.copyOf(providers);
        for (ProviderEntry p : this.providers) {
            for (String domain : p.managedDomains()) {
                ProviderEntry previous = byDomain.put(domain, p);
                if (previous != null) {
                    throw new IllegalArgumentException("domain " + domain + " is listed by both \""
                            + previous.providerName() + "\" and \"" + p.providerName() + "\"");
                }
            }
            for (String hash : p.certificateHashes()) {
                if (byCertificateHash.put(hash, p) != null) {
                    throw new IllegalArgumentException("a certificate is listed by two providers: " + hash);
                }
            }
        }
        this.trusted = new TrustedProviders(this.providers.stream()
                .flatMap(p -> p.certificates().stream()).toList());
    }

    /** Every provider. */
    public List<ProviderEntry> providers() {
        return providers;
    }

    /** The provider serving a domain. */
    public Optional<ProviderEntry> providerForDomain(String domain) {
        return Optional.ofNullable(byDomain.get(domain.trim().toLowerCase(Locale.ROOT)));
    }

    /** The provider serving an address's domain. */
    public Optional<ProviderEntry> providerForAddress(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? Optional.empty() : providerForDomain(address.substring(at + 1));
    }

    /** The recipient with its kind: certified when its domain is in the index, external otherwise. */
    public Recipient classify(String address) {
        return providerForAddress(address).isPresent() ? Recipient.certified(address) : Recipient.external(address);
    }

    /** The provider a signing certificate belongs to. */
    public Optional<ProviderEntry> providerOf(X509Certificate certificate) {
        return Optional.ofNullable(byCertificateHash.get(TrustedProviders.fingerprint(certificate)));
    }

    /** Every listed certificate, for the signature verifier. */
    public TrustedProviders trustedProviders() {
        return trusted;
    }
}
