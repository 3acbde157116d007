package io.sigillo.receipt.signing;

import io.sigillo.pec.format.Provider;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** This provider: its legal name (gestore-emittente) and its PEC domain. */
@ConfigurationProperties("sigillo.provider")
@Validated
public record ProviderProperties(@NotBlank String name, @NotBlank String domain) {

    /** As the PEC formats need it. */
    public Provider asProvider() {
        return new Provider(name, domain);
    }
}
