package io.sigillo.architecture;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.function.Supplier;

/** What {@link TimeSourcesTest} must catch: every way here of reading the system clock, and three that are not. */
final class ReadsTheSystemClock {

    /** How many reads of the system clock this class makes. */
    static final int READS = 7;

    private ReadsTheSystemClock() {
    }

    static void reads() {
        Instant.now();
        LocalDate.now(ZoneOffset.UTC);
        ZonedDateTime.now();
        System.currentTimeMillis();
        new Date();
        Clock.systemUTC();
        Supplier<Instant> later = Instant::now;
        later.get();
    }

    static void readsNothing(Clock clock) {
        Instant.now(clock);
        System.nanoTime();
        new Date(0L);
    }
}
