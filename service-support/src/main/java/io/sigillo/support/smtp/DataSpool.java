package io.sigillo.support.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.output.DeferredFileOutputStream;

/**
 * The DATA of one SMTP transaction as it arrives: in memory up to a threshold, in a temporary file beyond it, so a
 * slow sender holds neither the heap nor a database connection while it trickles. Its size and the length of its
 * lines are measured on the way; nothing past the size limit is kept, nor anything once the disk that all spools
 * share ({@link Space}) is used up.
 */
public final class DataSpool implements Closeable {

    private static final int LF = '\n';
    private static final int CR = '\r';

    private final DeferredFileOutputStream spool;
    private final Space space;
    private long size;
    private long reserved;
    private boolean outOfSpace;
    private int longestLine;

    private DataSpool(int inMemory, Space space) {
        this.space = space;
        this.spool = DeferredFileOutputStream.builder().setThreshold(inMemory).setPrefix("sigillo-smtp-")
                .setSuffix(".eml").setDirectory(Path.of(System.getProperty("java.io.tmpdir")).toFile()).get();
    }

    /** Reads {@code data} to its end, keeping at most {@code maxSize} bytes (the caller sees when there were more). */
    public static DataSpool read(InputStream data, long maxSize, int inMemory, Space space) throws IOException {
        DataSpool spool = new DataSpool(inMemory, space);
        try {
            byte[] buffer = new byte[16 * 1024];
            int line = 0;
            for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == LF) {
                        spool.longestLine = Math.max(spool.longestLine, line);
                        line = 0;
                    } else if (b != CR) {
                        line++;
                    }
                }
                int kept = (int) Math.max(0, Math.min(n, maxSize - spool.size));
                if (kept > 0 && !spool.outOfSpace) {
                    if (space.take(kept)) {
                        spool.reserved += kept;
                        spool.spool.write(buffer, 0, kept);
                    } else {
                        spool.outOfSpace = true;
                    }
                }
                spool.size += n;
            }
            spool.longestLine = Math.max(spool.longestLine, line);
            spool.spool.close();
            return spool;
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /** Every byte the sender sent, those past the limit included. */
    public long size() {
        return size;
    }

    /** True when the spools' shared disk ran out before the message was whole: it was not kept. */
    public boolean outOfSpace() {
        return outOfSpace;
    }

    /** The longest line, without its CR LF. */
    public int longestLine() {
        return longestLine;
    }

    /** The message, read whole: the classifier works on it in memory. */
    public byte[] bytes() throws IOException {
        if (spool.isInMemory()) {
            return spool.getData();
        }
        return Files.readAllBytes(spool.getPath());
    }

    /** Removes the temporary file, if the message needed one. */
    @Override
    public void close() throws IOException {
        try {
            spool.close();
            if (!spool.isInMemory()) {
                Files.deleteIfExists(spool.getPath());
            }
        } finally {
            space.give(reserved);
            reserved = 0;
        }
    }

    /** For tests: where the message went beyond the threshold, or null while it is in memory. */
    Path file() {
        return spool.isInMemory() ? null : spool.getPath();
    }

    /** The bytes all spools may hold together: the temporary directory is small (an emptyDir in Kubernetes). */
    public static final class Space {

        private final AtomicLong free;

        public Space(long bytes) {
            this.free = new AtomicLong(bytes);
        }

        boolean take(long bytes) {
            long now;
            do {
                now = free.get();
                if (now < bytes) {
                    return false;
                }
            } while (!free.compareAndSet(now, now - bytes));
            return true;
        }

        void give(long bytes) {
            free.addAndGet(bytes);
        }

        /** Bytes free now. */
        public long free() {
            return free.get();
        }
    }
}
