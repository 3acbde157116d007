package io.sigillo.pec.event;

import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incoming point verified a transport envelope: the delivery point is to store it in the local recipients'
 * mailboxes, the receipt service to sign the take-in-charge receipt for the sending provider.
 *
 * @param schemaVersion          version of this record's JSON form
 * @param eventId                unique per event
 * @param facts                  the message's facts, from the envelope's daticert and headers
 * @param envelope               the signed envelope as received
 * @param original               the original it carries ({@code postacert.eml})
 * @param receiptType            the delivery receipt the sender asked for
 * @param recipients             the recipients this provider serves
 * @param sendingProviderMailbox where receipts for the sending provider go
 * @param receivedAt             when the envelope was received
 */
public record EnvelopeVerified(int schemaVersion, String eventId, MessageFacts facts, BlobRef envelope,
        BlobRef original, ReceiptType receiptType, List<String> recipients, String sendingProviderMailbox,
        Instant receivedAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public EnvelopeVerified {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(original, "original");
        receiptType = receiptType == null ? ReceiptType.COMPLETA : receiptType;
        recipients = HeaderText.neutralisedAll(Objects.requireNonNull(recipients, "recipients"));
        sendingProviderMailbox = HeaderText.neutralised(Objects.requireNonNull(sendingProviderMailbox,
                "sendingProviderMailbox"));
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
