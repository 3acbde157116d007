package io.sigillo.auditlog.receipts;

import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.support.jdbc.PgArrays;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The signed messages of each PEC message, issued here or received from other providers, with their bytes' place. */
@Repository
public class IssuedMessages {

    /** One signed message. */
    public record Issued(String receiptId, String identifier, String type, String issuer, boolean ours,
            BlobRef signed, List<String> deliverTo, List<String> concerning, Instant signedAt) {
    }

    private static final String SELECT = "SELECT signed_message_id, identifier, type, issuer, ours, blob_sha256, "
            + "blob_size, deliver_to, concerning, signed_at FROM issued_messages";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    public IssuedMessages(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** Records signed messages, each once (a redelivered announcement changes nothing), in one batch of inserts. */
    public void recordAll(List<ProviderMessageSigned> batch, String ourDomain, Instant recordedAt) {
        batches.batchUpdate("""
                INSERT INTO issued_messages (signed_message_id, identifier, type, issuer, ours, blob_sha256, blob_size,
                    deliver_to, concerning, signed_at, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?) ON CONFLICT DO NOTHING""",
                batch.stream().map(signed -> new Object[] {signed.signedMessageId().value(),
                    signed.identifier().value(), signed.type().name(), signed.issuer(),
                    signed.issuer() == null || signed.issuer().equalsIgnoreCase(ourDomain), signed.signed().sha256(),
                    signed.signed().size(), PgArrays.literal(signed.routing().all()),
                    PgArrays.literal(signed.concerning()),
                    Timestamp.from(signed.signedAt() == null ? recordedAt : signed.signedAt()),
                    Timestamp.from(recordedAt)}).toList());
    }

    /** Every signed message of a PEC message, in signing order. */
    public List<Issued> of(String identifier) {
        return jdbc.sql(SELECT + " WHERE identifier = ? ORDER BY signed_at, signed_message_id").param(identifier)
                .query((rs, n) -> row(rs)).list();
    }

    /** One signed message by its Message-ID. */
    public Optional<Issued> find(String receiptId) {
        return jdbc.sql(SELECT + " WHERE signed_message_id = ?").param(receiptId).query((rs, n) -> row(rs))
                .optional();
    }

    /** Forgets what was recorded before {@code cutoff} (retention), through the owner's function (ADR 0022). */
    public int forgetBefore(Instant cutoff) {
        return jdbc.sql("SELECT log_forget_issued(?)").param(Timestamp.from(cutoff)).query(Integer.class).single();
    }

    private static Issued row(ResultSet rs) throws SQLException {
        return new Issued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                new BlobRef(rs.getString(6), rs.getLong(7)), PgArrays.list(rs.getArray(8)),
                PgArrays.list(rs.getArray(9)), rs.getTimestamp(10).toInstant());
    }
}
