package io.sigillo.incomingpoint;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The incoming point's settings.
 *
 * @param domain        this provider's PEC domain: recipients in it are ours to deliver
 * @param trustPath     the providers' certificates to trust: a PEM file, or a PKCS#12 trust store
 * @param trustPassword the PKCS#12 trust store's password (unused for PEM)
 */
@ConfigurationProperties("sigillo.incoming")
@Validated
public record IncomingPointProperties(@NotBlank String domain, @NotBlank String trustPath, String trustPassword) {
}
