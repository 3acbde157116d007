package io.sigillo.webmail.message;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The leaves of a MIME entity in reading order, each taken as its body's text, its HTML or an attachment, as a mail
 * client shows them. A forwarded message is an attachment, never opened here. Nesting and part counts are bounded,
 * since the original is whatever its sender wrote.
 */
final class MessageParts {

    /** How deep multiparts may nest, as the classifier allows for the envelope. */
    private static final int MAX_DEPTH = 24;
    /** How many parts an original may have, likewise. */
    private static final int MAX_PARTS = 1000;

    private static final Session SESSION = Session.getInstance(new Properties());

    /** What a leaf is to its reader. */
    enum Role { TEXT, HTML, ATTACHMENT }

    /**
     * One leaf and what it is.
     *
     * @param alternative the multipart/alternative nearest above it (its number among the parts, from 1), whose
     *                    other leaves say the same thing another way; 0 when it is inside none
     */
    record Leaf(Part part, Role role, int alternative) {
    }

    /** A text leaf's text, and whether it was longer than asked for. */
    record Body(String text, boolean truncated) {
    }

    private MessageParts() {
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}, parsed in place. */
    static MimeMessage message(byte[] bytes, int offset, int length) throws MessagingException {
        return new MimeMessage(SESSION, new SharedByteArrayInputStream(bytes, offset, length));
    }

    /** The leaves of {@code root}: the first plain text and the first HTML that are not files are its body. */
    static List<Leaf> of(Part root) throws MessagingException, IOException {
        List<Leaf> leaves = new ArrayList<>();
        walk(root, 0, leaves, new int[1], 0);
        return leaves;
    }

    private static void walk(Part part, int depth, List<Leaf> leaves, int[] parts, int alternative)
            throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new MessagingException("MIME parts nest deeper than " + MAX_DEPTH);
        }
        if (++parts[0] > MAX_PARTS) {
            throw new MessagingException("more than " + MAX_PARTS + " MIME parts");
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            int inside = part.isMimeType("multipart/alternative") ? parts[0] : alternative;
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), depth + 1, leaves, parts, inside);
            }
            return;
        }
        leaves.add(new Leaf(part, role(part, leaves), alternative));
    }

    private static Role role(Part part, List<Leaf> before) throws MessagingException {
        if (Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || rawFileName(part) != null) {
            return Role.ATTACHMENT;
        }
        if (part.isMimeType("text/plain") && before.stream().noneMatch(l -> l.role() == Role.TEXT)) {
            return Role.TEXT;
        }
        if (part.isMimeType("text/html") && before.stream().noneMatch(l -> l.role() == Role.HTML)) {
            return Role.HTML;
        }
        return Role.ATTACHMENT;
    }

    /** The text of a text leaf, decoded by its charset (UTF-8 when it names none Java knows), at most {@code max}. */
    static String text(Part part, int max) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readNBytes(max), charset(part));
        }
    }

    /**
     * The text of a text leaf, decoded by its charset, at most {@code max} bytes of it: whether it was longer is
     * decided on the bytes, since a character may take several.
     */
    static Body body(Part part, int max) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            boolean truncated = bytes.length > max;
            String text = new String(bytes, 0, Math.min(bytes.length, max), charset(part));
            // The cut may split the last character: its undecodable half is not shown.
            if (truncated && text.endsWith("\uFFFD")) {
                text = text.substring(0, text.length() - 1);
            }
            return new Body(text, truncated);
        }
    }

    private static Charset charset(Part part) {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(MimeUtility.javaCharset(name));
        } catch (MessagingException | IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The file name a leaf gives itself, decoded; null when it gives none or it cannot be read. */
    static String rawFileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException e) {
            return null;
        }
    }
}
