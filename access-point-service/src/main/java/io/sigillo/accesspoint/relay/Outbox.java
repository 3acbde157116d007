package io.sigillo.accesspoint.relay;

import io.sigillo.pec.event.BlobRef;
import io.sigillo.support.jdbc.PgArrays;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The relay's outbox in PostgreSQL: what must still be handed to other mail servers, and what was. */
@Repository
public class Outbox {

    /** Where a row stands. */
    public enum Status { PENDING, SENT, FAILED }

    /** A row and its state, for operators and tests. */
    public record Entry(OutboundMessage message, Status status, String lastError) {
    }

    private static final String COLUMNS = "id, identifier, signed_message_id, type, destination, certified, mail_host, "
            + "mail_from, rcpt_to, blob_sha256, blob_size, attempts, created_at, report_to";

    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a message for one destination, due now; a message already queued for it (a redelivered event) is
     * left as it is. Returns false then.
     */
    public boolean enqueue(OutboundMessage m, Status status, String error) {
        return jdbc.sql("""
                INSERT INTO outbound_messages (identifier, signed_message_id, type, destination, certified, mail_host,
                    mail_from, rcpt_to, blob_sha256, blob_size, status, next_attempt_at, last_error, created_at,
                    report_to)
                VALUES (:identifier, :signedId, :type, :destination, :certified, :mailHost, :mailFrom,
                    :rcptTo::text[], :sha, :size, :status, :created, :error, :created, :reportTo)
                ON CONFLICT (signed_message_id, destination) DO NOTHING""")
                .param("identifier", m.identifier()).param("signedId", m.signedId()).param("type", m.type())
                .param("destination", m.destination()).param("certified", m.certified())
                .param("mailHost", m.mailHost()).param("mailFrom", m.mailFrom())
                .param("rcptTo", PgArrays.literal(m.rcptTo()))
                .param("sha", m.body().sha256()).param("size", m.body().size()).param("status", status.name())
                .param("created", Timestamp.from(m.createdAt())).param("error", error)
                .param("reportTo", m.reportTo())
                .update() == 1;
    }

    /**
     * Takes up to {@code limit} due messages under the lease {@code lease}, hiding them from other relay instances
     * until {@code leaseUntil} (a crash mid-send makes them due again then); counts the attempt.
     */
    public List<OutboundMessage> takeDue(Instant now, Instant leaseUntil, String lease, int limit) {
        return jdbc.sql("""
                UPDATE outbound_messages SET next_attempt_at = :until, lease = :lease, attempts = attempts + 1
                WHERE id IN (SELECT id FROM outbound_messages WHERE status = 'PENDING' AND next_attempt_at <= :now
                             ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS)
                .param("until", Timestamp.from(leaseUntil)).param("lease", lease).param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> row(rs)).list();
    }

    /** The other side answered 250. False when the lease was lost: another instance has the row now. */
    public boolean markSent(long id, String lease, Instant at, String answer) {
        return jdbc.sql("UPDATE outbound_messages SET status = 'SENT', sent_at = ?, last_error = ? "
                + "WHERE id = ? AND lease = ? AND status = 'PENDING'")
                .params(Timestamp.from(at), answer, id, lease).update() == 1;
    }

    /** Not taken this time: try again at {@code next}. False when the lease was lost. */
    public boolean retryAt(long id, String lease, Instant next, String error) {
        return jdbc.sql("UPDATE outbound_messages SET next_attempt_at = ?, last_error = ? "
                + "WHERE id = ? AND lease = ? AND status = 'PENDING'")
                .params(Timestamp.from(next), error, id, lease).update() == 1;
    }

    /** Given up on: refused for good, or retried too long. False when the lease was lost. */
    public boolean markFailed(long id, String lease, String error) {
        return jdbc.sql("UPDATE outbound_messages SET status = 'FAILED', last_error = ? "
                + "WHERE id = ? AND lease = ? AND status = 'PENDING'")
                .params(error, id, lease).update() == 1;
    }

    /**
     * Where a row stands as operators tell them apart: not yet refused (waiting for its first hand-over, or in it),
     * refused and waiting to try again, or given up. A hand-over under way counts its attempt before it ends, so the
     * last answer, not the count, tells a retry.
     */
    public enum Queue {
        /** Pending, and never refused: its first hand-over is due or under way. */
        PENDING("status = 'PENDING' AND last_error IS NULL"),
        /** Pending after a refused attempt, waiting for its next one. */
        RETRYING("status = 'PENDING' AND last_error IS NOT NULL"),
        /** Given up: its sender was told. */
        FAILED("status = 'FAILED'");

        private final String where;

        Queue(String where) {
            this.where = where;
        }
    }

    /** A row in a queue: the message, when it is tried next, and the last answer it got. */
    public record Queued(OutboundMessage message, Instant nextAttemptAt, String lastError) {
    }

    /** Page {@code page} (from 0) of {@code size} rows of {@code queue}, oldest first. */
    public List<Queued> queue(Queue queue, int page, int size) {
        return jdbc.sql("SELECT " + COLUMNS + ", next_attempt_at, last_error FROM outbound_messages WHERE "
                        + queue.where + " ORDER BY created_at, id LIMIT ? OFFSET ?")
                .params(size, (long) page * size)
                .query((rs, n) -> new Queued(row(rs), rs.getTimestamp("next_attempt_at").toInstant(),
                        rs.getString("last_error")))
                .list();
    }

    /** How many rows each queue holds, counted in one pass. */
    public Map<Queue, Long> sizes() {
        StringJoiner counts = new StringJoiner(", ", "SELECT ", " FROM outbound_messages");
        for (Queue queue : Queue.values()) {
            counts.add("count(*) FILTER (WHERE " + queue.where + ")");
        }
        return jdbc.sql(counts.toString()).query((rs, n) -> {
            Map<Queue, Long> sizes = new EnumMap<>(Queue.class);
            for (Queue queue : Queue.values()) {
                sizes.put(queue, rs.getLong(queue.ordinal() + 1));
            }
            return sizes;
        }).single();
    }

    /** Every row of a PEC message, oldest first. */
    public List<Entry> forMessage(String identifier) {
        return jdbc.sql("SELECT " + COLUMNS + ", status, last_error FROM outbound_messages WHERE identifier = ? "
                + "ORDER BY id").param(identifier)
                .query((rs, n) -> new Entry(row(rs), Status.valueOf(rs.getString("status")),
                        rs.getString("last_error")))
                .list();
    }

    private static OutboundMessage row(ResultSet rs) throws SQLException {
        return new OutboundMessage(rs.getLong("id"), rs.getString("identifier"), rs.getString("signed_message_id"),
                rs.getString("type"), rs.getString("destination"), rs.getBoolean("certified"),
                rs.getString("mail_host"), rs.getString("mail_from"), PgArrays.list(rs.getArray("rcpt_to")),
                new BlobRef(rs.getString("blob_sha256"), rs.getLong("blob_size")), rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("report_to"));
    }
}
