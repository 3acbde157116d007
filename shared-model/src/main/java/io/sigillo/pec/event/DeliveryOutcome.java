package io.sigillo.pec.event;

import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import java.time.Instant;
import java.util.Objects;

/**
 * The delivery point stored an envelope in one recipient's mailbox, or could not: the receipt service signs
 * the delivery receipt or the non-delivery notice for the sender. Since schema 2 it is also the log's record of the
 * delivery point's step (delivered or failed, ADR 0017); one for a virus comes from the incoming point, which logs
 * that step itself.
 *
 * @param schemaVersion version of this record's JSON form
 * @param eventId       unique per event
 * @param facts         the message's facts
 * @param original      the original message (for complete and short receipts); may be null for a failure
 * @param receiptType   the delivery receipt the sender asked for
 * @param recipient     the mailbox concerned
 * @param failure       null when delivered; otherwise why not
 * @param at            when it was delivered or failed
 */
public record DeliveryOutcome(int schemaVersion, String eventId, MessageFacts facts, BlobRef original,
        ReceiptType receiptType, String recipient, NonDeliveryReason failure, Instant at) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 2;

    /** The first schema whose outcomes are the delivery point's logged step, with no audit event of their own. */
    public static final int STEP_IN_ANNOUNCEMENT = 2;

    public DeliveryOutcome {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        if (failure == null) {
            Objects.requireNonNull(original, "original");
        }
        receiptType = receiptType == null ? ReceiptType.COMPLETA : receiptType;
        recipient = HeaderText.neutralised(Objects.requireNonNull(recipient, "recipient"));
        Objects.requireNonNull(at, "at");
    }

    /** True when the message reached the mailbox. */
    public boolean delivered() {
        return failure == null;
    }
}
