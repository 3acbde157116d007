package io.sigillo.pec.message;

import io.sigillo.pec.mime.MimeLeaf;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.util.Arrays;

/**
 * A user's original message as RFC 5322 bytes with CRLF line ends: what {@code postacert.eml} carries. Never
 * altered after acceptance; only wrapped.
 */
public final class OriginalMessage {

    private final byte[] bytes;
    private final boolean eightBit;
    private InternetHeaders headers;

    private OriginalMessage(byte[] bytes) {
        this.bytes = bytes;
        this.eightBit = hasEightBit(bytes);
    }

    /**
     * Wraps message bytes, turning bare LF or CR line ends into CRLF (the canonical form S/MIME signs); a
     * message that already uses CRLF is kept as it is, without a copy.
     */
    public static OriginalMessage of(byte[] bytes) {
        return new OriginalMessage(isCanonical(bytes) ? bytes : canonicalize(bytes));
    }

    /** The canonical bytes. Callers must not modify the array. */
    public byte[] bytes() {
        return bytes;
    }

    /** Size in bytes. */
    public int size() {
        return bytes.length;
    }

    /** True when some byte is outside 7-bit ASCII, so the part must be declared 8bit. */
    public boolean isEightBit() {
        return eightBit;
    }

    /** Writes the message as the {@code postacert.eml} part of a provider message. */
    public MimeLeaf asPostacert() {
        return MimeLeaf.message("postacert.eml", eightBit, out -> out.write(bytes));
    }

    /** The first value of a header, unfolded and decoded from RFC 2047 words; null when absent. */
    public String header(String name) {
        String raw = rawHeader(name);
        if (raw == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw)).trim();
        } catch (UnsupportedEncodingException e) {
            return raw.trim();
        }
    }

    /** The first raw value of a header, as written; null when absent. */
    public String rawHeader(String name) {
        String[] values = headers().getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** The Message-ID with its angle brackets, or null. */
    public String messageId() {
        String id = rawHeader("Message-ID");
        return id == null ? null : MimeUtility.unfold(id).trim();
    }

    /** Writes the bytes to a stream. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    private synchronized InternetHeaders headers() {
        if (headers == null) {
            try {
                headers = new InternetHeaders(new ByteArrayInputStream(bytes, 0, headerEnd(bytes)));
            } catch (MessagingException e) {
                headers = new InternetHeaders();
            }
        }
        return headers;
    }

    /** Offset just past the blank line ending the header block (or the whole length, bounded to 1 MiB). */
    static int headerEnd(byte[] b) {
        int limit = Math.min(b.length, 1 << 20);
        for (int i = 0; i + 3 < limit; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return limit;
    }

    private static boolean hasEightBit(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCanonical(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')) {
                return false;
            }
            if (b[i] == '\r' && (i + 1 == b.length || b[i + 1] != '\n')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] canonicalize(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 40 + 16);
        for (int i = 0; i < b.length; i++) {
            byte x = b[i];
            if (x == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < b.length && b[i + 1] == '\n') {
                    i++;
                }
            } else if (x == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OriginalMessage other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
