package io.sigillo.deliverypoint.imap;

import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * The delivery point's IMAP sessions with Dovecot, kept open between uses, one mailbox each (a master login is a
 * login as that mailbox). Opening one costs a TLS handshake on both sides, a passdb call back to the delivery point
 * and a Dovecot process, which made a delivery cost several times what storing it does (performance.md, step 10);
 * so a session is reused for {@code keepAlive} after its last use, and no more than {@code maxIdle} wait at once.
 * A kept session is lent without asking Dovecot first whether it still answers (a NOOP was a round trip per use,
 * performance.md, step 14): its borrower finds out, and repeats on a new session ({@link Lease#reused()}).
 */
final class MasterSessions implements AutoCloseable {

    /** Opens a session as a mailbox. */
    @FunctionalInterface
    interface Opener {
        IMAPStore open(String mailbox) throws MessagingException;
    }

    /** A session lent out: given back on close, unless it was marked broken. */
    final class Lease implements AutoCloseable {
        private final String mailbox;
        private final IMAPStore store;
        private final boolean reused;
        private boolean broken;

        private Lease(String mailbox, IMAPStore store, boolean reused) {
            this.mailbox = mailbox;
            this.store = store;
            this.reused = reused;
        }

        IMAPStore store() {
            return store;
        }

        /** True when the session was kept from before: Dovecot may have closed it since (a restart, a kick). */
        boolean reused() {
            return reused;
        }

        /** The session's state is not known (an operation failed midway): it is closed, not reused. */
        void broken() {
            broken = true;
        }

        @Override
        public void close() {
            giveBack(mailbox, store, broken);
        }
    }

    private record Idle(IMAPStore store, Instant since) {
    }

    private final Opener opener;
    private final Duration keepAlive;
    private final int maxIdle;
    private final Clock clock;
    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private int idleCount;
    private int opened;

    MasterSessions(Opener opener, Duration keepAlive, int maxIdle, Clock clock) {
        this.opener = opener;
        this.keepAlive = keepAlive;
        this.maxIdle = maxIdle;
        this.clock = clock;
    }

    /** A session as {@code mailbox}: the one kept from before that was used last, else a new one. */
    Lease lease(String mailbox) throws MessagingException {
        Idle kept = take(mailbox);
        return kept == null ? fresh(mailbox) : new Lease(mailbox, kept.store(), true);
    }

    /** A new session as {@code mailbox}, for a use that must not meet a session Dovecot closed. */
    Lease fresh(String mailbox) throws MessagingException {
        IMAPStore store = opener.open(mailbox);
        synchronized (this) {
            opened++;
        }
        return new Lease(mailbox, store, false);
    }

    /** Closes the sessions unused for longer than the keep-alive; called every little while. */
    void closeIdle() {
        Instant before = clock.instant().minus(keepAlive);
        Deque<IMAPStore> stale = new ArrayDeque<>();
        synchronized (this) {
            for (Iterator<Deque<Idle>> queues = idle.values().iterator(); queues.hasNext(); ) {
                Deque<Idle> queue = queues.next();
                queue.removeIf(i -> {
                    boolean old = i.since().isBefore(before);
                    if (old) {
                        stale.add(i.store());
                        idleCount--;
                    }
                    return old;
                });
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
        stale.forEach(MasterSessions::quietly);
    }

    /** How many sessions wait to be reused now. */
    synchronized int idle() {
        return idleCount;
    }

    /** How many sessions were opened since the start. */
    synchronized int opened() {
        return opened;
    }

    @Override
    public void close() {
        Deque<IMAPStore> all = new ArrayDeque<>();
        synchronized (this) {
            idle.values().forEach(queue -> queue.forEach(i -> all.add(i.store())));
            idle.clear();
            idleCount = 0;
        }
        all.forEach(MasterSessions::quietly);
    }

    private synchronized Idle take(String mailbox) {
        Deque<Idle> queue = idle.get(mailbox);
        if (queue == null || queue.isEmpty()) {
            return null;
        }
        // The most recently used: the likeliest to be alive, and the others age out.
        Idle kept = queue.pollLast();
        idleCount--;
        if (queue.isEmpty()) {
            idle.remove(mailbox);
        }
        return kept;
    }

    private void giveBack(String mailbox, IMAPStore store, boolean broken) {
        // Not asked whether it still answers: the next lease asks, and a session that failed is marked broken.
        if (!broken) {
            synchronized (this) {
                if (idleCount < maxIdle) {
                    idle.computeIfAbsent(mailbox, m -> new ArrayDeque<>()).addLast(new Idle(store, clock.instant()));
                    idleCount++;
                    return;
                }
            }
        }
        quietly(store);
    }

    private static void quietly(IMAPStore store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // A session that is going anyway: nothing to do about it.
        }
    }
}
