package io.sigillo.accesspoint.submission;

import io.sigillo.accesspoint.submission.SubmissionRequest.Attachment;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.springframework.stereotype.Component;

/** Turns a JSON submission into the RFC 5322 message the sender would have written. */
@Component
public class OriginalMessageBuilder {

    private static final Session SESSION = Session.getInstance(new Properties());

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
            message.setRecipients(Message.RecipientType.TO, addresses("to", request.to()));
            if (!request.cc().isEmpty()) {
                message.setRecipients(Message.RecipientType.CC, addresses("cc", request.cc()));
            }
            if (!request.bcc().isEmpty()) {
                message.setRecipients(Message.RecipientType.BCC, addresses("bcc", request.bcc()));
            }
            message.setSubject(request.subject() == null ? "" : request.subject(), "UTF-8");
            message.setSentDate(Date.from(clock.instant()));
            if (request.receiptType() != null) {
                message.setHeader("X-TipoRicevuta", request.receiptType());
            }
            message.setContent(body(request));
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(expectedSize(request));
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw SubmissionRefused.unreadable("body", "the message cannot be built: " + e.getMessage());
        }
    }

    /**
     * About the size of the message: the attachments' base64 as it comes plus a line end every 76 characters, the
     * texts at most tripled by their encoding. Sized once, a 20 MB message is not copied at each doubling.
     */
    private static int expectedSize(SubmissionRequest request) {
        long size = 16 * 1024 + 3L * (length(request.text()) + length(request.html()));
        for (Attachment a : request.attachments()) {
            size += length(a.contentBase64()) * 78L / 76 + 1024;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 8);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static InternetAddress[] addresses(String field, List<String> list) {
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
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(a.contentBase64() == null ? "" : a.contentBase64());
        } catch (IllegalArgumentException e) {
            throw SubmissionRefused.unreadable(field + ".contentBase64", "not valid base64: " + e.getMessage());
        }
        MimeBodyPart part = new MimeBodyPart();
        String type = a.contentType() == null || a.contentType().isBlank() ? "application/octet-stream" : a.contentType();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        part.setFileName(a.filename());
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
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
