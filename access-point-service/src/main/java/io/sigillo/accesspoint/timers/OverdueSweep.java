package io.sigillo.accesspoint.timers;

import io.sigillo.pec.event.DeliveryOverdue;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.KeyedPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the clocks: every recipient past its warning or timeout limit is announced on
 * pec.delivery.overdue, and its clock marked, in one transaction per batch, so a crash between the two
 * announces again (the receipt's derived Message-ID makes the repeat harmless) but never loses one. Clocks that
 * ended are forgotten after {@code sigillo.timers.kept-for}.
 */
@Component
public class OverdueSweep {

    private static final Logger LOG = LoggerFactory.getLogger(OverdueSweep.class);

    /** Clocks forgotten per statement: each a short transaction, so the sweep never holds the table long. */
    private static final int FORGOTTEN_PER_STATEMENT = 10_000;

    private final DeliveryTimers timers;
    private final KeyedPublisher publisher;
    private final TimerProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public OverdueSweep(DeliveryTimers timers, KeyedPublisher publisher, TimerProperties properties,
            TransactionTemplate transactions, Clock clock) {
        this.timers = timers;
        this.publisher = publisher;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One pass: warnings first, then timeouts; scheduled, and callable from tests. */
    @Scheduled(fixedDelayString = "${sigillo.timers.sweep-interval:30s}")
    public void sweep() {
        Instant now = clock.instant();
        sweep(DeliveryOverdue.Kind.WARNING, now.minus(properties.warningAfter()), now);
        sweep(DeliveryOverdue.Kind.TIMEOUT, now.minus(properties.timeoutAfter()), now);
    }

    private void sweep(DeliveryOverdue.Kind kind, Instant deadline, Instant now) {
        int handled;
        do {
            handled = transactions.execute(tx -> {
                var expired = timers.expire(kind, deadline, now, properties.batchSize());
                for (DeliveryTimers.Expired e : expired) {
                    publisher.publish(Topics.DELIVERY_OVERDUE, e.facts().identifier().value(),
                            new DeliveryOverdue(DeliveryOverdue.SCHEMA_VERSION, UUID.randomUUID().toString(),
                                    e.facts(), e.recipient(), kind, e.acceptedAt(), now));
                    LOG.info("{} for {} to {}: accepted {}", kind, e.facts().identifier(), e.recipient(),
                            e.acceptedAt());
                }
                return expired.size();
            });
        } while (handled == properties.batchSize());
    }

    /** Forgets the clocks that ended and began more than {@code kept-for} ago (an hour after the start, then daily). */
    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "P1D")
    public int forgetEnded() {
        Instant cutoff = clock.instant().minus(properties.keptFor());
        int total = 0;
        int forgotten;
        do {
            forgotten = timers.forgetEnded(cutoff, FORGOTTEN_PER_STATEMENT);
            total += forgotten;
        } while (forgotten == FORGOTTEN_PER_STATEMENT);
        LOG.info("forgot {} clocks that ended, begun before {}", total, cutoff);
        return total;
    }
}
