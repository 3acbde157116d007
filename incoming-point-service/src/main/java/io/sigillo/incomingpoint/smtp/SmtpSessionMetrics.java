package io.sigillo.incomingpoint.smtp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Counts SMTP sessions (connections), as opposed to the transactions {@code sigillo.smtp.messages} counts:
 * {@code sigillo.smtp.sessions} in all, {@code sigillo.smtp.sessions.active} open now, and
 * {@code sigillo.smtp.sessions.refused} turned away with 421 because their client address already had as many
 * open as it may (subethasmtp's limiter by source).
 */
final class SmtpSessionMetrics implements SessionHandler {

    private final SessionHandler limit;
    private final Counter sessions;
    private final Counter refused;
    private final AtomicInteger active = new AtomicInteger();

    SmtpSessionMetrics(MeterRegistry meters, int maxPerClient) {
        this.limit = SessionHandler.limitConcurrentSessionsBySource(maxPerClient);
        this.sessions = meters.counter("sigillo.smtp.sessions");
        this.refused = meters.counter("sigillo.smtp.sessions.refused");
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
        return acceptance;
    }

    @Override
    public void onSessionEnd(Session session) {
        limit.onSessionEnd(session);
        active.decrementAndGet();
    }
}
