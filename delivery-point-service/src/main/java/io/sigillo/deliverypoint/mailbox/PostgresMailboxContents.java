package io.sigillo.deliverypoint.mailbox;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.message.OriginalMessage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The mailboxes without Dovecot: bytes in the blob store (put there before the delivery), the quota counted in
 * PostgreSQL, the listing the ledger itself. No IMAP reads them.
 */
public class PostgresMailboxContents implements MailboxContents {

    private final MailboxMessages messages;
    private final BlobStore blobs;
    private final JdbcClient jdbc;

    public PostgresMailboxContents(MailboxMessages messages, BlobStore blobs, JdbcClient jdbc) {
        this.messages = messages;
        this.blobs = blobs;
        this.jdbc = jdbc;
    }

    /** Counts each against the quota; the ledger row is the message, so a repeat is one already refused. */
    @Override
    public List<Boolean> keep(String mailbox, List<OriginalMessage> messages, boolean mayRepeat) {
        return messages.stream().map(message -> jdbc.sql("UPDATE mailboxes SET used_bytes = used_bytes + ? "
                        + "WHERE address = ? AND used_bytes + ? <= quota_bytes")
                .params(message.size(), mailbox, message.size()).update() == 1).toList();
    }

    @Override
    public Listing list(String mailbox, MailboxSearch search, int page, int size) {
        return new Listing(messages.page(mailbox, search, page, size), messages.count(mailbox, search));
    }

    @Override
    public Optional<Download> open(String mailbox, UUID id, boolean peek) {
        Optional<BlobRef> blob = messages.blobOf(mailbox, id);
        return blob.flatMap(b -> blobs.open(b).map(body -> new Download(body, b.size())));
    }

    @Override
    public boolean delete(String mailbox, UUID id) {
        return messages.delete(mailbox, id).map(size -> {
            jdbc.sql("UPDATE mailboxes SET used_bytes = greatest(used_bytes - ?, 0) WHERE address = ?")
                    .params(size, mailbox).update();
            return true;
        }).orElse(false);
    }

    @Override
    public long used(String mailbox) {
        return jdbc.sql("SELECT used_bytes FROM mailboxes WHERE address = ?").param(mailbox).query(Long.class)
                .optional().orElse(0L);
    }
}
