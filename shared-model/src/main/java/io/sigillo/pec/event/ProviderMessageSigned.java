package io.sigillo.pec.event;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A signed provider message whose bytes are in the blob store, on its way to mailboxes or another provider:
 * signed here by the receipt service, or received from another provider and verified by the incoming point.
 *
 * @param schemaVersion   version of this record's JSON form
 * @param eventId         unique per event
 * @param identifier      the PEC identifier of the message it concerns (the Kafka key)
 * @param type            which provider message
 * @param signedMessageId the signed message's own Message-ID (deterministic for receipts)
 * @param signed          the signed bytes in the blob store
 * @param deliverTo       the addresses it goes to, here or at other providers (empty when only the log keeps it)
 * @param signedAt        when it was signed (or, for one received from another provider, received)
 * @param issuer          the domain of the provider that signed it
 * @param concerning      the recipients of the original it reports on (a receipt's or notice's
 *                        {@code consegna}/{@code ricezione}); empty for envelopes and for acceptance
 */
public record ProviderMessageSigned(int schemaVersion, String eventId, MessageIdentifier identifier, PecType type,
        MessageIdentifier signedMessageId, BlobRef signed, List<String> deliverTo, Instant signedAt, String issuer,
        List<String> concerning) {

    /** The current schema version: 2 added issuer and concerning. */
    public static final int SCHEMA_VERSION = 2;

    public ProviderMessageSigned {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(signedMessageId, "signedMessageId");
        Objects.requireNonNull(signed, "signed");
        deliverTo = deliverTo == null ? List.of() : List.copyOf(deliverTo);
        concerning = concerning == null ? List.of() : List.copyOf(concerning);
    }
}
