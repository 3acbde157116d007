package io.sigillo.pec.event;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The receipt service signed a provider message and stored its bytes.
 *
 * @param schemaVersion   version of this record's JSON form
 * @param eventId         unique per event
 * @param identifier      the PEC identifier of the message it concerns (the Kafka key)
 * @param type            which provider message
 * @param signedMessageId the signed message's own Message-ID (deterministic for receipts)
 * @param signed          the signed bytes in the blob store
 * @param deliverTo       the mailboxes it goes to (empty when it only goes to the provider's log)
 * @param signedAt        when it was signed
 */
public record ProviderMessageSigned(int schemaVersion, String eventId, MessageIdentifier identifier, PecType type,
        MessageIdentifier signedMessageId, BlobRef signed, List<String> deliverTo, Instant signedAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public ProviderMessageSigned {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(signedMessageId, "signedMessageId");
        Objects.requireNonNull(signed, "signed");
        deliverTo = deliverTo == null ? List.of() : List.copyOf(deliverTo);
    }
}
