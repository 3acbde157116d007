package io.sigillo.deliverypoint.mailbox;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.OriginalMessage;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Puts a message already in the blob store into a mailbox: the ledger row, and the message kept where the mailboxes
 * are ({@link MailboxContents}), in one transaction. Delivering the same certified message twice stores it once,
 * however its outer headers were changed on the way.
 */
@Service
public class MailboxDelivery {

    /** What happened to one delivery. */
    public enum Result {
        /** Stored. */
        DELIVERED,
        /** The mailbox already held this certified message (same signed key): nothing stored again. */
        ALREADY_DELIVERED,
        /** No mailbox has this address. */
        UNKNOWN_MAILBOX,
        /** Storing it would exceed the mailbox's quota. */
        MAILBOX_FULL
    }

    private final BlobStore blobs;
    private final MailboxMessages messages;
    private final MailboxContents contents;
    private final JdbcClient jdbc;
    private final Clock clock;

    public MailboxDelivery(BlobStore blobs, MailboxMessages messages, MailboxContents contents, JdbcClient jdbc,
            Clock clock) {
        this.blobs = blobs;
        this.messages = messages;
        this.contents = contents;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores {@code raw} (an RFC 5322 message, in the blob store as {@code stored}) in the mailbox of {@code address},
     * recognised and listed by what its signed content says ({@code signed}); its own Subject is listed, as the
     * incoming point refused any whose Subject contradicts the signed one.
     */
    @Transactional
    public Result deliver(String address, BlobRef stored, byte[] raw, SignedListing signed) {
        String mailbox = MailboxRepository.normalize(address);
        OriginalMessage message = OriginalMessage.of(raw);
        // Stored as received: a message with bare line ends is canonicalised for reading, never written again.
        BlobRef blob = message.bytes() == raw ? stored : blobs.put(message.bytes());
        String from = signed.from() != null ? signed.from()
                : Addresses.lenient(message.header("From")).stream().findFirst().orElse(null);
        MailboxEntry facts = new MailboxEntry(null, null, from, message.header("Subject"),
                signed.pecType().headerValue(), message.header(PecHeaders.X_RIFERIMENTO_MESSAGE_ID), message.size());
        // A Message-ID with control characters cannot be stored or searched for: such a message is listed by IMAP only.
        String messageId = message.messageId() == null || HeaderText.hasControlCharacters(message.messageId()) ? null
                : message.messageId();
        if (!messages.insert(UUID.randomUUID(), mailbox, signed.key(), clock.instant(), facts, blob, messageId)) {
            // Asked only now: nearly every delivery is to a mailbox that exists, and its insert said so.
            boolean exists = jdbc.sql("SELECT 1 FROM mailboxes WHERE address = ?").param(mailbox)
                    .query(Integer.class).optional().isPresent();
            return exists ? Result.ALREADY_DELIVERED : Result.UNKNOWN_MAILBOX;
        }
        // Not locked: the quota is counted by one conditional UPDATE (PostgreSQL) or by Dovecot, which counts every
        // save to the mailbox, mail clients' too; a lock held over Dovecot's round trip made the replicas' deliveries
        // to one mailbox wait for each other.
        if (!contents.keep(mailbox, message)) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return Result.MAILBOX_FULL;
        }
        return Result.DELIVERED;
    }
}
