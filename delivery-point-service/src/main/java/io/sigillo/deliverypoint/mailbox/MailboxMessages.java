package io.sigillo.deliverypoint.mailbox;

import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.message.HeaderText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The messages stored in mailboxes: their listing facts in PostgreSQL, their bytes in the blob store. */
@Repository
public class MailboxMessages {

    private final JdbcClient jdbc;
    private final Clock clock;

    public MailboxMessages(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Inserts a message row; false when the mailbox holds a message with that signed key, or held one its owner
     * deleted, or when no mailbox has the address (one statement for the usual case; the caller tells them apart).
     */
    boolean insert(UUID id, String mailbox, SignedListing signed, Instant receivedAt, MailboxEntry facts, BlobRef blob,
            String headerMessageId) {
        return jdbc.sql("""
                INSERT INTO mailbox_messages (id, mailbox, message_id, received_at, from_address, subject, pec_type,
                    riferimento_message_id, size_bytes, blob_sha256, header_message_id, concerning, external_recipients,
                    original_subject)
                SELECT ?, address, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM mailboxes
                WHERE address = ? AND NOT EXISTS (SELECT 1 FROM deleted_messages WHERE mailbox = ? AND message_id = ?)
                ON CONFLICT (mailbox, message_id) DO NOTHING""")
                .params(id, signed.key(), Timestamp.from(receivedAt), facts.from(), facts.subject(),
                        facts.pecType(), facts.riferimentoMessageId(), blob.size(), blob.sha256(), headerMessageId,
                        signed.pecType().isEnvelope() ? null : texts(signed.concerning()),
                        signed.pecType().isEnvelope() ? null : texts(signed.external()),
                        HeaderText.neutralised(signed.originalSubject()), mailbox, mailbox, signed.key())
                .update() == 1;
    }

    /** Addresses as a PostgreSQL text array, any control character shown as U+FFFD, as the listing's columns. */
    private static String[] texts(List<String> addresses) {
        return HeaderText.neutralisedAll(addresses).toArray(String[]::new);
    }

    /** Takes back a row this transaction inserted, for a message its mailbox had no room for. */
    void withdraw(UUID id) {
        jdbc.sql("DELETE FROM mailbox_messages WHERE id = ?").param(id).update();
    }

    /** The rows of a mailbox that a search matches: its parts left out match everything. */
    private static final String MATCHING = """
            mailbox = :mailbox
            AND (CAST(:from AS text) IS NULL OR from_address ILIKE :from)
            AND (CAST(:subject AS text) IS NULL OR subject ILIKE :subject)
            AND (CAST(:type AS text) IS NULL OR pec_type = :type)
            AND (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)
            AND (CAST(:until AS timestamptz) IS NULL OR received_at < :until)""";

    /** A page of what a mailbox holds that {@code search} matches, newest first. */
    public List<MailboxEntry> page(String mailbox, MailboxSearch search, int page, int size) {
        return matching(jdbc.sql("SELECT id, received_at, from_address, subject, pec_type, riferimento_message_id, "
                + "size_bytes FROM mailbox_messages WHERE " + MATCHING
                + " ORDER BY received_at DESC, id LIMIT :size OFFSET :offset"), mailbox, search)
                .param("size", size).param("offset", (long) page * size)
                .query(MailboxMessages::entry)
                .list();
    }

    /** How many messages of a mailbox {@code search} matches. */
    public long count(String mailbox, MailboxSearch search) {
        return matching(jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE " + MATCHING), mailbox, search)
                .query(Long.class).single();
    }

    private static JdbcClient.StatementSpec matching(JdbcClient.StatementSpec statement, String mailbox,
            MailboxSearch search) {
        return statement.param("mailbox", mailbox)
                .param("from", MailboxSearch.anywhere(search.from()))
                .param("subject", MailboxSearch.anywhere(search.subject()))
                .param("type", search.pecType())
                .param("since", search.since() == null ? null : Timestamp.from(search.since()))
                .param("until", search.until() == null ? null : Timestamp.from(search.until()));
    }

    /**
     * Removes one message of {@code mailbox} from the ledger and remembers its signed key, so a copy sent again is not
     * delivered again; returns its size, or empty when the mailbox holds no such message. The signed bytes stay in
     * the blob store while the log refers to them (ADR 0024).
     */
    @Transactional
    public Optional<Long> delete(String mailbox, UUID id) {
        record Deleted(String messageId, long size) {
        }
        Optional<Deleted> deleted = jdbc.sql("DELETE FROM mailbox_messages WHERE mailbox = ? AND id = ? "
                + "RETURNING message_id, size_bytes").params(mailbox, id)
                .query((rs, n) -> new Deleted(rs.getString(1), rs.getLong(2))).optional();
        deleted.ifPresent(d -> {
            jdbc.sql("INSERT INTO deleted_messages (mailbox, message_id, deleted_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (mailbox, message_id) DO NOTHING")
                    .params(mailbox, d.messageId(), Timestamp.from(clock.instant())).update();
        });
        return deleted.map(Deleted::size);
    }

    /** The Message-ID header of one message of {@code mailbox}, when the ledger knows it. */
    public Optional<String> headerMessageId(String mailbox, UUID id) {
        return jdbc.sql("SELECT header_message_id FROM mailbox_messages WHERE mailbox = ? AND id = ? "
                        + "AND header_message_id IS NOT NULL")
                .params(mailbox, id).query(String.class).optional();
    }

    /** The ledger's entries of {@code mailbox} by their Message-ID headers, for those named. */
    public Map<String, MailboxEntry> byHeaderMessageId(String mailbox, Collection<String> headerMessageIds) {
        Map<String, MailboxEntry> found = new HashMap<>();
        if (headerMessageIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                SELECT id, received_at, from_address, subject, pec_type, riferimento_message_id, size_bytes,
                    header_message_id
                FROM mailbox_messages WHERE mailbox = ? AND header_message_id = ANY (?)""")
                .params(mailbox, headerMessageIds.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString(8), entry(rs, n)))
                .list();
        return found;
    }

    /** A listing entry from the first seven columns: id, received_at, from, subject, type, riferimento, size. */
    private static MailboxEntry entry(ResultSet rs, int row) throws SQLException {
        return new MailboxEntry(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7));
    }

    /** Forgets the deletions made before {@code cutoff}; returns how many. */
    public int forgetDeletionsBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM deleted_messages WHERE deleted_at < ?").param(Timestamp.from(cutoff)).update();
    }

    /** The blob of one message, only when it belongs to {@code mailbox}. */
    public Optional<BlobRef> blobOf(String mailbox, UUID id) {
        return jdbc.sql("SELECT blob_sha256, size_bytes FROM mailbox_messages WHERE mailbox = ? AND id = ?")
                .params(mailbox, id)
                .query((rs, n) -> new BlobRef(rs.getString(1), rs.getLong(2)))
                .optional();
    }
}
