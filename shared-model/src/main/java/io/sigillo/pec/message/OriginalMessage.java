package io.sigillo.pec.message;

import io.sigillo.pec.mime.MimeLeaf;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user's original message as RFC 5322 bytes with CRLF line ends: what {@code postacert.eml} carries. Never
 * altered after acceptance; only wrapped.
 */
public final class OriginalMessage {

    // The message may lie within a larger array (the envelope it arrived in): kept where it is, never copied out.
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final boolean eightBit;
    private InternetHeaders headers;

    private OriginalMessage(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.eightBit = hasEightBit(bytes, offset, length);
    }

    /**
     * Wraps message bytes, turning bare LF or CR line ends into CRLF (the canonical form S/MIME signs); a
     * message that already uses CRLF is kept as it is, without a copy.
     */
    public static OriginalMessage of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /**
     * Wraps the {@code length} bytes of {@code array} from {@code offset}, like {@link #of(byte[])}: a canonical
     * message stays where it lies, without a copy. The caller must not modify that range afterwards.
     */
    public static OriginalMessage of(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        if (isCanonical(array, offset, length)) {
            return new OriginalMessage(array, offset, length);
        }
        byte[] canonical = canonicalize(array, offset, length);
        return new OriginalMessage(canonical, 0, canonical.length);
    }

    /**
     * The canonical bytes: the array itself when the message fills it, else a copy of its range. Callers must not
     * modify the array; on a large message prefer {@link #writeTo} or {@link #inputStream}.
     */
    public byte[] bytes() {
        return offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** The canonical bytes as a stream over them, without a copy; Jakarta Mail parses it without copying it. */
    public InputStream inputStream() {
        return new SharedByteArrayInputStream(bytes, offset, length);
    }

    /** Size in bytes. */
    public int size() {
        return length;
    }

    /** True when some byte is outside 7-bit ASCII, so the part must be declared 8bit. */
    public boolean isEightBit() {
        return eightBit;
    }

    /** Writes the message as the {@code postacert.eml} part of a provider message. */
    public MimeLeaf asPostacert() {
        return MimeLeaf.message("postacert.eml", eightBit, this::writeTo);
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
        out.write(bytes, offset, length);
    }

    private synchronized InternetHeaders headers() {
        if (headers == null) {
            try {
                headers = RawHeaders.read(bytes, offset, headerLength());
            } catch (MessagingException e) {
                headers = new InternetHeaders();
            }
        }
        return headers;
    }

    /** Length of the header block up to the blank line that ends it (or of the whole message, bounded to 1 MiB). */
    private int headerLength() {
        int limit = Math.min(length, 1 << 20);
        for (int i = 0; i + 3 < limit; i++) {
            int at = offset + i;
            if (bytes[at] == '\r' && bytes[at + 1] == '\n' && bytes[at + 2] == '\r' && bytes[at + 3] == '\n') {
                return i + 4;
            }
        }
        return limit;
    }

    private static boolean hasEightBit(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCanonical(byte[] b, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (b[i] == '\n' && (i == offset || b[i - 1] != '\r')) {
                return false;
            }
            if (b[i] == '\r' && (i + 1 == end || b[i + 1] != '\n')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] canonicalize(byte[] b, int offset, int length) {
        int end = offset + length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + length / 40 + 16);
        for (int i = offset; i < end; i++) {
            byte x = b[i];
            if (x == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < end && b[i + 1] == '\n') {
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
        return o instanceof OriginalMessage other && Arrays.equals(bytes, offset, offset + length, other.bytes,
                other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }
}
