package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every blob store must do; each implementation's test extends this. */
public abstract class BlobStoreContract {

    /** The store under test. */
    protected abstract BlobStore store();

    /** Replaces the bytes stored under {@code ref} without touching its digest. */
    protected abstract void corrupt(BlobRef ref, byte[] content);

    @Test
    void storedBytesComeBackIdentical() {
        byte[] body = "From: a@b\r\n\r\nciao\r\n".getBytes(StandardCharsets.US_ASCII);

        BlobRef ref = store().put(body);

        assertThat(store().get(ref)).hasValueSatisfying(b -> assertThat(b).isEqualTo(body));
        assertThat(ref.size()).isEqualTo(body.length);
        assertThat(store().contains(ref)).isTrue();
    }

    @Test
    void theSameBytesStoredTwiceGiveTheSameReference() {
        byte[] body = "twice".getBytes(StandardCharsets.US_ASCII);

        assertThat(store().put(body)).isEqualTo(store().put(body.clone()));
    }

    @Test
    void aStreamIsStoredUnderTheDigestOfItsBytes() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(body);

        BlobRef fromStream = store().put(new ByteArrayInputStream(body));

        assertThat(fromStream).isEqualTo(store().put(body));
        assertThat(store().get(fromStream).orElseThrow()).isEqualTo(body);
    }

    @Test
    void aWrittenBodyIsStoredUnderTheDigestOfItsBytesAsItIsWritten() throws Exception {
        for (int length : new int[] {0, 7, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 17}) {
            byte[] body = new byte[length];
            new Random(length).nextBytes(body);

            BlobRef written = store().write(out -> {
                // Single bytes and uneven slices, as a MIME writer gives them.
                int at = 0;
                for (int n = 1; at < body.length; n = n * 3 % 70_001 + 1) {
                    if (n % 5 == 0) {
                        out.write(body[at++]);
                    } else {
                        int step = Math.min(n, body.length - at);
                        out.write(body, at, step);
                        at += step;
                    }
                }
            });

            assertThat(written).as("%d bytes", length).isEqualTo(store().put(body));
            assertThat(store().get(written).orElseThrow()).isEqualTo(body);
        }
    }

    @Test
    void anUnknownReferenceIsEmpty() {
        BlobRef unknown = new BlobRef("0".repeat(64), 3);

        assertThat(store().get(unknown)).isEmpty();
        assertThat(store().contains(unknown)).isFalse();
    }

    @Test
    void corruptedBytesAreRefusedNotReturned() {
        BlobRef ref = store().put("original".getBytes(StandardCharsets.US_ASCII));
        corrupt(ref, "tampered".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> store().get(ref)).isInstanceOf(BlobIntegrityException.class);
    }

    @Test
    void aLargeBodyIsReadBackAsAStreamIdenticalToWhatWasWritten() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024 + 3];
        new Random(2).nextBytes(body);

        BlobRef ref = store().put(new ByteArrayInputStream(body));

        try (InputStream in = store().open(ref).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        assertThat(store().get(ref).orElseThrow()).isEqualTo(body);
        assertThat(store().put(new ByteArrayInputStream(body))).as("stored once").isEqualTo(ref);
    }

    @Test
    void aSmallBodyOpensAsAStreamToo() throws Exception {
        byte[] body = "piccolo".getBytes(StandardCharsets.US_ASCII);

        try (InputStream in = store().open(store().put(body)).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void anUnknownReferenceOpensToNothing() {
        assertThat(store().open(new BlobRef("f".repeat(64), 3))).isEmpty();
    }

    @Test
    void aCorruptedBodyReadAsAStreamIsRefusedBeforeItsLastBytes() {
        BlobRef ref = store().put("original".getBytes(StandardCharsets.US_ASCII));
        corrupt(ref, "tampered".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream got = new ByteArrayOutputStream();

        assertThatThrownBy(() -> {
            try (InputStream in = store().open(ref).orElseThrow()) {
                in.transferTo(got);
            }
        }).isInstanceOf(BlobIntegrityException.class);
        assertThat(got.size()).as("never the whole body").isLessThan("tampered".length());
    }
}
