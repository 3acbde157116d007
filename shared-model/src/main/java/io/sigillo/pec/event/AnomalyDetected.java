package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incoming point received something that is not valid PEC: the receipt service wraps it in an anomaly
 * envelope for the recipients, so they see it is not certified.
 *
 * @param schemaVersion        version of this record's JSON form
 * @param eventId              unique per event
 * @param facts                what arrived, with the identifier this provider gives the anomaly
 * @param arrived              the message as it arrived
 * @param reason               why it is not valid PEC, in words
 * @param securityCheckFailed  true when its content failed a security check
 * @param recipients           the recipients this provider serves
 * @param receivedAt           when it arrived
 */
public record AnomalyDetected(int schemaVersion, String eventId, MessageFacts facts, BlobRef arrived, String reason,
        boolean securityCheckFailed, List<String> recipients, Instant receivedAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public AnomalyDetected {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(arrived, "arrived");
        reason = HeaderText.neutralised(Objects.requireNonNull(reason, "reason"));
        recipients = HeaderText.neutralisedAll(Objects.requireNonNull(recipients, "recipients"));
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
