package io.sigillo.deliverypoint.mailbox;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.OriginalMessage;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts a message already in the blob store into a mailbox: the listing row and the quota in one transaction.
 * Delivering the same message twice stores it once.
 */
@Service
public class MailboxDelivery {

    /** What happened to one delivery. */
    public enum Result {
        /** Stored. */
        DELIVERED,
        /** The mailbox already held this message (same Message-ID): nothing stored again. */
        ALREADY_DELIVERED,
        /** No mailbox has this address. */
        UNKNOWN_MAILBOX,
        /** Storing it would exceed the mailbox's quota. */
        MAILBOX_FULL
    }

    private final BlobStore blobs;
    private final MailboxMessages messages;
    private final JdbcClient jdbc;
    private final Clock clock;

    public MailboxDelivery(BlobStore blobs, MailboxMessages messages, JdbcClient jdbc, Clock clock) {
        this.blobs = blobs;
        this.messages = messages;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores {@code raw} (an RFC 5322 message, in the blob store as {@code stored}) in the mailbox of {@code address}. */
    @Transactional
    public Result deliver(String address, BlobRef stored, byte[] raw) {
        String mailbox = MailboxRepository.normalize(address);
        Optional<Long> free = jdbc.sql("SELECT quota_bytes - used_bytes FROM mailboxes WHERE address = ? FOR UPDATE")
                .param(mailbox).query(Long.class).optional();
        if (free.isEmpty()) {
            return Result.UNKNOWN_MAILBOX;
        }
        OriginalMessage message = OriginalMessage.of(raw);
        String messageId = Optional.ofNullable(HeaderText.neutralised(message.messageId()))
                .orElseGet(() -> digestId(message.bytes()));
        if (free.get() < message.size()) {
            return isStored(mailbox, messageId) ? Result.ALREADY_DELIVERED : Result.MAILBOX_FULL;
        }
        // Stored as received: a message with bare line ends is canonicalised for reading, never written again.
        BlobRef blob = message.bytes() == raw ? stored : blobs.put(message.bytes());
        String pecType = Optional.ofNullable(message.header(PecHeaders.X_RICEVUTA))
                .orElse(message.header(PecHeaders.X_TRASPORTO));
        MailboxEntry facts = new MailboxEntry(null, null, message.header("From"), message.header("Subject"), pecType,
                message.header(PecHeaders.X_RIFERIMENTO_MESSAGE_ID), message.size());
        if (!messages.insert(UUID.randomUUID(), mailbox, messageId, clock.instant(), facts, blob)) {
            return Result.ALREADY_DELIVERED;
        }
        jdbc.sql("UPDATE mailboxes SET used_bytes = used_bytes + ? WHERE address = ?")
                .params(message.size(), mailbox).update();
        return Result.DELIVERED;
    }

    /** A message without Message-ID is known by its digest, so a redelivery still matches. */
    private static String digestId(byte[] bytes) {
        try {
            return "<sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)) + ">";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private boolean isStored(String mailbox, String messageId) {
        return jdbc.sql("SELECT 1 FROM mailbox_messages WHERE mailbox = ? AND message_id = ?")
                .params(mailbox, messageId).query(Integer.class).optional().isPresent();
    }
}
