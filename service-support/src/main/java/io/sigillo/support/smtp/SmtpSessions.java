package io.sigillo.support.smtp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Limits and counts SMTP sessions (connections), as opposed to the transactions {@code sigillo.smtp.messages}
 * counts. A client address gets a share of the sessions at once (subethasmtp's limiter by source, 421 beyond it)
 * and a session lasts at most its time, however busy it keeps itself: a sender that trickles a byte at a time is
 * told 421 and disconnected then. Counted: {@code sigillo.smtp.sessions} in all, {@code .active} open now,
 * {@code .refused} turned away for their address, {@code .expired} cut at their time.
 */
public final class SmtpSessions implements SessionHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSessions.class);

    private final SessionHandler limit;
    private final Duration maxSessionTime;
    private final ScheduledExecutorService deadlines;
    private final Map<Session, ScheduledFuture<?>> open = new ConcurrentHashMap<>();
    private final Counter sessions;
    private final Counter refused;
    private final Counter expired;
    private final AtomicInteger active = new AtomicInteger();

    public SmtpSessions(MeterRegistry meters, int maxPerClient, Duration maxSessionTime) {
        this.limit = SessionHandler.limitConcurrentSessionsBySource(maxPerClient);
        this.maxSessionTime = maxSessionTime;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = Executors.defaultThreadFactory().newThread(r);
            thread.setName("smtp-session-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Most sessions end long before their deadline: their tasks go with them.
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        this.sessions = meters.counter("sigillo.smtp.sessions");
        this.refused = meters.counter("sigillo.smtp.sessions.refused");
        this.expired = meters.counter("sigillo.smtp.sessions.expired");
        meters.gauge("sigillo.smtp.sessions.active", active);
    }

    @Override
    public SessionAcceptance accept(Session session) {
        SessionAcceptance acceptance = limit.accept(session);
        if (!acceptance.accepted()) {
            // A refused session is closed without onSessionEnd.
            refused.increment();
            return acceptance;
        }
        sessions.increment();
        active.incrementAndGet();
        open.put(session, deadlines.schedule(() -> expire(session), maxSessionTime.toMillis(),
                TimeUnit.MILLISECONDS));
        return acceptance;
    }

    @Override
    public void onSessionEnd(Session session) {
        limit.onSessionEnd(session);
        active.decrementAndGet();
        ScheduledFuture<?> deadline = open.remove(session);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** Closes a session that outlived its time; its thread sees the socket closed and ends it. */
    private void expire(Session session) {
        if (!open.containsKey(session)) {
            return;
        }
        expired.increment();
        LOG.warn("SMTP session from {} open for {}: closed", session.getRemoteAddress(), maxSessionTime);
        try {
            session.sendResponse("421 4.4.2 session lasted longer than " + maxSessionTime.toMinutes()
                    + " minutes; closing");
        } catch (IOException | RuntimeException e) {
            // The socket may be gone already: closing it is what matters.
        }
        try {
            session.closeSocket();
        } catch (IOException e) {
            LOG.debug("closing an expired SMTP session: {}", e.toString());
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }
}
