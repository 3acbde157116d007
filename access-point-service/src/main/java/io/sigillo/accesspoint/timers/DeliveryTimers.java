package io.sigillo.accesspoint.timers;

import io.sigillo.pec.event.DeliveryOverdue;
import io.sigillo.pec.message.MessageFacts;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The sender-side clocks in PostgreSQL, one per certified recipient of an accepted message. */
@Repository
public class DeliveryTimers {

    /** One running clock that ran out. */
    public record Expired(MessageFacts facts, String recipient, Instant acceptedAt) {
    }

    /** A clock's state, for tests and operators. */
    public record State(Instant acceptedAt, Instant takenInChargeAt, Instant closedAt, String closedBy,
            Instant warnedAt, Instant expiredAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public DeliveryTimers(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Starts the clock of each recipient (a redelivered envelope starts nothing twice); a clock a receipt already
     * noted or stopped keeps that, and gets its facts and start.
     */
    public void start(MessageFacts facts, List<String> certifiedRecipients, Instant acceptedAt) {
        String factsJson = json.writeValueAsString(facts);
        for (String recipient : certifiedRecipients) {
            jdbc.sql("""
                    INSERT INTO delivery_timers (identifier, recipient, facts, accepted_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (identifier, recipient) DO UPDATE SET facts = EXCLUDED.facts,
                        accepted_at = EXCLUDED.accepted_at
                    WHERE delivery_timers.accepted_at IS NULL""")
                    .params(facts.identifier().value(), normalize(recipient), factsJson, Timestamp.from(acceptedAt))
                    .update();
        }
    }

    /** A take-in-charge receipt arrived: no warning is owed any more (even when its clock has not started yet). */
    public void takenInCharge(String identifier, String recipient, Instant at) {
        jdbc.sql("""
                INSERT INTO delivery_timers (identifier, recipient, taken_in_charge_at) VALUES (?, ?, ?)
                ON CONFLICT (identifier, recipient) DO UPDATE SET taken_in_charge_at = EXCLUDED.taken_in_charge_at
                WHERE delivery_timers.taken_in_charge_at IS NULL""")
                .params(identifier, normalize(recipient), Timestamp.from(at)).update();
    }

    /**
     * A delivery receipt or a non-delivery notice arrived: the clock stops, or will never start. Returns when it
     * had started, or empty when it was stopped already or has not started yet.
     */
    public Optional<Instant> closed(String identifier, String recipient, String by, Instant at) {
        return jdbc.sql("""
                INSERT INTO delivery_timers (identifier, recipient, closed_at, closed_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (identifier, recipient) DO UPDATE SET closed_at = EXCLUDED.closed_at,
                    closed_by = EXCLUDED.closed_by
                WHERE delivery_timers.closed_at IS NULL
                RETURNING accepted_at""")
                .params(identifier, normalize(recipient), Timestamp.from(at), by)
                .query((rs, n) -> Optional.ofNullable(instant(rs.getTimestamp(1)))).optional().flatMap(o -> o);
    }

    /**
     * Marks up to {@code limit} clocks whose {@code kind} limit passed before {@code deadline} and returns them;
     * rows taken by another instance's sweep are skipped. Runs inside the caller's transaction.
     */
    public List<Expired> expire(DeliveryOverdue.Kind kind, Instant deadline, Instant now, int limit) {
        String due = kind == DeliveryOverdue.Kind.WARNING
                ? "warned_at IS NULL AND taken_in_charge_at IS NULL AND closed_at IS NULL AND expired_at IS NULL"
                : "closed_at IS NULL AND expired_at IS NULL";
        String mark = kind == DeliveryOverdue.Kind.WARNING ? "warned_at" : "expired_at";
        return jdbc.sql("UPDATE delivery_timers SET " + mark + " = :now WHERE (identifier, recipient) IN ("
                + "SELECT identifier, recipient FROM delivery_timers WHERE " + due + " AND accepted_at <= :deadline "
                + "ORDER BY accepted_at LIMIT :limit FOR UPDATE SKIP LOCKED) "
                + "RETURNING facts, recipient, accepted_at")
                .param("now", Timestamp.from(now)).param("deadline", Timestamp.from(deadline)).param("limit", limit)
                .query((rs, n) -> new Expired(json.readValue(rs.getString(1), MessageFacts.class), rs.getString(2),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    /**
     * Forgets up to {@code limit} clocks that began before {@code cutoff} and have ended (stopped, run out, or
     * never started: receipts for an envelope never seen); returns how many went.
     */
    public int forgetEnded(Instant cutoff, int limit) {
        return jdbc.sql("""
                DELETE FROM delivery_timers WHERE (identifier, recipient) IN (
                    SELECT identifier, recipient FROM delivery_timers
                    WHERE coalesce(accepted_at, taken_in_charge_at, closed_at) < ?
                        AND (accepted_at IS NULL OR closed_at IS NOT NULL OR expired_at IS NOT NULL)
                    LIMIT ?)""")
                .params(Timestamp.from(cutoff), limit).update();
    }

    /** The clock of one recipient. */
    public Optional<State> state(String identifier, String recipient) {
        return jdbc.sql("SELECT accepted_at, taken_in_charge_at, closed_at, closed_by, warned_at, expired_at "
                + "FROM delivery_timers WHERE identifier = ? AND recipient = ?")
                .params(identifier, normalize(recipient))
                .query((rs, n) -> new State(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3)), rs.getString(4), instant(rs.getTimestamp(5)),
                        instant(rs.getTimestamp(6))))
                .optional();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
