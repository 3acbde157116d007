package io.sigillo.webmail;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the webmail finds the provider's services ({@code sigillo.webmail.*}).
 *
 * @param deliveryPoint the delivery point's base URL: logins, mailboxes, credentials
 * @param frontendKey   the secret shared with the delivery point ({@code sigillo.sessions.frontend-key} there), with
 *                      which it takes the browser's address for its login throttle; none: the webmail's own counts
 */
@ConfigurationProperties("sigillo.webmail")
public record WebmailProperties(URI deliveryPoint, String frontendKey) {

    public WebmailProperties {
        Objects.requireNonNull(deliveryPoint, "sigillo.webmail.delivery-point");
    }
}
