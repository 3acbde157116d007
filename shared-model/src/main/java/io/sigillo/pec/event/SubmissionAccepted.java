package io.sigillo.pec.event;

import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.Objects;

/**
 * The access point accepted a submission: the receipt service is to sign the acceptance receipt and the
 * transport envelope.
 *
 * @param schemaVersion  version of this record's JSON form
 * @param eventId        unique per event, for idempotent consumers
 * @param facts          the message's facts, with its PEC identifier
 * @param original       the original message in the blob store
 * @param receiptType    the delivery receipt the sender asked for
 * @param acceptedAt     when it was accepted
 * @param submittedOver  how the owner submitted it (null before schema 2: not known)
 */
public record SubmissionAccepted(int schemaVersion, String eventId, MessageFacts facts, BlobRef original,
        ReceiptType receiptType, Instant acceptedAt, SubmissionChannel submittedOver) {

    /** The current schema version: 2 added {@code submittedOver}. */
    public static final int SCHEMA_VERSION = 2;

    public SubmissionAccepted {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        receiptType = receiptType == null ? ReceiptType.COMPLETA : receiptType;
    }
}
