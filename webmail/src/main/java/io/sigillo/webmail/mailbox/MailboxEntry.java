package io.sigillo.webmail.mailbox;

import java.time.Instant;
import java.util.UUID;

/** One message of the mailbox's listing; {@code seen} is null where no mail client shares the read state. */
public record MailboxEntry(UUID id, Instant receivedAt, String from, String subject, String pecType,
        String riferimentoMessageId, long size, Boolean seen, String folder) {

    /** Shown in bold until read. */
    public boolean unread() {
        return Boolean.FALSE.equals(seen);
    }
}
