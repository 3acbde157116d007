package io.sigillo.deliverypoint.imap;

import io.sigillo.deliverypoint.mailbox.MailboxContents;
import io.sigillo.deliverypoint.mailbox.MailboxEntry;
import io.sigillo.deliverypoint.mailbox.MailboxMessages;
import io.sigillo.deliverypoint.mailbox.MailboxSearch;
import io.sigillo.pec.message.OriginalMessage;
import jakarta.mail.MessagingException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The mailboxes in Dovecot (ADR 0026): REST lists, reads and deletes what IMAP shows, so a message read or deleted
 * by a mail client is read or gone over REST too; the ledger adds the PEC facts and the ids REST names messages by.
 * A failure to reach Dovecot is a passing one: the caller retries (a delivery's consumer waits and tries again).
 */
final class DovecotMailboxContents implements MailboxContents {

    private final DovecotMailboxes mailboxes;
    private final MailboxMessages ledger;

    DovecotMailboxContents(DovecotMailboxes mailboxes, MailboxMessages ledger) {
        this.mailboxes = mailboxes;
        this.ledger = ledger;
    }

    @Override
    public List<Boolean> keep(String mailbox, List<OriginalMessage> messages, boolean mayRepeat) {
        try {
            List<DovecotMailboxes.Appended> appended;
            if (mayRepeat) {
                // A delivery handled before (a crash or a failed commit after its APPEND) may have left its copy.
                appended = new ArrayList<>(messages.size());
                for (OriginalMessage message : messages) {
                    appended.add(mailboxes.append(mailbox, "INBOX", message.bytes()));
                }
            } else {
                appended = mailboxes.appendAllNew(mailbox, "INBOX",
                        messages.stream().map(OriginalMessage::bytes).toList());
            }
            return appended.stream().map(a -> a instanceof DovecotMailboxes.Stored).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException("Dovecot did not take the messages for " + mailbox + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Listing list(String mailbox, MailboxSearch search, int page, int size) {
        List<DovecotMailboxes.Held> held = held(mailbox);
        Map<String, MailboxEntry> known = ledger.byHeaderMessageId(mailbox, held.stream()
                .map(DovecotMailboxes.Held::messageId).filter(id -> id != null).toList());
        // What the delivery point delivered and a folder still holds, wherever the owner filed it (the Trash aside):
        // a client's own messages are IMAP's business. A copy in a second folder is listed once, where first found.
        Map<UUID, MailboxEntry> listed = new LinkedHashMap<>();
        for (DovecotMailboxes.Held h : held) {
            MailboxEntry entry = h.messageId() == null ? null : known.get(h.messageId());
            if (entry != null && search.matches(entry)) {
                listed.putIfAbsent(entry.id(), entry.in(h.folder(), h.seen()));
            }
        }
        List<MailboxEntry> newestFirst = listed.values().stream()
                .sorted(Comparator.comparing(MailboxEntry::receivedAt).reversed()).toList();
        int from = (int) Math.min(newestFirst.size(), (long) page * size);
        return new Listing(newestFirst.subList(from, Math.min(newestFirst.size(), from + size)), newestFirst.size());
    }

    @Override
    public Optional<Download> open(String mailbox, UUID id, boolean peek) {
        Optional<String> messageId = ledger.headerMessageId(mailbox, id);
        if (messageId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return mailboxes.read(mailbox, messageId.get(), peek)
                    .map(bytes -> new Download(new ByteArrayInputStream(bytes), bytes.length));
        } catch (MessagingException e) {
            throw new IllegalStateException("Dovecot could not be read for " + mailbox + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String mailbox, UUID id) {
        Optional<String> messageId = ledger.headerMessageId(mailbox, id);
        if (messageId.isEmpty()) {
            return false;
        }
        try {
            if (!mailboxes.remove(mailbox, messageId.get())) {
                return false;
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("Dovecot could not be changed for " + mailbox + ": " + e.getMessage(), e);
        }
        ledger.delete(mailbox, id);
        return true;
    }

    private List<DovecotMailboxes.Held> held(String mailbox) {
        try {
            return mailboxes.held(mailbox);
        } catch (MessagingException e) {
            throw new IllegalStateException("Dovecot could not be read for " + mailbox + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long used(String mailbox) {
        try {
            return mailboxes.used(mailbox);
        } catch (MessagingException e) {
            throw new IllegalStateException("Dovecot could not be read for " + mailbox + ": " + e.getMessage(), e);
        }
    }
}
