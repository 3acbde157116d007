package io.sigillo.pec.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incoming point's SMTP server took a message from another provider (or from anyone on the Internet) and
 * stored it: it is verified from here on, and the sender was answered 250 only after this event was durable.
 *
 * @param schemaVersion version of this record's JSON form
 * @param eventId       unique per event
 * @param raw           the message as it arrived
 * @param mailFrom      the SMTP envelope sender (may be empty for bounces)
 * @param rcptTo        the SMTP envelope recipients, all served by this provider
 * @param remote        the connecting peer, for the log
 * @param receivedAt    when the DATA transfer ended
 */
public record MessageArrived(int schemaVersion, String eventId, BlobRef raw, String mailFrom, List<String> rcptTo,
        String remote, Instant receivedAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public MessageArrived {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(raw, "raw");
        mailFrom = mailFrom == null ? "" : mailFrom;
        rcptTo = List.copyOf(rcptTo);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
