package io.sigillo.webmail.message;

import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.OriginalMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The original message a transport envelope carries (or an anomaly envelope wraps), as a person reads it.
 *
 * @param from        its From, as its sender wrote it
 * @param to          its To
 * @param cc          its Cc
 * @param date        the date its sender's client gave it; null when it gave none that reads
 * @param subject     its subject, decoded
 * @param text        its plain text body; null when it has none, or only as the HTML's alternative (a
 *                    multipart/alternative's other part); shown beside the HTML otherwise
 * @param html        its HTML body, cleaned of everything that could load or run; null when it has none
 * @param truncated   whether the body was longer than the page shows
 * @param attachments its files, in order
 */
public record OriginalContent(String from, List<String> to, List<String> cc, Instant date, String subject,
        String text, String html, boolean truncated, List<Attachment> attachments) {

    /** The most of a body the page shows, in bytes. */
    static final int LONGEST_BODY = 1024 * 1024;

    public OriginalContent {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
    }

    /** Reads {@code original}: its headers, its body and the list of its files. */
    static OriginalContent read(OriginalMessage original) throws MessagingException, IOException {
        MimeMessage message = parse(original);
        String text = null;
        String html = null;
        int textAlternative = 0;
        int htmlAlternative = 0;
        boolean truncated = false;
        List<Attachment> attachments = new ArrayList<>();
        for (MessageParts.Leaf leaf : MessageParts.of(message)) {
            switch (leaf.role()) {
                case TEXT -> {
                    MessageParts.Body body = MessageParts.body(leaf.part(), LONGEST_BODY);
                    text = body.text();
                    textAlternative = leaf.alternative();
                    truncated |= body.truncated();
                }
                case HTML -> {
                    MessageParts.Body body = MessageParts.body(leaf.part(), LONGEST_BODY);
                    truncated |= body.truncated();
                    html = SafeHtml.clean(body.text());
                    htmlAlternative = leaf.alternative();
                }
                case ATTACHMENT -> attachments.add(attachment(leaf, attachments.size() + 1));
            }
        }
        if (html != null && textAlternative != 0 && textAlternative == htmlAlternative) {
            // The same words twice: the HTML is shown, as a mail client shows it.
            text = null;
        }
        return new OriginalContent(header(message, "From"), addresses(message, "To"), addresses(message, "Cc"),
                date(message), HeaderText.neutralised(decoded(message.getHeader("Subject", " "))), text, html,
                truncated, attachments);
    }

    /** File {@code number} (from 1) of {@code original}: its name and its decoded bytes; empty when it has none. */
    static Optional<AttachmentBody> attachment(OriginalMessage original, int number)
            throws MessagingException, IOException {
        List<MessageParts.Leaf> files = MessageParts.of(parse(original)).stream()
                .filter(leaf -> leaf.role() == MessageParts.Role.ATTACHMENT).toList();
        if (number < 1 || number > files.size()) {
            return Optional.empty();
        }
        MessageParts.Leaf leaf = files.get(number - 1);
        return Optional.of(new AttachmentBody(name(leaf, number), leaf.part().getInputStream()));
    }

    /** A file's name and its bytes, to be read once. */
    record AttachmentBody(String fileName, InputStream bytes) {
    }

    private static MimeMessage parse(OriginalMessage original) throws MessagingException {
        byte[] bytes = original.bytes();
        return MessageParts.message(bytes, 0, bytes.length);
    }

    private static Attachment attachment(MessageParts.Leaf leaf, int number) throws MessagingException, IOException {
        long size;
        try (InputStream in = leaf.part().getInputStream()) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        return new Attachment(number, name(leaf, number), baseType(leaf), size);
    }

    private static String name(MessageParts.Leaf leaf, int number) throws MessagingException {
        return Attachment.safeName(MessageParts.rawFileName(leaf.part()), number,
                leaf.part().isMimeType("message/rfc822"));
    }

    private static String baseType(MessageParts.Leaf leaf) {
        try {
            return new ContentType(leaf.part().getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        return HeaderText.neutralised(decoded(message.getHeader(name, ", ")));
    }

    /** Each address of a header as a person reads it; the header's text when it does not parse as addresses. */
    private static List<String> addresses(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ", ");
        if (value == null) {
            return List.of();
        }
        try {
            return Arrays.stream(InternetAddress.parseHeader(value, false)).map(InternetAddress::toUnicodeString)
                    .map(HeaderText::neutralised).toList();
        } catch (AddressException e) {
            return List.of(HeaderText.neutralised(decoded(value)));
        }
    }

    private static Instant date(MimeMessage message) {
        try {
            return Optional.ofNullable(message.getSentDate()).map(java.util.Date::toInstant).orElse(null);
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String decoded(String value) {
        if (value == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (UnsupportedEncodingException e) {
            return MimeUtility.unfold(value);
        }
    }
}
