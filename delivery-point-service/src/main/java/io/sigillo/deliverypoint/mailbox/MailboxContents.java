package io.sigillo.deliverypoint.mailbox;

import io.sigillo.pec.message.OriginalMessage;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the messages of the mailboxes are kept and read: in Dovecot, which mail clients read over IMAP and POP3
 * (ADR 0026), or without it in the blob store, counted against the quota in PostgreSQL. Either way the delivery
 * point's ledger ({@link MailboxMessages}) records what it delivered and what owners deleted.
 */
public interface MailboxContents {

    /**
     * Keeps {@code messages}, whose ledger rows this transaction has just written, in {@code mailbox}, in their order;
     * for each, false when the quota has no room for it (the caller then withdraws its row). {@code mayRepeat}: a
     * delivery handled before may have kept some of them already, and a second copy must not be kept.
     */
    List<Boolean> keep(String mailbox, List<OriginalMessage> messages, boolean mayRepeat);

    /** One page of what the mailbox holds that {@code search} matches, newest first, and how many it matches. */
    Listing list(String mailbox, MailboxSearch search, int page, int size);

    /**
     * The exact bytes of one message of {@code mailbox}, which now counts as read unless {@code peek}; empty when it
     * has no such.
     */
    Optional<Download> open(String mailbox, UUID id, boolean peek);

    /** Deletes one message of {@code mailbox}; false when it has no such message. */
    boolean delete(String mailbox, UUID id);

    /** How much of its quota {@code mailbox} uses, in bytes, as whoever keeps it counts. */
    long used(String mailbox);

    /** A page of a listing. */
    record Listing(List<MailboxEntry> entries, long total) {
    }

    /** A message's bytes and their size. */
    record Download(InputStream body, long size) {
    }
}
