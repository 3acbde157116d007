package io.sigillo.accesspoint.relay;

import io.sigillo.pec.event.BlobRef;
import java.time.Instant;
import java.util.List;

/**
 * One row of the outbox: a signed message for the recipients one destination serves.
 *
 * @param id          the row
 * @param identifier  the PEC identifier it belongs to
 * @param signedId    the signed message's Message-ID
 * @param type        what it is (envelope, receipt…), for the log
 * @param destination the provider's domain, or the external domain
 * @param certified   true when the destination is a PEC provider
 * @param mailHost    where to hand it: {@code host:port}, {@link #MX} and the domain for the domain's MX hosts, or
 *                    null when there is no route
 * @param mailFrom    the SMTP envelope sender
 * @param rcptTo      the SMTP envelope recipients
 * @param body        the signed bytes in the blob store
 * @param attempts    attempts made so far
 * @param createdAt   when it entered the outbox
 * @param reportTo    whom a delivery status notification tells when it fails for good: the PEC sender of ordinary
 *                    mail; null where the PEC receipts tell (another provider) or nobody is told (a notification)
 */
public record OutboundMessage(long id, String identifier, String signedId, String type, String destination,
        boolean certified, String mailHost, String mailFrom, List<String> rcptTo, BlobRef body, int attempts,
        Instant createdAt, String reportTo) {

    /** The mail host of ordinary mail delivered to its domain's MX hosts: this, then the domain. */
    public static final String MX = "mx:";

    public OutboundMessage {
        rcptTo = List.copyOf(rcptTo);
    }

    /** The domain whose MX hosts take it, or null when it goes to a fixed mail host. */
    public String mxDomain() {
        return mailHost != null && mailHost.startsWith(MX) ? mailHost.substring(MX.length()) : null;
    }
}
