package io.sigillo.accesspoint.submission;

import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.OriginalMessage;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What the access point checks before it accepts a message, as the PEC rules ask: the From is the
 * authenticated mailbox, no Bcc, at least one and at most the allowed recipients, syntactically valid
 * addresses, well-formed MIME, size × recipients within the limit.
 */
@Component
public class SubmissionChecks {

    /** Header fields in raw UTF-8 are read as UTF-8 (RFC 6532), as SMTP submission offers SMTPUTF8 and 8BITMIME. */
    private static final Session SESSION = Session.getInstance(utf8Headers());
    private static final int MAX_MIME_DEPTH = 20;
    /** The longest line RFC 5322 (2.1.1) allows, without its CRLF. */
    public static final int MAX_LINE_LENGTH = 998;
    private static final Set<String> LENIENT_ENCODINGS = Set.of("quoted-printable", "7bit", "8bit", "binary");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[!-;=?-~]{1,250}@[!-;=?-~]{1,250}>");

    private final SubmissionProperties properties;
    private final FreshMessageIds freshIds;
    private final Clock clock;

    public SubmissionChecks(SubmissionProperties properties, FreshMessageIds freshIds, Clock clock) {
        this.properties = properties;
        this.freshIds = freshIds;
        this.clock = clock;
    }

    private static Properties utf8Headers() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.allowutf8", "true");
        return properties;
    }

    /** The checked submission, or a {@link SubmissionRefused} saying which check failed and why. */
    public CheckedSubmission check(byte[] raw, String authenticated, String receiptTypeParameter) {
        return check(raw, authenticated, receiptTypeParameter, null);
    }

    /**
     * As {@link #check(byte[], String, String)}, for a message that came with an SMTP envelope: its recipients
     * ({@code RCPT TO}, in lower case) must be exactly those of To and Cc, since one outside them is a blind copy
     * (RFC 6109) and one left out would be certified as a recipient who never got the message.
     */
    public CheckedSubmission check(byte[] raw, String authenticated, String receiptTypeParameter,
            Set<String> envelope) {
        OriginalMessage original = OriginalMessage.of(raw);
        MimeMessage message = parse(original);
        String sender = single(message, "From");
        if (!sender.equalsIgnoreCase(authenticated)) {
            throw SubmissionRefused.withNotice("from", "Il mittente \"" + sender
                    + "\" non corrisponde alla casella autenticata " + authenticated);
        }
        if (header(message, "Sender") != null && !single(message, "Sender").equalsIgnoreCase(authenticated)) {
            throw SubmissionRefused.withNotice("sender", "Il campo Sender non corrisponde alla casella autenticata");
        }
        if (header(message, "Bcc") != null) {
            throw SubmissionRefused.withNotice("bcc", "I destinatari in copia nascosta (Bcc) non sono consentiti");
        }
        // A mailbox named twice, in any letter case, in To or Cc, is one recipient: one envelope, one receipt.
        Set<String> all = new LinkedHashSet<>();
        List<String> to = distinct(addresses(message, Message.RecipientType.TO, "to"), all);
        List<String> cc = distinct(addresses(message, Message.RecipientType.CC, "cc"), all);
        if (all.isEmpty()) {
            throw SubmissionRefused.withNotice("to", "Il messaggio non ha destinatari");
        }
        if (all.size() > properties.maxRecipients()) {
            throw SubmissionRefused.withNotice("to", "Troppi destinatari: " + all.size() + " (al massimo "
                    + properties.maxRecipients() + ")");
        }
        if (envelope != null) {
            checkEnvelope(envelope, all);
        }
        checkLineLengths(original);
        checkMime(message, 0);
        String replyTo = header(message, "Reply-To") == null ? sender : single(message, "Reply-To");
        String subject = subject(message);
        ReceiptType receiptType = receiptType(receiptTypeParameter != null ? receiptTypeParameter
                : header(message, PecHeaders.X_TIPO_RICEVUTA));
        String messageId = messageId(message);
        byte[] stored = completeHeaders(original, message, messageId);
        if ((long) stored.length * all.size() > properties.maxSize().toBytes()) {
            throw new SubmissionRefused(413, "body", "Dimensione complessiva eccessiva: " + stored.length
                    + " byte per " + all.size() + " destinatari supera il limite di "
                    + properties.maxSize().toBytes() + " byte", io.sigillo.pec.format.PecError.ALTRO, true);
        }
        return new CheckedSubmission(stored, sender.toLowerCase(Locale.ROOT), to, cc, replyTo, subject,
                messageId, receiptType);
    }

    private static MimeMessage parse(OriginalMessage original) {
        try {
            // Parsed over the bytes as they are (a shared stream): Jakarta Mail copies nothing, each part a range.
            MimeMessage message = new MimeMessage(SESSION, original.inputStream());
            message.getContentType();
            return message;
        } catch (MessagingException e) {
            throw SubmissionRefused.unreadable("body", "not an RFC 5322 message: " + e.getMessage());
        }
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String single(MimeMessage message, String name) {
        String value = header(message, name);
        if (value == null) {
            throw SubmissionRefused.withNotice(name.toLowerCase(Locale.ROOT), "Manca il campo " + name);
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(value, true);
            if (parsed.length != 1) {
                throw SubmissionRefused.withNotice(name.toLowerCase(Locale.ROOT),
                        "Il campo " + name + " deve contenere un solo indirizzo");
            }
            parsed[0].validate();
            return parsed[0].getAddress();
        } catch (AddressException e) {
            throw SubmissionRefused.withNotice(name.toLowerCase(Locale.ROOT),
                    "Indirizzo non valido nel campo " + name + ": " + e.getMessage());
        }
    }

    private static List<String> addresses(MimeMessage message, Message.RecipientType type, String field) {
        String value = header(message, type == Message.RecipientType.TO ? "To" : "Cc");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            for (Address address : InternetAddress.parseHeader(value, true)) {
                InternetAddress internet = (InternetAddress) address;
                if (internet.isGroup()) {
                    throw SubmissionRefused.withNotice(field, "Gli indirizzi di gruppo non sono consentiti");
                }
                internet.validate();
                if (!isAscii(internet.getAddress())) {
                    throw new AddressException("only ASCII characters are allowed", internet.getAddress());
                }
                if (internet.getAddress().indexOf('@') < 1) {
                    throw new AddressException("missing domain", internet.getAddress());
                }
                out.add(internet.getAddress());
            }
        } catch (AddressException e) {
            throw SubmissionRefused.withNotice(field, "Indirizzo non valido tra i destinatari: "
                    + (e.getRef() == null ? "" : "\"" + HeaderText.neutralised(e.getRef()) + "\" ") + "("
                    + e.getMessage() + ")");
        }
        return out;
    }

    /**
     * Those of {@code addresses} not in {@code seen} (compared in lower case), each with its first spelling; adds
     * them to {@code seen}.
     */
    private static List<String> distinct(List<String> addresses, Set<String> seen) {
        return addresses.stream().filter(a -> seen.add(a.toLowerCase(Locale.ROOT))).toList();
    }

    /** True when {@code text} is all ASCII: an address is, until SMTPUTF8 addresses are carried end to end. */
    public static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /**
     * A line longer than RFC 5322 allows (998 characters) is refused here, since the signature covers the bytes and
     * no provider would take the envelope (as this one's incoming point does not, ADR 0021).
     */
    private static void checkLineLengths(OriginalMessage original) {
        byte[] raw = original.bytes();
        int line = 0;
        for (byte b : raw) {
            if (b == '\n') {
                line = 0;
            } else if (b != '\r' && ++line > MAX_LINE_LENGTH) {
                throw SubmissionRefused.withNotice("body", "Il messaggio contiene una riga più lunga di "
                        + MAX_LINE_LENGTH + " caratteri (RFC 5322 2.1.1): i gestori destinatari la rifiuterebbero");
            }
        }
    }

    private static void checkEnvelope(Set<String> envelope, Set<String> headerRecipients) {
        for (String recipient : envelope) {
            if (!headerRecipients.contains(recipient)) {
                throw SubmissionRefused.withNotice("bcc", "Il destinatario " + recipient + " non compare in To o Cc: "
                        + "i destinatari in copia nascosta (Bcc) non sono consentiti");
            }
        }
        for (String recipient : headerRecipients) {
            if (!envelope.contains(recipient)) {
                throw SubmissionRefused.withNotice("to", "Il destinatario " + recipient + " compare in To o Cc ma "
                        + "non tra i destinatari della trasmissione (RCPT TO)");
            }
        }
    }

    private static void checkMime(Part part, int depth) {
        try {
            if (depth > MAX_MIME_DEPTH) {
                throw SubmissionRefused.withNotice("body", "Struttura MIME troppo annidata");
            }
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (!(content instanceof Multipart multipart) || multipart.getCount() == 0) {
                    throw SubmissionRefused.withNotice("body", "Parte multipart senza contenuto");
                }
                for (int i = 0; i < multipart.getCount(); i++) {
                    checkMime(multipart.getBodyPart(i), depth + 1);
                }
            } else if (canFailToDecode(part)) {
                part.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (MessagingException | IOException e) {
            throw SubmissionRefused.withNotice("body", "Struttura MIME non valida: " + e.getMessage());
        }
    }

    /**
     * Whether reading the part's body decoded could fail: base64 and uuencode can be malformed and an unknown
     * encoding cannot be read at all, while quoted-printable and the identity encodings decode leniently (Angus
     * passes a malformed escape through), so decoding them cost CPU and could refuse nothing.
     */
    private static boolean canFailToDecode(Part part) throws MessagingException {
        String encoding = part instanceof MimePart mime ? mime.getEncoding() : null;
        if (encoding == null) {
            return false;
        }
        return !LENIENT_ENCODINGS.contains(encoding.trim().toLowerCase(Locale.ROOT));
    }

    private static String subject(MimeMessage message) {
        String subject;
        try {
            subject = message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
        if (HeaderText.hasControlCharacters(subject)) {
            throw SubmissionRefused.withNotice("subject", "L'oggetto contiene caratteri di controllo non ammessi");
        }
        return subject == null ? "" : subject;
    }

    private static ReceiptType receiptType(String value) {
        if (value == null || value.isBlank()) {
            return ReceiptType.COMPLETA;
        }
        return ReceiptType.fromValue(value).orElseThrow(() -> SubmissionRefused.unreadable("receiptType",
                "receiptType must be completa, breve or sintetica, not \"" + value + "\""));
    }

    /** The sender's Message-ID when it is well-formed, a fresh one when there is none; refused otherwise. */
    private String messageId(MimeMessage message) {
        String id = header(message, "Message-ID");
        if (id == null) {
            return freshIds.next();
        }
        if (!MESSAGE_ID.matcher(id.trim()).matches()) {
            throw SubmissionRefused.withNotice("messageId", "Message-ID non valido: " + id.trim());
        }
        return id.trim();
    }

    /** Adds Message-ID and Date in front when the sender left them out; the rest stays byte for byte. */
    private byte[] completeHeaders(OriginalMessage original, MimeMessage message, String messageId) {
        StringBuilder added = new StringBuilder();
        if (header(message, "Message-ID") == null) {
            added.append("Message-ID: ").append(messageId).append("\r\n");
        }
        if (header(message, "Date") == null) {
            added.append("Date: ").append(new MailDateFormat().format(Date.from(clock.instant()))).append("\r\n");
        }
        if (added.isEmpty()) {
            return original.bytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.size() + added.length());
        out.writeBytes(added.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(original.bytes());
        return out.toByteArray();
    }
}
