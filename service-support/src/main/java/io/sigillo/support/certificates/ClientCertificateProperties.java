package io.sigillo.support.certificates;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Client certificates (ADR 0028): which CAs' certificates a mailbox may be bound to, and the HTTPS port where the
 * REST API takes them.
 *
 * @param caPath           PEM file of the CAs whose client certificates this provider accepts; none: no
 *                         certificate logins anywhere
 * @param httpsPort        the port of the REST API over TLS that asks for a client certificate; 0: none
 * @param keystorePath     PKCS#12 with that port's TLS key and certificate chain
 * @param keystorePassword its password
 */
@ConfigurationProperties("sigillo.client-certificates")
public record ClientCertificateProperties(String caPath, int httpsPort, String keystorePath,
        String keystorePassword) {

    /** Whether certificates are accepted at all. */
    public boolean enabled() {
        return caPath != null && !caPath.isBlank();
    }
}
