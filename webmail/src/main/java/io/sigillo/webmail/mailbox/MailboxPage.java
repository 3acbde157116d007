package io.sigillo.webmail.mailbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of a mailbox as the delivery point lists it, newest first.
 *
 * @param messages what this page holds
 * @param page     its number, from 0
 * @param size     at most how many a page holds
 * @param total    how many the mailbox holds
 */
public record MailboxPage(List<Entry> messages, int page, int size, long total) {

    /** One message of the listing; {@code seen} is null where no mail client shares the read state. */
    public record Entry(UUID id, Instant receivedAt, String from, String subject, String pecType,
            String riferimentoMessageId, long size, Boolean seen, String folder) {

        /** Shown in bold until read. */
        public boolean unread() {
            return Boolean.FALSE.equals(seen);
        }
    }

    public MailboxPage {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** Whether a page comes before this one. */
    public boolean hasPrevious() {
        return page > 0;
    }

    /** Whether a page comes after this one. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
