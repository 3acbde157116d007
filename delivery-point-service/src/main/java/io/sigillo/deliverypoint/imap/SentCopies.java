package io.sigillo.deliverypoint.imap;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionChannel;
import io.sigillo.support.Redeliveries;
import jakarta.mail.MessagingException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps a copy of what an owner submitted, over REST or SMTP, in the Sent folder of their mailbox, where their mail
 * client shows it and matches the receipts to it by X-Riferimento-Message-ID (function {@code keepSent} ←
 * pec.submission.accepted). Only where Dovecot keeps the mailboxes: without it a mailbox has no folders. A copy whose
 * Message-ID the folder holds already (an SMTP client kept its own, or this copy was added before a crash) is not
 * added again; a REST submission handled for the first time is one APPEND, as no client can have kept it.
 */
@Configuration
public class SentCopies {

    private static final Logger LOG = LoggerFactory.getLogger(SentCopies.class);

    @Bean
    public Consumer<SubmissionAccepted> keepSent(DovecotProperties dovecot, DovecotMailboxes mailboxes,
            BlobStore blobs) {
        return accepted -> {
            if (!dovecot.enabled()) {
                return;
            }
            byte[] original = blobs.get(accepted.original()).orElseThrow(() -> new IllegalStateException(
                    "the original of " + accepted.facts().identifier() + " is not in the blob store"));
            String sender = accepted.facts().sender();
            try {
                boolean mayBeThere = accepted.submittedOver() != SubmissionChannel.REST || Redeliveries.mayRepeat();
                DovecotMailboxes.Appended appended = mayBeThere ? mailboxes.append(sender, "Sent", original)
                        : mailboxes.appendNew(sender, "Sent", original);
                if (appended instanceof DovecotMailboxes.Full full) {
                    // The copy is the owner's convenience, not a certified delivery: a full mailbox goes without it.
                    LOG.warn("no copy of {} in the Sent folder of {}: {}", accepted.facts().identifier(), sender,
                            full.why());
                }
            } catch (MessagingException e) {
                throw new IllegalStateException("Dovecot did not take the Sent copy for " + sender + ": "
                        + e.getMessage(), e);
            }
        };
    }
}
