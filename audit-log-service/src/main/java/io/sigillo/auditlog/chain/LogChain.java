package io.sigillo.auditlog.chain;

import io.sigillo.pec.event.AuditEvent;
import io.sigillo.support.jdbc.PgArrays;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends events to the log's monthly hash chains: each event once, in the month it is recorded, linked to the
 * previous event of that month. Appends to one month are serialised on its chain head, so the chain has one
 * order whatever the number of consumers.
 */
@Component
public class LogChain {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final LogPartitions partitions;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public LogChain(JdbcClient jdbc, JdbcTemplate batches, LogPartitions partitions, TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.partitions = partitions;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Stores an event once; a redelivered event is ignored. Returns true when it was new. */
    public boolean append(AuditEvent e) {
        return append(e, clock.instant());
    }

    /** Stores an event as recorded at {@code recordedAt} (the legacy import keeps the original time). */
    boolean append(AuditEvent e, Instant recordedAt) {
        return appendAll(List.of(e), recordedAt, () -> { }) == 1;
    }

    /**
     * Stores events in their order, each once (redelivered ones and repeats within the list are left out), in one
     * transaction: what a batch of the topic brings. Returns how many were new.
     */
    public int appendAll(List<AuditEvent> events) {
        return appendAll(events, clock.instant(), () -> { });
    }

    /**
     * Stores events as {@link #appendAll(List)} does, in one transaction with what {@code alongside} writes, so that
     * a record and its step in the log are stored together or not at all.
     */
    public int appendAll(List<AuditEvent> events, Runnable alongside) {
        return appendAll(events, clock.instant(), alongside);
    }

    private int appendAll(List<AuditEvent> events, Instant recordedAt, Runnable alongside) {
        Instant recorded = recordedAt.truncatedTo(ChronoUnit.MICROS);
        LocalDate month = LogPartitions.monthOf(recorded);
        // Outside the transaction: a partition created in one that rolls back would be remembered as there.
        partitions.ensure(month);
        Integer appended = transactions.execute(tx -> {
            alongside.run();
            return events.isEmpty() ? 0 : appendInChain(events, month, recorded);
        });
        return appended == null ? 0 : appended;
    }

    private int appendInChain(List<AuditEvent> events, LocalDate month, Instant recorded) {
        Date day = Date.valueOf(month);
        Set<String> fresh = new HashSet<>(jdbc.sql("""
                INSERT INTO audit_event_ids (event_id, month) SELECT id, ? FROM unnest(?::text[]) AS id
                ON CONFLICT DO NOTHING RETURNING event_id""")
                .params(day, PgArrays.literal(events.stream().map(AuditEvent::eventId).toList()))
                .query(String.class).list());
        if (fresh.isEmpty()) {
            return 0;
        }
        jdbc.sql("INSERT INTO chain_heads (month, chain_seq, hash) VALUES (?, 0, ?) ON CONFLICT DO NOTHING")
                .params(day, LoggedEvent.genesis(month)).update();
        ChainHead head = jdbc.sql("SELECT chain_seq, hash FROM chain_heads WHERE month = ? FOR UPDATE").param(day)
                .query((rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2))).single();
        List<Object[]> rows = new ArrayList<>();
        for (AuditEvent e : events) {
            if (!fresh.remove(e.eventId())) {
                continue;
            }
            LoggedEvent row = new LoggedEvent(month, head.seq() + 1, e.eventId(), e.identifier(),
                    e.originalMessageId(), e.type().name(), e.actor(), e.provider(), e.sender(), e.recipients(),
                    e.subject(), e.issuedMessageIds(), e.detail(), e.occurredAt().truncatedTo(ChronoUnit.MICROS),
                    recorded);
            String hash = row.hash(head.hash());
            rows.add(new Object[] {day, row.chainSeq(), row.eventId(), row.identifier(), row.originalMessageId(),
                row.type(), row.actor(), row.provider(), row.sender(), PgArrays.literal(row.recipients()),
                row.subject(), PgArrays.literal(row.issuedMessageIds()), row.detail(),
                Timestamp.from(row.occurredAt()), Timestamp.from(row.recordedAt()), head.hash(), hash});
            head = new ChainHead(row.chainSeq(), hash);
        }
        batches.batchUpdate("""
                INSERT INTO audit_events (month, chain_seq, event_id, identifier, original_message_id, type, actor,
                    provider, sender, recipients, subject, issued_message_ids, detail, occurred_at, recorded_at,
                    prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?::text[], ?, ?, ?, ?, ?)""", rows);
        jdbc.sql("UPDATE chain_heads SET chain_seq = ?, hash = ? WHERE month = ?").params(head.seq(), head.hash(), day)
                .update();
        return rows.size();
    }

    /** A month's last link. */
    record ChainHead(long seq, String hash) {
    }

    /** The events a month's chain holds, for tests and tools. */
    public List<String> eventIds(LocalDate month) {
        return jdbc.sql("SELECT event_id FROM audit_events WHERE month = ? ORDER BY chain_seq")
                .param(Date.valueOf(month)).query(String.class).list();
    }
}
