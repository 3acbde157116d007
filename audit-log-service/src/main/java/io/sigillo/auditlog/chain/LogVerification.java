package io.sigillo.auditlog.chain;

import io.sigillo.support.jdbc.PgArrays;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Re-walks the monthly hash chains: recomputes every row's hash from its content and the previous row's hash,
 * checks the sequence has no gap, that the chain ends where its recorded head says, and that every seal is a
 * valid signature of this provider over a link that is really in the chain. Reports the first broken link.
 */
@Service
public class LogVerification {

    /** Where the chain breaks: the month, the position and event, and what is wrong. */
    public record BrokenLink(LocalDate month, long chainSeq, String eventId, String reason) {
    }

    /** One month's result. */
    public record MonthReport(LocalDate month, long events, long sealedUpTo, boolean intact) {
    }

    /** The whole result: intact when no link is broken. */
    public record Report(LocalDate from, LocalDate to, boolean intact, List<MonthReport> months,
            BrokenLink firstBrokenLink) {
    }

    private final JdbcClient jdbc;
    private final LogPartitions partitions;
    private final LogSeals seals;

    public LogVerification(JdbcClient jdbc, LogPartitions partitions, LogSeals seals) {
        this.jdbc = jdbc;
        this.partitions = partitions;
        this.seals = seals;
    }

    /**
     * Verifies the months from {@code from} to {@code to}, both included. A month without events between two that
     * have some is broken: a provider logs every month, and a month dropped whole takes its head and seals with it.
     */
    public Report verify(LocalDate from, LocalDate to) {
        TreeMap<LocalDate, MonthWalk> walks = new TreeMap<>();
        for (LocalDate month : partitions.months()) {
            if (!month.isBefore(from) && !month.isAfter(to)) {
                walks.put(month, walk(month));
            }
        }
        List<LocalDate> logged = walks.values().stream().filter(w -> w.events > 0).map(w -> w.month).toList();
        List<MonthReport> months = new ArrayList<>();
        BrokenLink first = null;
        if (!walks.isEmpty()) {
            for (LocalDate month = walks.firstKey(); !month.isAfter(walks.lastKey()); month = month.plusMonths(1)) {
                MonthWalk walk = walks.get(month);
                BrokenLink broken = walk == null ? null : walk.broken;
                if ((walk == null || walk.events == 0) && !logged.isEmpty() && month.isAfter(logged.get(0))
                        && month.isBefore(logged.get(logged.size() - 1))) {
                    broken = new BrokenLink(month, 0, null, "no event is logged in " + YearMonth.from(month)
                            + ", between months that have some: the month was removed");
                }
                if (walk != null || broken != null) {
                    months.add(new MonthReport(month, walk == null ? 0 : walk.events,
                            walk == null ? 0 : walk.sealedUpTo, broken == null));
                }
                if (first == null && broken != null) {
                    first = broken;
                }
            }
        }
        return new Report(from, to, first == null, months, first);
    }

    private MonthWalk walk(LocalDate month) {
        MonthWalk walk = new MonthWalk(month);
        jdbc.sql("""
                SELECT month, chain_seq, event_id, identifier, original_message_id, type, actor, provider, sender,
                    recipients, subject, issued_message_ids, detail, occurred_at, recorded_at, prev_hash, hash
                FROM audit_events WHERE month = ? ORDER BY chain_seq""").param(Date.valueOf(month))
                .query(rs -> {
                    LoggedEvent row = new LoggedEvent(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), PgArrays.list(rs.getArray(10)), rs.getString(11),
                            PgArrays.list(rs.getArray(12)), rs.getString(13), rs.getTimestamp(14).toInstant(),
                            rs.getTimestamp(15).toInstant());
                    walk.next(row, rs.getString(16), rs.getString(17));
                });
        Optional<LogChain.ChainHead> head = jdbc.sql("SELECT chain_seq, hash FROM chain_heads WHERE month = ?")
                .param(Date.valueOf(month)).query((rs, n) -> new LogChain.ChainHead(rs.getLong(1), rs.getString(2)))
                .optional();
        if (walk.broken == null && head.isPresent()
                && (head.get().seq() != walk.lastSeq || !head.get().hash().equals(walk.lastHash))) {
            walk.broken = new BrokenLink(month, walk.lastSeq + 1, null, "the chain head says " + head.get().seq()
                    + " events ending in " + head.get().hash() + ", the table ends at " + walk.lastSeq
                    + ": events were removed from the end");
        }
        for (LogSeals.Seal seal : seals.of(month)) {
            Optional<String> problem = seals.check(seal, walk.hashes);
            if (problem.isPresent() && walk.broken == null) {
                walk.broken = new BrokenLink(month, seal.chainSeq(), null, problem.get());
            }
            walk.sealedUpTo = problem.isEmpty() ? Math.max(walk.sealedUpTo, seal.chainSeq()) : walk.sealedUpTo;
        }
        return walk;
    }

    /** The state of one month's walk. */
    private static final class MonthWalk {
        private final LocalDate month;
        private final java.util.Map<Long, String> hashes = new java.util.HashMap<>();
        private String lastHash;
        private long lastSeq;
        private long events;
        private long sealedUpTo;
        private BrokenLink broken;

        MonthWalk(LocalDate month) {
            this.month = month;
            this.lastHash = LoggedEvent.genesis(month);
        }

        void next(LoggedEvent row, String prevHash, String hash) {
            events++;
            hashes.put(row.chainSeq(), hash);
            if (broken == null) {
                if (row.chainSeq() != lastSeq + 1) {
                    broken = new BrokenLink(month, lastSeq + 1, null, "event " + (lastSeq + 1)
                            + " is missing (the next is " + row.chainSeq() + ")");
                } else if (!prevHash.equals(lastHash)) {
                    broken = new BrokenLink(month, row.chainSeq(), row.eventId(),
                            "does not link to the previous event");
                } else if (!row.hash(prevHash).equals(hash)) {
                    broken = new BrokenLink(month, row.chainSeq(), row.eventId(),
                            "its content no longer matches its hash: the row was changed");
                }
            }
            lastSeq = row.chainSeq();
            lastHash = hash;
        }
    }
}
