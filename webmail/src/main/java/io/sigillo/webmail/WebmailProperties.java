package io.sigillo.webmail;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the webmail finds the provider's services ({@code sigillo.webmail.*}).
 *
 * @param deliveryPoint the delivery point's base URL: logins, mailboxes, credentials
 * @param accessPoint   the access point's base URL: submissions and their limits; the console has no use for it
 * @param frontendKey   the secret shared with the delivery point ({@code sigillo.sessions.frontend-key} there), with
 *                      which it takes the browser's address for its login throttle; none: the webmail's own counts
 * @param largestShown  the largest message the webmail opens to show, as it holds one in memory to check it; a
 *                      larger one is offered as its {@code .eml} file
 * @param auditLog      the audit log's base URL, where the console logs staff in and reads the log; the owners'
 *                      webmail has no use for it
 */
@ConfigurationProperties("sigillo.webmail")
public record WebmailProperties(URI deliveryPoint, URI accessPoint, String frontendKey,
        @DefaultValue("32MB") DataSize largestShown, URI auditLog) {

    public WebmailProperties {
        Objects.requireNonNull(deliveryPoint, "sigillo.webmail.delivery-point");
    }

    /** The audit log's base URL, which the console cannot do without. */
    public URI auditLogOfConsole() {
        return Objects.requireNonNull(auditLog, "the console needs sigillo.webmail.audit-log");
    }
}
