package io.sigillo.auditlog.search;

import io.sigillo.auditlog.web.AdminCallLog;
import io.sigillo.pec.event.AuditEventType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Finds messages in the log by sender, recipient, subject and time; one result per PEC message. */
@Repository
public class MessageSearch {

    /** What compliance staff may search by; every field may be null. */
    public record Criteria(String sender, String recipient, String subject, Instant from, Instant to) {
    }

    /** One message found. */
    public record Found(String messageId, String originalMessageId, String sender, String subject,
            Instant firstEventAt, Instant lastEventAt, long events) {
    }

    private final JdbcClient jdbc;

    public MessageSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of the messages with an event matching every given criterion, newest first. */
    public List<Found> search(Criteria c, int page, int size) {
        // Only steps of a path match: staff's calls about an identifier do not make it a message.
        StringBuilder where = new StringBuilder("identifier <> ? AND type <> ?");
        List<Object> params = new ArrayList<>(List.of(AdminCallLog.ADMIN_IDENTIFIER,
                AuditEventType.ADMIN_CALL.name()));
        if (c.sender() != null) {
            where.append(" AND lower(sender) = lower(?)");
            params.add(c.sender().trim());
        }
        if (c.recipient() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM unnest(recipients) r WHERE lower(r) = lower(?))");
            params.add(c.recipient().trim());
        }
        if (c.subject() != null) {
            where.append(" AND subject ILIKE ? ESCAPE '\\'");
            params.add("%" + c.subject().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (c.from() != null) {
            where.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(c.from()));
        }
        if (c.to() != null) {
            where.append(" AND occurred_at < ?");
            params.add(Timestamp.from(c.to()));
        }
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql("""
                SELECT e.identifier, max(e.original_message_id), max(e.sender), max(e.subject), min(e.occurred_at),
                    max(e.occurred_at), count(*)
                FROM audit_events e
                WHERE e.identifier IN (SELECT identifier FROM audit_events WHERE %s)
                GROUP BY e.identifier ORDER BY min(e.occurred_at) DESC, e.identifier LIMIT ? OFFSET ?"""
                .formatted(where))
                .params(params)
                .query((rs, n) -> new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getLong(7)))
                .list();
    }
}
