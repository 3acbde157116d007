package io.sigillo.deliverypoint.mailbox;

import io.sigillo.pec.event.BlobRef;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The messages stored in mailboxes: their listing facts in PostgreSQL, their bytes in the blob store. */
@Repository
public class MailboxMessages {

    private final JdbcClient jdbc;

    public MailboxMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a message row; false when the mailbox already holds a message with that signed key. */
    boolean insert(UUID id, String mailbox, String signedKey, Instant receivedAt, MailboxEntry facts, BlobRef blob) {
        return jdbc.sql("""
                INSERT INTO mailbox_messages (id, mailbox, message_id, received_at, from_address, subject, pec_type,
                    riferimento_message_id, size_bytes, blob_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (mailbox, message_id) DO NOTHING""")
                .params(id, mailbox, signedKey, Timestamp.from(receivedAt), facts.from(), facts.subject(),
                        facts.pecType(), facts.riferimentoMessageId(), blob.size(), blob.sha256())
                .update() == 1;
    }

    /** A page of a mailbox, newest first. */
    public List<MailboxEntry> page(String mailbox, int page, int size) {
        return jdbc.sql("""
                SELECT id, received_at, from_address, subject, pec_type, riferimento_message_id, size_bytes
                FROM mailbox_messages WHERE mailbox = ?
                ORDER BY received_at DESC, id LIMIT ? OFFSET ?""")
                .params(mailbox, size, (long) page * size)
                .query((rs, n) -> new MailboxEntry(rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)))
                .list();
    }

    /** How many messages a mailbox holds. */
    public long count(String mailbox) {
        return jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(mailbox)
                .query(Long.class).single();
    }

    /**
     * Removes one message of {@code mailbox} and gives its space back to the quota; false when the mailbox holds
     * no such message. The signed bytes stay in the blob store: the provider's log still refers to them.
     */
    @Transactional
    public boolean delete(String mailbox, UUID id) {
        Optional<Long> size = jdbc.sql("DELETE FROM mailbox_messages WHERE mailbox = ? AND id = ? "
                + "RETURNING size_bytes").params(mailbox, id).query(Long.class).optional();
        size.ifPresent(bytes -> jdbc.sql("UPDATE mailboxes SET used_bytes = greatest(used_bytes - ?, 0) "
                + "WHERE address = ?").params(bytes, mailbox).update());
        return size.isPresent();
    }

    /** The blob of one message, only when it belongs to {@code mailbox}. */
    public Optional<BlobRef> blobOf(String mailbox, UUID id) {
        return jdbc.sql("SELECT blob_sha256, size_bytes FROM mailbox_messages WHERE mailbox = ? AND id = ?")
                .params(mailbox, id)
                .query((rs, n) -> new BlobRef(rs.getString(1), rs.getLong(2)))
                .optional();
    }
}
