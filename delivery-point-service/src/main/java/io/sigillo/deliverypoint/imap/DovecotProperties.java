package io.sigillo.deliverypoint.imap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The delivery point's side of Dovecot (ADR 0026).
 *
 * @param authKey        the secret Dovecot's Lua passdb sends as a bearer token when it asks who may log in; without
 *                       it no one is let in that way
 * @param host           Dovecot's host; without it the mailboxes are kept in PostgreSQL and the blob store
 * @param imapsPort      its IMAP port with TLS (993)
 * @param masterUser     the master user as which the delivery point logs in to any mailbox
 * @param masterPassword its password
 * @param trustCaPath    a PEM file of CAs for Dovecot's certificate besides the JDK's (the demo CA locally)
 * @param tlsName        the name Dovecot's certificate carries, when it is not {@code host}: in Kubernetes the
 *                       delivery point dials the Service {@code dovecot}, and the certificate names the public host
 */
@ConfigurationProperties("sigillo.dovecot")
public record DovecotProperties(String authKey, String host, Integer imapsPort, String masterUser,
        String masterPassword, String trustCaPath, String tlsName) {

    public DovecotProperties {
        imapsPort = imapsPort == null ? 993 : imapsPort;
        masterUser = masterUser == null || masterUser.isBlank() ? "sigillo-delivery" : masterUser;
    }

    /** Whether the mailboxes are Dovecot's. */
    public boolean enabled() {
        return host != null && !host.isBlank();
    }
}
