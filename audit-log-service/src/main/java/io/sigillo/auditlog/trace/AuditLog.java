package io.sigillo.auditlog.trace;

import io.sigillo.pec.event.AuditEvent;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only event table. */
@Repository
public class AuditLog {

    /** One stored event. */
    public record Entry(long seq, String type, String actor, String provider, OffsetDateTime occurredAt,
            String sender, List<String> recipients, String subject, List<String> issuedMessageIds, String detail,
            String originalMessageId) {
    }

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores an event once; a redelivered event is ignored. Returns true when it was new. */
    public boolean append(AuditEvent e) {
        return jdbc.sql("""
                INSERT INTO audit_events (event_id, identifier, original_message_id, type, actor, provider, sender,
                    recipients, subject, issued_message_ids, detail, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?::text[], ?, ?)
                ON CONFLICT (event_id) DO NOTHING""")
                .params(e.eventId(), e.identifier(), e.originalMessageId(), e.type().name(), e.actor(), e.provider(),
                        e.sender(), array(e.recipients()), e.subject(), array(e.issuedMessageIds()), e.detail(),
                        Timestamp.from(e.occurredAt()))
                .update() == 1;
    }

    /** Every event of a message, in the order they happened (then as recorded). */
    public List<Entry> trace(String identifier) {
        return jdbc.sql("""
                SELECT seq, type, actor, provider, occurred_at, sender, recipients, subject, issued_message_ids,
                    detail, original_message_id
                FROM audit_events WHERE identifier = ? ORDER BY occurred_at, seq""")
                .param(identifier)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6), list(rs.getArray(7)), rs.getString(8),
                        list(rs.getArray(9)), rs.getString(10), rs.getString(11)))
                .list();
    }

    private static String array(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }

    private static List<String> list(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
