package io.sigillo.pec.message;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The original as a short delivery receipt (ricevuta breve) carries it: the body as it was, each attachment
 * replaced by a small text part holding its SHA-256, in {@code sha256sum} form so the sender can check the
 * files they kept.
 */
final class BreveOriginal {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final int MAX_DEPTH = 16;

    private BreveOriginal() {
    }

    /** The original with its attachments replaced by their hashes. */
    static OriginalMessage of(OriginalMessage original) {
        try {
            MimeMessage message = new KeepIdMessage(original.inputStream());
            if (!replaceAttachments(message, 0)) {
                return original;
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(original.size() / 4 + 1024);
            message.writeTo(out);
            return OriginalMessage.of(out.toByteArray());
        } catch (MessagingException | IOException e) {
            // A message that Jakarta Mail cannot restructure is kept whole rather than lost from the receipt.
            return original;
        }
    }

    private static boolean replaceAttachments(Part part, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || !part.isMimeType("multipart/*")) {
            return false;
        }
        Multipart multipart = (Multipart) part.getContent();
        boolean changed = false;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart child = multipart.getBodyPart(i);
            if (isAttachment(child)) {
                multipart.removeBodyPart(i);
                multipart.addBodyPart(hashPart(child), i);
                changed = true;
            } else {
                changed |= replaceAttachments(child, depth + 1);
            }
        }
        if (changed && part instanceof MimeBodyPart body) {
            body.setContent(multipart);
        } else if (changed && part instanceof MimeMessage message) {
            message.setContent(multipart);
        }
        return changed;
    }

    private static boolean isAttachment(BodyPart part) throws MessagingException {
        return !part.isMimeType("multipart/*")
                && (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null);
    }

    private static MimeBodyPart hashPart(BodyPart attachment) throws MessagingException, IOException {
        String name = attachment.getFileName() == null ? "allegato" : attachment.getFileName();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
        try (InputStream in = new DigestInputStream(attachment.getInputStream(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setText(HexFormat.of().formatHex(sha.digest()) + "  " + name + "\r\n", "UTF-8");
        part.setFileName(name + ".sha256");
        part.setDisposition(Part.ATTACHMENT);
        return part;
    }

    /** Keeps the original Message-ID when the restructured message is saved. */
    private static final class KeepIdMessage extends MimeMessage {
        KeepIdMessage(InputStream in) throws MessagingException {
            super(SESSION, in);
        }

        @Override
        protected void updateMessageID() {
            // the original's identity must not change
        }
    }
}
