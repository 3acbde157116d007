package io.sigillo.auditlog.receipts;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.message.ReceiptReproduction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Reproduces a receipt this provider issued, from its signed bytes kept in the blob store: a new message signed
 * now by the provider, with the original's facts and text (see {@link ReceiptReproduction}); each reproduction
 * is kept and logged.
 */
@Service
public class Reproductions {

    /** No such receipt issued here. */
    public static class UnknownReceiptException extends RuntimeException {
        public UnknownReceiptException(String detail) {
            super(detail);
        }
    }

    /** A receipt that cannot be reproduced here, with why. */
    public static class NotReproducibleException extends RuntimeException {
        public NotReproducibleException(String detail) {
            super(detail);
        }
    }

    /** A reproduction, kept in the blob store as {@code copy}, and what it reproduces. */
    public record Reproduction(IssuedMessages.Issued original, BlobRef copy) {
    }

    private final IssuedMessages issued;
    private final BlobStore blobs;
    private final LogChain chain;
    private final ProviderKey key;
    private final ReceiptReproduction reproduction;
    private final Clock clock;

    public Reproductions(IssuedMessages issued, BlobStore blobs, LogChain chain, ProviderKey key, Clock clock) {
        this.issued = issued;
        this.blobs = blobs;
        this.chain = chain;
        this.key = key;
        this.clock = clock;
        this.reproduction = key.signer().map(signer -> new ReceiptReproduction(signer, key.provider())).orElse(null);
    }

    /** The reproduction of {@code receiptId}, made for {@code requestedBy}. */
    public Reproduction reproduce(String receiptId, String requestedBy) {
        IssuedMessages.Issued original = issued.find(receiptId).orElseThrow(() -> new UnknownReceiptException(
                "this provider issued no receipt with Message-ID " + receiptId));
        if (!original.ours()) {
            throw new NotReproducibleException(receiptId + " was issued by " + original.issuer()
                    + ": only that provider can reproduce it");
        }
        if (reproduction == null) {
            throw new NotReproducibleException("no signing key is configured (sigillo.signing.keystore-path)");
        }
        byte[] bytes = blobs.get(original.signed()).orElseThrow(() -> new NotReproducibleException(
                "the signed bytes of " + receiptId + " are no longer kept"));
        Instant now = clock.instant();
        BlobRef copy;
        try {
            // Signed straight into the store: a complete delivery receipt carries the original, up to 100 MB.
            copy = blobs.write(out -> reproduction.reproduce(bytes, now, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chain.append(new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), original.identifier(),
                null, AuditEventType.REPRODUCTION_ISSUED, "admin:" + requestedBy, key.provider().domain(), null,
                original.concerning(), null, List.of(receiptId), "reproduction of the " + original.type()
                        + " " + receiptId + " for " + requestedBy, now));
        return new Reproduction(original, copy);
    }
}
