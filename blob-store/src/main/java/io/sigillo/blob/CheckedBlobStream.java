package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A stored body read as a stream, its digest and size checked as it ends: a mismatch is never read to the end. */
final class CheckedBlobStream extends FilterInputStream {

    private final BlobRef ref;
    private final MessageDigest sha = Sha256.digest();
    private long read;
    private boolean checked;

    CheckedBlobStream(BlobRef ref, InputStream stored) {
        super(stored);
        this.ref = ref;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            check();
        } else {
            sha.update((byte) b);
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            check();
        } else {
            sha.update(buffer, offset, n);
            read += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes still go through the digest.
        byte[] scratch = new byte[(int) Math.max(0, Math.min(n, 8192))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        if (read != ref.size() || !HexFormat.of().formatHex(sha.digest()).equals(ref.sha256())) {
            throw new BlobIntegrityException("stored body " + ref.sha256() + " does not match its digest");
        }
    }
}
