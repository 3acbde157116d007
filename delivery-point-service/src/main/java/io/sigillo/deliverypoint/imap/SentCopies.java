package io.sigillo.deliverypoint.imap;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionChannel;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a copy of what an owner submitted, over REST or SMTP, in the Sent folder of their mailbox, where their mail
 * client shows it and matches the receipts to it by X-Riferimento-Message-ID ({@code pec.submission.accepted}, read by
 * the point's one consumer). Only where Dovecot keeps the mailboxes: without it a mailbox has no folders. A copy whose
 * Message-ID the folder holds already (an SMTP client kept its own, or this copy was added before a crash) is not
 * added again; REST submissions handled for the first time go in one APPEND per owner, as no client can have kept
 * them.
 */
@Component
public class SentCopies {

    private static final Logger LOG = LoggerFactory.getLogger(SentCopies.class);

    private final DovecotProperties dovecot;
    private final DovecotMailboxes mailboxes;
    private final BlobStore blobs;

    public SentCopies(DovecotProperties dovecot, DovecotMailboxes mailboxes, BlobStore blobs) {
        this.dovecot = dovecot;
        this.mailboxes = mailboxes;
        this.blobs = blobs;
    }

    /** Keeps the copies of {@code accepted}; {@code mayRepeat}: they may have been handled before (ADR 0029). */
    public void keep(List<SubmissionAccepted> accepted, boolean mayRepeat) {
        if (!dovecot.enabled()) {
            return;
        }
        Map<String, List<SubmissionAccepted>> firstBySender = new LinkedHashMap<>();
        for (SubmissionAccepted one : accepted) {
            if (mayRepeat || one.submittedOver() != SubmissionChannel.REST) {
                kept(List.of(one), List.of(append(one, original(one))));
            } else {
                firstBySender.computeIfAbsent(one.facts().sender(), s -> new ArrayList<>()).add(one);
            }
        }
        firstBySender.forEach(this::appendedNew);
    }

    /** Appends the copies of one sender's first-time REST submissions, a megabyte of them at a time. */
    private void appendedNew(String sender, List<SubmissionAccepted> accepted) {
        List<SubmissionAccepted> these = new ArrayList<>();
        List<byte[]> originals = new ArrayList<>();
        long bytes = 0;
        for (SubmissionAccepted one : accepted) {
            // Appended before the next is read when that would go past the bound: never two large ones at once.
            if (!these.isEmpty() && bytes + one.original().size() > MailboxDelivery.BYTES_KEPT_AT_ONCE) {
                appendedNew(sender, these, originals);
                these.clear();
                originals.clear();
                bytes = 0;
            }
            these.add(one);
            originals.add(original(one));
            bytes += one.original().size();
        }
        appendedNew(sender, these, originals);
    }

    private void appendedNew(String sender, List<SubmissionAccepted> these, List<byte[]> originals) {
        try {
            kept(these, mailboxes.appendAllNew(sender, "Sent", originals));
        } catch (MessagingException e) {
            throw notTaken(sender, e);
        }
    }

    private DovecotMailboxes.Appended append(SubmissionAccepted accepted, byte[] original) {
        try {
            return mailboxes.append(accepted.facts().sender(), "Sent", original);
        } catch (MessagingException e) {
            throw notTaken(accepted.facts().sender(), e);
        }
    }

    private static void kept(List<SubmissionAccepted> accepted, List<DovecotMailboxes.Appended> appended) {
        for (int i = 0; i < accepted.size(); i++) {
            if (appended.get(i) instanceof DovecotMailboxes.Full full) {
                // The copy is the owner's convenience, not a certified delivery: a full mailbox goes without it.
                LOG.warn("no copy of {} in the Sent folder of {}: {}", accepted.get(i).facts().identifier(),
                        accepted.get(i).facts().sender(), full.why());
            }
        }
    }

    private byte[] original(SubmissionAccepted accepted) {
        return blobs.get(accepted.original()).orElseThrow(() -> new IllegalStateException(
                "the original of " + accepted.facts().identifier() + " is not in the blob store"));
    }

    private static IllegalStateException notTaken(String sender, MessagingException e) {
        return new IllegalStateException("Dovecot did not take the Sent copy for " + sender + ": " + e.getMessage(), e);
    }
}
