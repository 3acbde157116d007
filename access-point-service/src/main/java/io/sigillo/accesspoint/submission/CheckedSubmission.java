package io.sigillo.accesspoint.submission;

import io.sigillo.pec.format.ReceiptType;
import java.util.List;

/**
 * A message that passed the access point's checks.
 *
 * @param raw         the message bytes as stored (CRLF; Message-ID and Date added when missing)
 * @param sender      the From address (the authenticated mailbox)
 * @param to          primary recipient addresses
 * @param cc          copy recipient addresses
 * @param replyTo     the Reply-To address, or the sender
 * @param subject     the decoded subject
 * @param messageId   the Message-ID with its angle brackets
 * @param receiptType the delivery receipt asked for
 */
public record CheckedSubmission(byte[] raw, String sender, List<String> to, List<String> cc, String replyTo,
        String subject, String messageId, ReceiptType receiptType) {
}
