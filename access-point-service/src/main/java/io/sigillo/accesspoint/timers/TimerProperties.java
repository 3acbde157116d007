package io.sigillo.accesspoint.timers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sender-side time limits ({@code sigillo.timers.*}).
 *
 * @param warningAfter  no take-in-charge nor delivery receipt by then: the non-delivery warning (rules: 12 h)
 * @param timeoutAfter  no delivery receipt by then: the final notice (rules: within 24 h, not before 22 h)
 * @param sweepInterval how often the clocks are checked
 * @param batchSize     how many expired clocks one sweep handles per kind
 * @param keptFor       how long a clock is kept after it began (30 days, as long as the incoming point expects
 *                      receipts); an envelope signed longer ago than this, replayed, starts none
 */
@ConfigurationProperties("sigillo.timers")
public record TimerProperties(Duration warningAfter, Duration timeoutAfter, Duration sweepInterval,
        Integer batchSize, Duration keptFor) {

    public TimerProperties {
        warningAfter = warningAfter == null ? Duration.ofHours(12) : warningAfter;
        timeoutAfter = timeoutAfter == null ? Duration.ofHours(23) : timeoutAfter;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(30) : sweepInterval;
        batchSize = batchSize == null ? 200 : batchSize;
        keptFor = keptFor == null ? Duration.ofDays(30) : keptFor;
        if (warningAfter.compareTo(timeoutAfter) >= 0) {
            throw new IllegalArgumentException("sigillo.timers.warning-after must be shorter than timeout-after");
        }
        if (keptFor.compareTo(timeoutAfter) <= 0) {
            throw new IllegalArgumentException("sigillo.timers.kept-for must be longer than timeout-after");
        }
    }
}
