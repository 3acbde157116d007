package io.sigillo.pec.event;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A signed provider message whose bytes are in the blob store, on its way to mailboxes or other providers: signed
 * here by the receipt service (transport envelopes included), or received from another provider and verified by
 * the incoming point. One topic carries them all ({@link Topics#MESSAGE_SIGNED}), each with its routing decided.
 *
 * @param schemaVersion   version of this record's JSON form
 * @param eventId         unique per event
 * @param identifier      the PEC identifier of the message it concerns (the Kafka key)
 * @param type            which provider message
 * @param signedMessageId the signed message's own Message-ID (deterministic for receipts)
 * @param signed          the signed bytes in the blob store
 * @param routing         where it goes, split by who serves each address (empty when only the log keeps it)
 * @param signedAt        when it was signed (or, for one received from another provider, received)
 * @param issuer          the domain of the provider that signed it
 * @param concerning      the recipients of the original it reports on (a receipt's or notice's
 *                        {@code consegna}/{@code ricezione}); empty for envelopes and for acceptance
 * @param facts           the original message's facts, as the signed content states them
 * @param original        transport envelopes only: the original it carries, as accepted (null otherwise)
 * @param receiptType     transport envelopes only: the delivery receipt the sender asked for (null otherwise)
 * @param detail          signed here: what the log records beside the step of issuing it (the recipient a receipt
 *                        is for, a refusal's reason; null when there is nothing to add or it was received)
 */
public record ProviderMessageSigned(int schemaVersion, String eventId, MessageIdentifier identifier, PecType type,
        MessageIdentifier signedMessageId, BlobRef signed, Routing routing, Instant signedAt, String issuer,
        List<String> concerning, MessageFacts facts, BlobRef original, ReceiptType receiptType, String detail) {

    /**
     * The current schema version: 2 added issuer and concerning; 3 replaced deliverTo by routing and added facts,
     * original and receipt type, when envelopes joined the other signed messages on one topic; 4 added detail, when
     * the log began to record the step of issuing from this announcement instead of a separate audit event.
     */
    public static final int SCHEMA_VERSION = 4;

    /** The first version whose announcements the log turns into the step of issuing (ADR 0017). */
    public static final int STEP_IN_ANNOUNCEMENT = 4;

    public ProviderMessageSigned {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(signedMessageId, "signedMessageId");
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(facts, "facts");
        routing = routing == null ? Routing.NOWHERE : routing;
        concerning = HeaderText.neutralisedAll(concerning);
        issuer = HeaderText.neutralised(issuer);
        detail = HeaderText.neutralised(detail);
        if (type == PecType.TRANSPORT_ENVELOPE) {
            Objects.requireNonNull(original, "original");
            receiptType = receiptType == null ? ReceiptType.COMPLETA : receiptType;
        }
    }

    /** True for a transport envelope of this provider's own sender. */
    public boolean isEnvelope() {
        return type == PecType.TRANSPORT_ENVELOPE;
    }
}
