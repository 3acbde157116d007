package io.sigillo.auditlog.chain;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
        // The service's role may not create tables: the owner's function does (ADR 0022).
        jdbc.sql("SELECT log_create_month(?)").param(Date.valueOf(month)).query().singleValue();
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

    /**
     * Drops a month: its partition, its chain head, its seals and its event ids, in one transaction, through the
     * only function that may delete from the log (ADR 0022).
     */
    public void drop(LocalDate month) {
        jdbc.sql("SELECT log_drop_month(?)").param(Date.valueOf(month)).query().singleValue();
        known.remove(month);
    }
}
