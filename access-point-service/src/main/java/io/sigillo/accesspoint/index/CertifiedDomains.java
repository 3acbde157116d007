package io.sigillo.accesspoint.index;

import io.sigillo.pec.format.Recipient;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The PEC domains of the providers' index: a recipient in one of them is certified, any other is external.
 * From configuration for now ({@code sigillo.index.domains}); the providers' index replaces it.
 */
@ConfigurationProperties("sigillo.index")
public record CertifiedDomains(List<String> domains) {

    public CertifiedDomains {
        domains = domains == null ? List.of() : domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    /** The recipient with its kind. */
    public Recipient classify(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return domains.contains(domain) ? Recipient.certified(address) : Recipient.external(address);
    }
}
