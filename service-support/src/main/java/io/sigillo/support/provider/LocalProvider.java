package io.sigillo.support.provider;

import io.sigillo.pec.event.Routing;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.index.ProvidersIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This provider as the providers' index in force describes it: its domains, its receipt mailbox, and the
 * other providers. Read through the reloading index, so a changed index file takes effect without a restart.
 */
public final class LocalProvider {

    private final String domain;
    private final Supplier<ProvidersIndex> index;

    /** The provider serving {@code domain}; the index must list it. */
    public LocalProvider(String domain, Supplier<ProvidersIndex> index) {
        this.domain = Objects.requireNonNull(domain, "domain").trim().toLowerCase(Locale.ROOT);
        this.index = index;
        entry();
    }

    /** The provider's main PEC domain (its identifiers end with it). */
    public String domain() {
        return domain;
    }

    /** The index in force. */
    public ProvidersIndex index() {
        return index.get();
    }

    /** This provider's entry in the index in force. */
    public ProviderEntry entry() {
        return index.get().providerForDomain(domain).orElseThrow(() -> new IllegalStateException(
                "the providers' index does not list this provider's domain " + domain));
    }

    /** True when this provider serves the address's domain. */
    public boolean isLocal(String address) {
        return index.get().providerForAddress(address).map(p -> p.managedDomains().contains(domain)).orElse(false);
    }

    /** The provider serving the address's domain, when it is PEC; empty for ordinary e-mail. */
    public Optional<ProviderEntry> providerOf(String address) {
        return index.get().providerForAddress(address);
    }

    /**
     * Splits addresses by who serves them, as the index in force says: this provider, another PEC provider, or
     * nobody in PEC (ordinary e-mail). The service that signs a message decides this once (ADR 0012).
     */
    public Routing route(List<String> addresses) {
        ProvidersIndex current = index.get();
        List<String> local = new ArrayList<>();
        List<String> otherProviders = new ArrayList<>();
        List<String> external = new ArrayList<>();
        for (String address : addresses) {
            Optional<ProviderEntry> provider = current.providerForAddress(address);
            if (provider.isEmpty()) {
                external.add(address);
            } else if (provider.get().managedDomains().contains(domain)) {
                local.add(address);
            } else {
                otherProviders.add(address);
            }
        }
        return new Routing(local, otherProviders, external);
    }

    /** The address that receives receipts for this provider ({@code mailReceipt}). */
    public String receiptMailbox() {
        return entry().mailReceipt();
    }
}
