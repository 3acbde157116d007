package io.sigillo.pec.event;

import io.sigillo.pec.format.PecError;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.Objects;

/**
 * The access point refused a submission: the receipt service is to sign the non-acceptance notice.
 *
 * @param schemaVersion version of this record's JSON form
 * @param eventId       unique per event
 * @param facts         what could be read of the message, with the identifier it was given
 * @param error         the daticert error class
 * @param reason        why, in Italian, for the notice
 * @param rejectedAt    when
 */
public record SubmissionRejected(int schemaVersion, String eventId, MessageFacts facts, PecError error, String reason,
        Instant rejectedAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public SubmissionRejected {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        reason = HeaderText.neutralised(Objects.requireNonNull(reason, "reason"));
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
