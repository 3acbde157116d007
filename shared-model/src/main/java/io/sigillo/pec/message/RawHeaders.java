package io.sigillo.pec.message;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a header block as it came: fields in raw UTF-8 (RFC 6532, as mail clients write them once a server offers
 * SMTPUTF8) as UTF-8; a block with other 8-bit bytes as ISO-8859-1, as Jakarta Mail always did. Jakarta Mail's own
 * UTF-8 reading would turn such bytes into replacement characters.
 */
public final class RawHeaders {

    private RawHeaders() {
    }

    /** The header fields of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static InternetHeaders read(byte[] bytes, int offset, int length) throws MessagingException {
        return new InternetHeaders(new ByteArrayInputStream(bytes, offset, length), isUtf8(bytes, offset, length));
    }

    /** True when the bytes hold 8-bit characters and all of them are well-formed UTF-8. */
    private static boolean isUtf8(byte[] bytes, int offset, int length) {
        boolean eightBit = false;
        for (int i = offset; i < offset + length && !eightBit; i++) {
            eightBit = bytes[i] < 0;
        }
        if (!eightBit) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
