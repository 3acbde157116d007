package io.sigillo.deliverypoint.imap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The delivery point's side of Dovecot (ADR 0026).
 *
 * @param authKey the secret Dovecot's Lua passdb sends as a bearer token when it asks who may log in; without it
 *                no one is let in that way
 */
@ConfigurationProperties("sigillo.dovecot")
public record DovecotProperties(String authKey) {
}
