package io.sigillo.webmail;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the webmail finds the provider's services ({@code sigillo.webmail.*}).
 *
 * @param deliveryPoint the delivery point's base URL: logins, mailboxes, credentials
 */
@ConfigurationProperties("sigillo.webmail")
public record WebmailProperties(URI deliveryPoint) {

    public WebmailProperties {
        Objects.requireNonNull(deliveryPoint, "sigillo.webmail.delivery-point");
    }
}
