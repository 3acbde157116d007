package io.sigillo.deliverypoint.mailbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets, daily, the deletions older than 30 months: by then a copy sent again is refused before it reaches a
 * mailbox (an envelope's signing certificate has expired, a receipt is no longer expected).
 */
@Component
public class DeletionRetention {

    private static final Logger LOG = LoggerFactory.getLogger(DeletionRetention.class);
    private static final int MONTHS = 30;

    private final MailboxMessages messages;
    private final Clock clock;

    public DeletionRetention(MailboxMessages messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    /** Returns how many deletions were forgotten. */
    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "P1D")
    public int forgetOld() {
        Instant cutoff = clock.instant().atZone(ZoneOffset.UTC).minusMonths(MONTHS).toInstant();
        int forgotten = messages.forgetDeletionsBefore(cutoff);
        LOG.info("forgot {} mailbox deletions made before {}", forgotten, cutoff);
        return forgotten;
    }
}
