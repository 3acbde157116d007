package io.sigillo.accesspoint.submission;

import io.sigillo.accesspoint.submission.SubmissionRequest.Attachment;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.HeaderText;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.commons.io.output.CountingOutputStream;
import org.springframework.stereotype.Component;

/** Turns a JSON submission into the RFC 5322 message the sender would have written. */
@Component
public class OriginalMessageBuilder {

    private static final Session SESSION = Session.getInstance(new Properties());
    /** Past this a subject may hold a word too long for one header line, which only encoded words can fold. */
    private static final int LONG_SUBJECT = 900;

    private final Clock clock;
    private final FreshMessageIds freshIds;

    public OriginalMessageBuilder(Clock clock, FreshMessageIds freshIds) {
        this.clock = clock;
        this.freshIds = freshIds;
    }

    /** The message bytes, From the authenticated sender. */
    public byte[] build(String sender, SubmissionRequest request) {
        try {
            MimeMessage message = new FixedIdMessage(SESSION, freshIds.next());
            message.setFrom(new InternetAddress(sender, true));
            setRecipients(message, Message.RecipientType.TO, "to", request.to());
            if (!request.cc().isEmpty()) {
                setRecipients(message, Message.RecipientType.CC, "cc", request.cc());
            }
            if (!request.bcc().isEmpty()) {
                message.setRecipients(Message.RecipientType.BCC, addresses("bcc", request.bcc()));
            }
            setSubject(message, request.subject() == null ? "" : request.subject());
            message.setSentDate(Date.from(clock.instant()));
            if (request.receiptType() != null) {
                // The rules' own word, never the client's text: a line end in it would start a header of its own.
                message.setHeader(PecHeaders.X_TIPO_RICEVUTA, receiptType(request.receiptType()).value());
            }
            message.setContent(body(request));
            message.saveChanges();
            return bytesOf(message, expectedSize(request));
        } catch (MessagingException | IOException e) {
            throw SubmissionRefused.unreadable("body", "the message cannot be built: " + e.getMessage());
        }
    }

    /**
     * The message written once into an array: a large one is measured first, so that the array is its own size and
     * is handed on without a copy (ADR 0018); a small one is copied out of its estimate.
     */
    private static byte[] bytesOf(MimeMessage message, int estimate) throws IOException, MessagingException {
        int size = estimate;
        if (estimate > DecodedAttachments.IN_MEMORY) {
            CountingOutputStream counted = new CountingOutputStream(OutputStream.nullOutputStream());
            message.writeTo(counted);
            size = (int) Math.min(counted.getByteCount(), Integer.MAX_VALUE - 8);
        }
        SizedOutput out = new SizedOutput(size);
        message.writeTo(out);
        return out.bytes();
    }

    /** Hands over its buffer when the message filled it exactly. */
    private static final class SizedOutput extends ByteArrayOutputStream {

        SizedOutput(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /**
     * About the size of the message: each attachment's base64 with a line end every 76 characters, the texts at most
     * tripled by their encoding. Sized once, a 20 MB message is not copied at each doubling.
     */
    private static int expectedSize(SubmissionRequest request) {
        long size = 16 * 1024 + 3L * (length(request.text()) + length(request.html()));
        for (Attachment a : request.attachments()) {
            long decoded = a.content() == null ? 0 : a.content().size();
            size += (decoded + 2) / 3 * 4 * 78 / 76 + 1024;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 8);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /**
     * The subject, folded; a long one as encoded words of a line each (RFC 2047), since Jakarta Mail leaves ASCII
     * unencoded and folds only at spaces: no line of the header may be longer than the 998 characters a provider takes.
     */
    private static void setSubject(MimeMessage message, String subject) throws MessagingException {
        if (subject.length() <= LONG_SUBJECT) {
            message.setSubject(subject, "UTF-8");
            return;
        }
        StringBuilder words = new StringBuilder();
        int start = 0;
        while (start < subject.length()) {
            // 45 bytes of UTF-8 are 60 of base64: each word within RFC 2047's 75 characters.
            int end = start;
            int bytes = 0;
            while (end < subject.length()) {
                int next = subject.offsetByCodePoints(end, 1);
                int size = subject.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + size > 45) {
                    break;
                }
                bytes += size;
                end = next;
            }
            words.append(words.isEmpty() ? "" : "\r\n ").append("=?UTF-8?B?").append(Base64.getEncoder()
                    .encodeToString(subject.substring(start, end).getBytes(StandardCharsets.UTF_8))).append("?=");
            start = end;
        }
        message.setHeader("Subject", words.toString());
    }

    /** One of the rules' receipt types (completa, breve, sintetica), in any letter case, as the checks read them. */
    private static ReceiptType receiptType(String value) {
        return ReceiptType.fromValue(value).orElseThrow(() -> SubmissionRefused.unreadable("receiptType",
                "receiptType must be completa, breve or sintetica, not \"" + HeaderText.neutralised(value) + "\""));
    }

    /**
     * To or Cc. A list with an item that is no address is written with that item as one quoted word, which the
     * submission checks refuse with a non-acceptance notice, as they do a client's own message (RFC 6109 3.1.1): it
     * cannot become two addresses, and its characters were checked before anything is written.
     */
    private static void setRecipients(MimeMessage message, Message.RecipientType type, String field,
            List<String> list) throws MessagingException {
        InternetAddress[] parsed;
        try {
            parsed = addresses(field, list);
        } catch (SubmissionRefused refused) {
            if (!refused.notifySender()) {
                throw refused;
            }
            message.setHeader(type == Message.RecipientType.TO ? "To" : "Cc",
                    list.stream().map(OriginalMessageBuilder::asWritten).collect(Collectors.joining(", ")));
            return;
        }
        message.setRecipients(type, parsed);
    }

    /** An address as the header writes it; an item that is none as a quoted word, without a domain. */
    private static String asWritten(String item) {
        try {
            InternetAddress address = new InternetAddress(item, true);
            address.validate();
            return address.toString();
        } catch (AddressException e) {
            return "\"" + item.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    /**
     * The list's addresses; refused without a notice when an item holds a control character or a character outside
     * ASCII (checked for every item before any is parsed), with one when an item is not an address.
     */
    private static InternetAddress[] addresses(String field, List<String> list) {
        for (int i = 0; i < list.size(); i++) {
            if (HeaderText.hasControlCharacters(list.get(i))) {
                // Never written: a line end would start a header of its own.
                throw SubmissionRefused.unreadable(field + "[" + i + "]", "Indirizzo non valido: \""
                        + HeaderText.neutralised(list.get(i)) + "\" (a control character)");
            }
            if (!SubmissionChecks.isAscii(list.get(i))) {
                throw SubmissionRefused.unreadable(field + "[" + i + "]", "Indirizzo non valido: \""
                        + HeaderText.neutralised(list.get(i)) + "\" (only ASCII characters are allowed in an address)");
            }
        }
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < list.size(); i++) {
            try {
                out[i] = new InternetAddress(list.get(i), true);
                out[i].validate();
            } catch (AddressException e) {
                throw SubmissionRefused.withNotice(field + "[" + i + "]",
                        "Indirizzo non valido: \"" + list.get(i) + "\" (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static MimeMultipart body(SubmissionRequest request) throws MessagingException {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(request.text() == null ? "" : request.text(), "UTF-8");
        MimeBodyPart main = text;
        if (request.html() != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(request.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            main = new MimeBodyPart();
            main.setContent(alternative);
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(main);
        for (int i = 0; i < request.attachments().size(); i++) {
            mixed.addBodyPart(attachment(i, request.attachments().get(i)));
        }
        return mixed;
    }

    private static MimeBodyPart attachment(int index, Attachment a) throws MessagingException {
        String field = "attachments[" + index + "]";
        if (a.filename() == null || a.filename().isBlank()) {
            throw SubmissionRefused.unreadable(field + ".filename", "an attachment needs a file name");
        }
        if (HeaderText.hasControlCharacters(a.filename())) {
            throw SubmissionRefused.unreadable(field + ".filename", "a file name with a control character");
        }
        if (HeaderText.hasControlCharacters(a.contentType())) {
            throw SubmissionRefused.unreadable(field + ".contentType", "a content type with a control character");
        }
        MimeBodyPart part = new MimeBodyPart();
        String type = a.contentType() == null || a.contentType().isBlank() ? "application/octet-stream" : a.contentType();
        part.setDataHandler(new DataHandler(new AttachmentSource(a, type)));
        part.setFileName(a.filename());
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /** Hands Jakarta Mail the decoded bytes as a stream: it encodes them into the message as it writes it. */
    private record AttachmentSource(Attachment attachment, String contentType) implements DataSource {

        @Override
        public InputStream getInputStream() {
            return attachment.content() == null ? InputStream.nullInputStream() : attachment.content().open();
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("an attachment is read only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return attachment.filename();
        }
    }

    /** Uses the Message-ID the access point chose instead of Jakarta Mail's host-based one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
