package io.sigillo.auditlog.chain;

import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.support.jdbc.PgArrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Moves events recorded before the log was chained (table {@code audit_events_v1}, left by migration V2) into
 * the chained, partitioned log at start-up, in their original order and with their original recording time,
 * then drops the old table. Safe to interrupt: events already moved are recognised by their id.
 */
@Component
public class LegacyLogImport implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyLogImport.class);

    private final JdbcClient jdbc;
    private final LogChain chain;

    public LegacyLogImport(JdbcClient jdbc, LogChain chain) {
        this.jdbc = jdbc;
        this.chain = chain;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (jdbc.sql("SELECT to_regclass('audit_events_v1') IS NOT NULL").query(Boolean.class).single()) {
            int[] moved = {0};
            jdbc.sql("""
                    SELECT event_id, identifier, original_message_id, type, actor, provider, sender, recipients,
                        subject, issued_message_ids, detail, occurred_at, recorded_at
                    FROM audit_events_v1 ORDER BY seq""")
                    .query(rs -> {
                        AuditEvent e = new AuditEvent(AuditEvent.SCHEMA_VERSION, rs.getString(1), rs.getString(2),
                                rs.getString(3), AuditEventType.valueOf(rs.getString(4)), rs.getString(5),
                                rs.getString(6), rs.getString(7), PgArrays.list(rs.getArray(8)), rs.getString(9),
                                PgArrays.list(rs.getArray(10)), rs.getString(11),
                                rs.getTimestamp(12).toInstant());
                        if (chain.append(e, rs.getTimestamp(13).toInstant())) {
                            moved[0]++;
                        }
                    });
            jdbc.sql("SELECT log_drop_unchained()").query().singleValue();
            LOG.info("Moved {} events recorded before chaining into the chained log", moved[0]);
        }
    }
}
