package io.sigillo.support.smtp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many bytes of arrived messages an SMTP server holds whole at once (the incoming point verifies them, the
 * access point checks them): many large messages finishing together would otherwise exhaust the heap. A
 * transaction waits for its share; one that cannot have it in time is answered 451 and its sender retries.
 */
public final class MemoryBudget {

    private static final int KIB = 1024;

    private final Semaphore kibibytes;
    private final int total;
    private final Duration wait;

    public MemoryBudget(long bytes, Duration wait) {
        this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / KIB));
        this.kibibytes = new Semaphore(total, true);
        this.wait = wait;
    }

    /** A share for a message of {@code size} bytes (the whole budget at most), or empty when none came in time. */
    public Optional<Share> take(long size) throws InterruptedException {
        int wanted = (int) Math.min(total, Math.max(1, (size + KIB - 1) / KIB));
        if (!kibibytes.tryAcquire(wanted, wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(new Share(wanted));
    }

    /** Bytes free now, for tests and metrics. */
    public long available() {
        return (long) kibibytes.availablePermits() * KIB;
    }

    /** One transaction's share, given back when its verification is over. */
    public final class Share implements AutoCloseable {

        private final int held;
        private boolean released;

        private Share(int held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                kibibytes.release(held);
            }
        }
    }
}
