package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A stored body read as a stream whose digest and size are checked before its last bytes are handed out: a reader
 * of a body that no longer matches never gets all of it (a download stops short of its declared length), and
 * every read after the mismatch fails again.
 */
final class CheckedBlobStream extends FilterInputStream {

    private final BlobRef ref;
    private final MessageDigest sha = Sha256.digest();
    private long read;
    private boolean verified;
    private BlobIntegrityException failure;

    CheckedBlobStream(BlobRef ref, InputStream stored) {
        super(stored);
        this.ref = ref;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        int n = verified ? -1 : in.read(buffer, offset, length);
        if (n < 0) {
            verify();
            return -1;
        }
        sha.update(buffer, offset, n);
        read += n;
        if (read >= ref.size()) {
            // The last bytes of the body: they are handed out only once the whole body matches.
            verify();
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

    @Override
    public synchronized void mark(int limit) {
        // Not supported: a reset would read bytes into the digest twice.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("a stored body is read once, from its start");
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        boolean whole = read == ref.size() && in.read() < 0;
        if (!whole || !Sha256.hex(sha).equals(ref.sha256())) {
            failure = Sha256.mismatch(ref);
            throw failure;
        }
        verified = true;
    }
}
