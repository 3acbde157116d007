package io.sigillo.auditlog.trace;

import io.sigillo.pec.event.AuditEventType;
import io.sigillo.support.jdbc.PgArrays;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the log: the trace of a message. Appends go through {@link io.sigillo.auditlog.chain.LogChain}. */
@Repository
public class AuditLog {

    /** One stored event. */
    public record Entry(long seq, String type, String actor, String provider, OffsetDateTime occurredAt,
            String sender, List<String> recipients, String subject, List<String> issuedMessageIds, String detail,
            String originalMessageId) {

        /** Whether this is a step of the message's path, not staff looking at it. */
        public boolean stepOfPath() {
            return !AuditEventType.ADMIN_CALL.name().equals(type);
        }
    }

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every event of a message, in the order they happened (then as recorded). */
    public List<Entry> trace(String identifier) {
        return jdbc.sql("""
                SELECT chain_seq, type, actor, provider, occurred_at, sender, recipients, subject, issued_message_ids,
                    detail, original_message_id
                FROM audit_events WHERE identifier = ? ORDER BY occurred_at, recorded_at, month, chain_seq""")
                .param(identifier)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6), PgArrays.list(rs.getArray(7)),
                        rs.getString(8),
                        PgArrays.list(rs.getArray(9)), rs.getString(10), rs.getString(11)))
                .list();
    }

    /** Whether a step of the message's path is logged: staff's own calls about an identifier never make it known. */
    public boolean knows(String identifier) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM audit_events WHERE identifier = ? AND type <> ?)")
                .param(identifier).param(AuditEventType.ADMIN_CALL.name()).query(Boolean.class).single();
    }
}
