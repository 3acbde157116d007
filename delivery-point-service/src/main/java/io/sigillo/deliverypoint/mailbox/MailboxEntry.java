package io.sigillo.deliverypoint.mailbox;

import io.sigillo.pec.message.HeaderText;
import java.time.Instant;
import java.util.UUID;

/**
 * One message in a mailbox listing.
 *
 * @param id                    the message's id in the mailbox
 * @param receivedAt            when it was stored
 * @param from                  who sent it, as signed: an envelope's certified sender, a receipt's provider mailbox
 * @param subject               the Subject, decoded
 * @param pecType               the value of X-Ricevuta or X-Trasporto its signed content states
 * @param riferimentoMessageId  the X-Riferimento-Message-ID header
 * @param size                  bytes
 * @param seen                  whether it was read, over REST or by a mail client; null where no mail client reads
 *                              the mailboxes (without Dovecot)
 * @param folder                the folder its owner keeps it in (INBOX, or one a mail client moved it to); null
 *                              without Dovecot, where there are no folders
 */
public record MailboxEntry(UUID id, Instant receivedAt, String from, String subject, String pecType,
        String riferimentoMessageId, long size, Boolean seen, String folder) {

    /** Listed as text a reader can see and PostgreSQL can store: any control character is shown as U+FFFD. */
    public MailboxEntry {
        from = HeaderText.neutralised(from);
        subject = HeaderText.neutralised(subject);
        pecType = HeaderText.neutralised(pecType);
        riferimentoMessageId = HeaderText.neutralised(riferimentoMessageId);
        folder = HeaderText.neutralised(folder);
    }

    /** An entry whose read state no one knows. */
    public MailboxEntry(UUID id, Instant receivedAt, String from, String subject, String pecType,
            String riferimentoMessageId, long size) {
        this(id, receivedAt, from, subject, pecType, riferimentoMessageId, size, null, null);
    }

    /** This entry as kept in {@code where}, read or not. */
    public MailboxEntry in(String where, boolean read) {
        return new MailboxEntry(id, receivedAt, from, subject, pecType, riferimentoMessageId, size, read, where);
    }
}
