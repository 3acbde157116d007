package io.sigillo.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests of time limits: the tests' time ({@link TestTime#now()}), moved forward by {@link #advance} or
 * pinned by {@link #set}, so hours and months pass without waiting for them.
 */
public final class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Instant> pinned = new AtomicReference<>();

    /** Moves time forward by {@code by}. */
    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /** From now on the clock says {@code at}. */
    public void set(Instant at) {
        pinned.set(at);
    }

    /** Back to the tests' time. */
    public void reset() {
        pinned.set(null);
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        Instant at = pinned.get();
        return at != null ? at : TestTime.now().plus(offset.get());
    }
}
