package io.sigillo.incomingpoint.reception;

import io.sigillo.pec.event.BlobRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one SMTP transaction brought, already in the blob store: the message and its local recipients.
 *
 * @param bytes      the message as stored (with the Received line the server added)
 * @param stored     where it is stored; its digest names the arrival in logs and anomaly identifiers
 * @param rcptTo     the SMTP envelope recipients, all served by this provider
 * @param receivedAt when the DATA transfer ended
 */
public record Arrival(byte[] bytes, BlobRef stored, List<String> rcptTo, Instant receivedAt) {

    public Arrival {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(stored, "stored");
        rcptTo = List.copyOf(rcptTo);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** A stable name for what arrived: the digest of the stored bytes. */
    public String key() {
        return stored.sha256();
    }
}
