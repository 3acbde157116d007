package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The incoming point found a virus in a verified transport envelope: nothing is delivered; the receipt service
 * signs a virus detection notice per recipient for the sending provider, which tells its sender.
 *
 * @param schemaVersion          version of this record's JSON form
 * @param eventId                unique per event
 * @param facts                  the message's facts
 * @param envelope               the envelope as received (kept for the log, never delivered)
 * @param recipients             the recipients this provider serves
 * @param sendingProviderMailbox where notices for the sending provider go
 * @param finding                what the scanner found
 * @param detectedAt             when
 */
public record VirusDetected(int schemaVersion, String eventId, MessageFacts facts, BlobRef envelope,
        List<String> recipients, String sendingProviderMailbox, String finding, Instant detectedAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public VirusDetected {
        eventId = HeaderText.neutralised(Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(envelope, "envelope");
        recipients = HeaderText.neutralisedAll(Objects.requireNonNull(recipients, "recipients"));
        sendingProviderMailbox = HeaderText.neutralised(Objects.requireNonNull(sendingProviderMailbox,
                "sendingProviderMailbox"));
        finding = HeaderText.neutralised(Objects.requireNonNull(finding, "finding"));
        Objects.requireNonNull(detectedAt, "detectedAt");
    }
}
