package io.sigillo.auditlog.chain;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The log's monthly partitions: created ahead of time (and on demand, should the clock jump), listed, and
 * dropped whole, with their chain, by the retention job.
 */
@Component
public class LogPartitions {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'audit_events_'yyyy_MM");

    private final JdbcClient jdbc;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public LogPartitions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The month (its first day, UTC) an instant falls in. */
    public static LocalDate monthOf(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }

    /** Creates the partition of {@code month} when missing. */
    public void ensure(LocalDate month) {
        if (known.contains(month)) {
            return;
        }
        jdbc.sql("CREATE TABLE IF NOT EXISTS " + NAME.format(month) + " PARTITION OF audit_events FOR VALUES FROM ('"
                + month + "') TO ('" + month.plusMonths(1) + "')").update();
        known.add(month);
    }

    /** Waits for, and holds until the transaction ends, the lock that serialises maintenance across replicas. */
    public void lockMaintenance() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('sigillo.audit.log-maintenance'))").query().singleValue();
    }

    /** The months that have a partition, oldest first. */
    public List<LocalDate> months() {
        return jdbc.sql("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
                WHERE p.relname = 'audit_events' AND n.nspname = current_schema() ORDER BY c.relname""")
                .query((rs, n) -> LocalDate.parse(rs.getString(1).substring("audit_events_".length())
                        .replace('_', '-') + "-01"))
                .list();
    }

    /** Drops a month: its partition, its chain head, its seals and its event ids, in one transaction. */
    public void drop(LocalDate month) {
        jdbc.sql("DROP TABLE IF EXISTS " + NAME.format(month)).update();
        Date day = Date.valueOf(month);
        jdbc.sql("DELETE FROM audit_event_ids WHERE month = ?").param(day).update();
        jdbc.sql("DELETE FROM chain_heads WHERE month = ?").param(day).update();
        jdbc.sql("DELETE FROM seals WHERE month = ?").param(day).update();
        known.remove(month);
    }
}
