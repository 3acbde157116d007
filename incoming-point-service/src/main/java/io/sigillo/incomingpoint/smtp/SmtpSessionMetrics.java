package io.sigillo.incomingpoint.smtp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Counts SMTP sessions (connections), as opposed to the transactions {@code sigillo.smtp.messages} counts:
 * {@code sigillo.smtp.sessions} in all, {@code sigillo.smtp.sessions.active} open now. Accepts every session.
 */
final class SmtpSessionMetrics implements SessionHandler {

    private final Counter sessions;
    private final AtomicInteger active = new AtomicInteger();

    SmtpSessionMetrics(MeterRegistry meters) {
        this.sessions = meters.counter("sigillo.smtp.sessions");
        meters.gauge("sigillo.smtp.sessions.active", active);
    }

    @Override
    public SessionAcceptance accept(Session session) {
        sessions.increment();
        active.incrementAndGet();
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        active.decrementAndGet();
    }
}
