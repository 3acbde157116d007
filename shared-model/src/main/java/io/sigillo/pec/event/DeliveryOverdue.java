package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.Objects;

/**
 * The sender-side clock ran out for one certified recipient: the receipt service signs the 12-hour non-delivery
 * warning or the final non-delivery notice for timeout, for the sender.
 *
 * @param schemaVersion version of this record's JSON form
 * @param eventId       unique per event
 * @param facts         the message's facts
 * @param recipient     the recipient nothing arrived for
 * @param kind          warning (no take-in-charge nor delivery) or timeout (no delivery)
 * @param acceptedAt    when the clock started
 * @param at            when it ran out
 */
public record DeliveryOverdue(int schemaVersion, String eventId, MessageFacts facts, String recipient, Kind kind,
        Instant acceptedAt, Instant at) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    /** Which limit ran out. */
    public enum Kind { WARNING, TIMEOUT }

    public DeliveryOverdue {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        recipient = HeaderText.neutralised(Objects.requireNonNull(recipient, "recipient"));
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(at, "at");
    }
}
