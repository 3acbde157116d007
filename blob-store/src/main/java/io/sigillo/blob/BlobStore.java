package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

/** The claim-check store for message bodies: large content never travels on Kafka, a {@link BlobRef} does. */
public interface BlobStore {

    /** Stores the bytes (idempotently: the same bytes give the same reference) and returns their reference. */
    BlobRef put(byte[] content);

    /** Stores what the stream holds, reading it once, its digest computed while it is written. */
    BlobRef put(InputStream content) throws IOException;

    /**
     * Stores what {@code content} writes, as it writes it (a large body is never held whole), its digest computed
     * on the way. This default collects the bytes first; a store that keeps large bodies in parts streams them.
     */
    default BlobRef write(Content content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        return put(out.toByteArray());
    }

    /**
     * The bytes of a reference, checked against its SHA-256; empty when nothing is stored under it.
     *
     * @throws BlobIntegrityException when the stored bytes no longer match their digest
     */
    Optional<byte[]> get(BlobRef ref);

    /**
     * The bytes of a reference as a stream, for bodies too large to hold whole; empty when nothing is stored under
     * it. The caller closes it. Bytes that no longer match their digest throw {@link BlobIntegrityException}, at the
     * latest before the stream's last bytes are handed out. This default reads the body whole; a store that keeps
     * large bodies in parts streams them.
     */
    default Optional<InputStream> open(BlobRef ref) {
        return get(ref).map(ByteArrayInputStream::new);
    }

    /** True when the reference is stored. */
    boolean contains(BlobRef ref);

    /** A body that writes itself, for {@link #write(Content)}. */
    @FunctionalInterface
    interface Content {

        /** Writes the whole body to {@code out} (which it need not close). */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Removes up to {@code limit} bodies stored before {@code cutoff} that nothing references any more (ADR 0024);
     * returns how many went. A store that cannot see references keeps everything.
     */
    default int forgetUnreferenced(Instant cutoff, int limit) {
        return 0;
    }
}
