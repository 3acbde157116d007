package io.sigillo.accesspoint.relay;

import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.mime.HeaderBlock;
import io.sigillo.pec.mime.MimeEntity;
import io.sigillo.pec.mime.MimeLeaf;
import io.sigillo.pec.mime.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery status notifications (RFC 3464) for ordinary mail the relay gave up on: what any mail server sends the
 * sender when a message could not be delivered, with the reason in words (Italian, then English), the machine
 * readable status per recipient, and the headers of what was sent.
 */
final class NonDeliveryReports {

    /** The most header bytes of the returned message copied into the report. */
    static final int MAX_RETURNED_HEADERS = 32 * 1024;

    private static final Pattern ENHANCED_STATUS =
            Pattern.compile("^[245][0-9][0-9][ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\b");

    private NonDeliveryReports() {
    }

    /**
     * One failure.
     *
     * @param reportingHost the relay's host name, as it says EHLO
     * @param domain        this provider's domain, the report's sender's
     * @param messageId     the report's own Message-ID (one per failed row, so a retried report is one message)
     * @param reportTo      the sender told
     * @param recipients    the recipients it did not reach
     * @param permanent     true when the other side refused it, false when it was retried too long
     * @param diagnostic    the reason: the other side's reply, or what went wrong
     * @param arrivedAt     when the relay took the message
     * @param failedAt      when it gave up
     * @param sent          the message that was not delivered (only its headers are returned)
     */
    record Failure(String reportingHost, String domain, String messageId, String reportTo,
            List<String> recipients, boolean permanent, String diagnostic, Instant arrivedAt, Instant failedAt, InputStream sent) {
    }

    /** The report's bytes. */
    static byte[] report(Failure failure) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        new HeaderBlock()
                .raw("Date", PecTimestamp.rfc5322(failure.failedAt()))
                .address("From", "MAILER-DAEMON@" + failure.domain(), "Mail Delivery System")
                .address("To", failure.reportTo(), null)
                .text("Subject", "Mancata consegna / Undelivered Mail Returned to Sender")
                .raw("Message-ID", failure.messageId())
                // RFC 3834: no autoresponder answers this, so two servers cannot bounce mail back and forth.
                .raw("Auto-Submitted", "auto-replied")
                .raw("MIME-Version", "1.0")
                .writeTo(out);
        List<MimeEntity> parts = List.of(MimeLeaf.text("plain", explanation(failure)),
                MimeLeaf.of(new HeaderBlock().raw("Content-Type", "message/delivery-status"),
                        MimeLeaf.Encoding.SEVEN_BIT, body -> body.write(status(failure)
                                .getBytes(StandardCharsets.US_ASCII))),
                MimeLeaf.of(new HeaderBlock().raw("Content-Type", "text/rfc822-headers"),
                        MimeLeaf.Encoding.EIGHT_BIT, body -> body.write(headersOf(failure.sent()))));
        new MimeMultipart("report; report-type=delivery-status", parts).writeTo(out);
        return out.toByteArray();
    }

    /** The RFC 3463 status: the other side's own enhanced code when it gave one, else what the failure says. */
    static String statusCode(boolean permanent, String diagnostic) {
        Matcher enhanced = ENHANCED_STATUS.matcher(diagnostic);
        if (enhanced.find() && enhanced.group(1).charAt(0) != '2') {
            return enhanced.group(1);
        }
        if (diagnostic.startsWith("556")) {
            // The relay's own answer for a domain that takes no mail: a null MX (RFC 7505) or no such domain.
            return diagnostic.contains("null MX") ? "5.1.10" : "5.1.2";
        }
        // Refused without an enhanced code: a permanent failure of unknown kind; retried too long: expired.
        return permanent ? "5.0.0" : "4.4.7";
    }

    private static String explanation(Failure failure) {
        String recipients = String.join("\n", failure.recipients().stream().map(r -> "  " + r).toList());
        return """
                Questo è un messaggio automatico del server di posta di %1$s.

                Il messaggio inviato il %2$s non è stato consegnato ai destinatari seguenti:

                %3$s

                Motivo: %4$s
                %5$s

                This is an automatic message from the mail server of %1$s.

                The message sent on %2$s could not be delivered to:

                %3$s

                Reason: %4$s
                """.formatted(failure.domain(), PecTimestamp.rfc5322(failure.arrivedAt()), recipients,
                printable(failure.diagnostic()), failure.permanent()
                        ? "Il server del destinatario lo ha rifiutato: un nuovo invio non andrà a buon fine senza "
                                + "correggere l'indirizzo."
                        : "Il server del destinatario non ha risposto per tutto il tempo dei tentativi.");
    }

    private static String status(Failure failure) {
        StringBuilder status = new StringBuilder()
                .append("Reporting-MTA: dns; ").append(failure.reportingHost()).append("\r\n")
                .append("Arrival-Date: ").append(PecTimestamp.rfc5322(failure.arrivedAt())).append("\r\n");
        String code = statusCode(failure.permanent(), failure.diagnostic());
        // An SMTP reply is reported as one; anything else (no answer, no DNS) in words.
        String reason = printable(failure.diagnostic());
        String diagnostic = (reason.matches("^[245][0-9][0-9]( .*)?$") ? "smtp; " : "x-sigillo; ") + reason;
        for (String recipient : failure.recipients()) {
            status.append("\r\n")
                    .append("Final-Recipient: rfc822; ").append(recipient).append("\r\n")
                    .append("Action: failed\r\n")
                    .append("Status: ").append(code).append("\r\n")
                    .append("Diagnostic-Code: ").append(diagnostic).append("\r\n")
                    .append("Last-Attempt-Date: ").append(PecTimestamp.rfc5322(failure.failedAt())).append("\r\n");
        }
        return status.toString();
    }

    /** The header section of the returned message, up to the blank line, bounded. */
    private static byte[] headersOf(InputStream sent) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream(4096);
        int previous = -1;
        int lineLength = 0;
        int b;
        while ((b = sent.read()) != -1 && headers.size() < MAX_RETURNED_HEADERS) {
            if (b == '\n' && previous == '\r' && lineLength == 1) {
                break;
            }
            headers.write(b);
            lineLength = b == '\n' ? 0 : lineLength + 1;
            previous = b;
        }
        byte[] bytes = headers.toByteArray();
        // Ends at a line's end, so the report's closing boundary starts a line of its own.
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        // The line break before the closing boundary is the boundary's own (RFC 2046).
        return Arrays.copyOf(bytes, end >= 2 && bytes[end - 2] == '\r' ? end - 2 : end);
    }

    /** Text a remote server sent, as printable ASCII on one line. */
    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7E]", " ").strip();
    }
}
