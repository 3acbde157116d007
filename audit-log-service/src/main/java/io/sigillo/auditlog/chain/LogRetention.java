package io.sigillo.auditlog.chain;

import io.sigillo.auditlog.receipts.IssuedMessages;
import io.sigillo.blob.BlobStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the log exactly as long as the rules ask (30 months): creates the coming months' partitions ahead of
 * time, drops a month, whole, once its newest possible event is older than the retention period, and then lets the
 * blob store forget the bodies of that age nothing references any more.
 */
@Component
public class LogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    /** Bodies forgotten per statement, so no one statement holds the blob store's rows for long. */
    private static final int BLOB_BATCH = 10_000;

    private final LogPartitions partitions;
    private final IssuedMessages issued;
    private final BlobStore blobs;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int retentionMonths;
    private final int monthsAhead;

    public LogRetention(LogPartitions partitions, IssuedMessages issued, BlobStore blobs,
            TransactionTemplate transactions, Clock clock, @Value("${sigillo.log.retention-months:30}") int retentionMonths,
            @Value("${sigillo.log.months-ahead:2}") int monthsAhead) {
        if (retentionMonths < 30) {
            throw new IllegalArgumentException("sigillo.log.retention-months must be at least 30 (the rules' minimum)");
        }
        this.partitions = partitions;
        this.issued = issued;
        this.blobs = blobs;
        this.transactions = transactions;
        this.clock = clock;
        this.retentionMonths = retentionMonths;
        this.monthsAhead = monthsAhead;
    }

    /**
     * Daily, and at start-up: partitions ahead, then retention. Returns the months dropped. Replicas take turns
     * (a transaction-scoped advisory lock), so two never create or drop the same partition at once.
     */
    @Scheduled(initialDelay = 0, fixedDelayString = "${sigillo.log.retention-interval:1d}")
    public List<LocalDate> maintain() {
        List<LocalDate> dropped = transactions.execute(tx -> {
            partitions.lockMaintenance();
            return maintainLocked();
        });
        forgetBodies();
        return dropped;
    }

    /**
     * Once the log has let go of its older signed messages (committed, so the blob store no longer sees them
     * referenced), the bodies stored before the retention period that nothing references any more go too (ADR 0024).
     */
    private void forgetBodies() {
        Instant keepFrom = clock.instant().atZone(ZoneOffset.UTC).minusMonths(retentionMonths).toInstant();
        int forgotten = 0;
        int batch;
        do {
            batch = blobs.forgetUnreferenced(keepFrom, BLOB_BATCH);
            forgotten += batch;
        } while (batch == BLOB_BATCH);
        if (forgotten > 0) {
            LOG.info("Retention: forgot {} message bodies stored before {} that nothing references", forgotten,
                    keepFrom);
        }
    }

    private List<LocalDate> maintainLocked() {
        Instant now = clock.instant();
        LocalDate current = LogPartitions.monthOf(now);
        for (int i = 0; i <= monthsAhead; i++) {
            partitions.ensure(current.plusMonths(i));
        }
        Instant keepFrom = now.atZone(ZoneOffset.UTC).minusMonths(retentionMonths).toInstant();
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate month : partitions.months()) {
            // A month goes when even its last instant is older than the retention period.
            if (!month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(keepFrom)) {
                partitions.drop(month);
                dropped.add(month);
                LOG.info("Log retention: dropped {} (older than {} months)", month, retentionMonths);
            }
        }
        int forgotten = issued.forgetBefore(keepFrom);
        if (forgotten > 0) {
            LOG.info("Log retention: forgot {} signed messages recorded before {}", forgotten, keepFrom);
        }
        return dropped;
    }
}
