package io.sigillo.infra;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAmount;

/**
 * The tests' one "now": the real time moved by the system property {@value #SHIFT_PROPERTY}, an ISO-8601 period
 * ({@code P2Y}, {@code -P1Y}, {@code P3M}) or duration ({@code PT36H}), so the whole suite can run as if on another
 * day. Every date a test makes, and every clock it gives a service, starts from here.
 */
public final class TestTime {

    /** The system property that moves the tests' time (Maven: {@code -Dsigillo.test.shift=P2Y}). */
    public static final String SHIFT_PROPERTY = "sigillo.test.shift";

    private static final TemporalAmount SHIFT = shift(System.getProperty(SHIFT_PROPERTY, ""));
    private static final Instant START = now();
    private static final Clock CLOCK = new Clock() {
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
            return now();
        }
    };

    private TestTime() {
    }

    /** The tests' current instant: the real one, shifted. */
    public static Instant now() {
        // The one place tests read the system clock.
        return ZonedDateTime.now(Clock.systemUTC()).plus(SHIFT).toInstant();
    }

    /**
     * The tests' instant when this JVM started. Dates derived from it stay the same for the whole run, so a run
     * that crosses midnight or a month's end still gives every test the month it expects.
     */
    public static Instant start() {
        return START;
    }

    /** A clock that ticks in the tests' time. */
    public static Clock clock() {
        return CLOCK;
    }

    /**
     * The 10th, 09:00 UTC, of the month {@code months} before {@link #start()}'s: a test that owns that month
     * writes there, away from the current month where the services record what they see.
     */
    public static Instant monthsAgo(int months) {
        return START.atZone(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(months).withDayOfMonth(10)
                .withHour(9).withMinute(0).withSecond(0).withNano(0).toInstant();
    }

    /** The shift in force: {@link Period#ZERO} unless {@value #SHIFT_PROPERTY} is set. */
    public static TemporalAmount shift() {
        return SHIFT;
    }

    static TemporalAmount shift(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return Period.ZERO;
        }
        try {
            return text.contains("T") ? Duration.parse(text) : Period.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(SHIFT_PROPERTY + " must be an ISO-8601 period or duration such as "
                    + "P2Y, -P1Y, P3M or PT36H, not \"" + value + "\"", e);
        }
    }
}
