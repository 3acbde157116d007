package io.sigillo.pec.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A single-part MIME entity: headers plus a body encoded on the way out. */
public final class MimeLeaf implements MimeEntity {

    private static final byte[] CRLF = {'\r', '\n'};

    /** How the body is written. */
    public enum Encoding {
        /** Quoted-printable: for text, keeps it 7-bit and readable. */
        QUOTED_PRINTABLE("quoted-printable"),
        /** Base64 in 76-column lines: for XML and binary. */
        BASE64("base64"),
        /** Written as it is (a message/rfc822 whose bytes are 7-bit clean). */
        SEVEN_BIT("7bit"),
        /** Written as it is, with 8-bit bytes (a message/rfc822 that has them). */
        EIGHT_BIT("8bit");

        private final String token;

        Encoding(String token) {
            this.token = token;
        }

        /** The Content-Transfer-Encoding value. */
        public String token() {
            return token;
        }
    }

    /** The bytes of a body, produced when the entity is written (so large bodies are streamed). */
    @FunctionalInterface
    public interface Body {
        /** Writes the decoded body. */
        void writeTo(OutputStream out) throws IOException;
    }

    private final HeaderBlock headers;
    private final Encoding encoding;
    private final Body body;

    private MimeLeaf(HeaderBlock headers, Encoding encoding, Body body) {
        this.headers = headers;
        this.encoding = encoding;
        this.body = body;
        headers.raw("Content-Transfer-Encoding", encoding.token());
    }

    /** A UTF-8 text part ({@code text/plain} or {@code text/html}), quoted-printable. */
    public static MimeLeaf text(String subtype, String text) {
        byte[] bytes = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return new MimeLeaf(new HeaderBlock().raw("Content-Type", "text/" + subtype + "; charset=UTF-8"),
                Encoding.QUOTED_PRINTABLE, out -> out.write(bytes));
    }

    /** An attachment with a file name, base64. */
    public static MimeLeaf attachment(String contentType, String filename, byte[] bytes) {
        return new MimeLeaf(new HeaderBlock()
                .raw("Content-Type", contentType + "; name=\"" + filename + "\"")
                .raw("Content-Disposition", "inline; filename=\"" + filename + "\""),
                Encoding.BASE64, out -> out.write(bytes));
    }

    /** An embedded message ({@code message/rfc822}) with a file name, written byte for byte. */
    public static MimeLeaf message(String filename, boolean eightBit, Body original) {
        return new MimeLeaf(new HeaderBlock()
                .raw("Content-Type", "message/rfc822; name=\"" + filename + "\"")
                .raw("Content-Disposition", "inline; filename=\"" + filename + "\""),
                eightBit ? Encoding.EIGHT_BIT : Encoding.SEVEN_BIT, original);
    }

    /** A leaf with caller-made headers. */
    public static MimeLeaf of(HeaderBlock headers, Encoding encoding, Body body) {
        return new MimeLeaf(headers, encoding, body);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        headers.writeTo(out);
        out.write(CRLF);
        switch (encoding) {
            case BASE64 -> {
                OutputStream b64 = Base64.getMimeEncoder(76, CRLF).wrap(new NonClosing(out));
                body.writeTo(b64);
                b64.close();
                out.write(CRLF);
            }
            case QUOTED_PRINTABLE -> {
                try {
                    // The encoder writes one byte at a time; unbuffered, each byte went on to the signature's digest
                    // as a call of its own.
                    OutputStream qp = MimeUtility.encode(new BufferedOutputStream(new NonClosing(out), 8192),
                            encoding.token());
                    body.writeTo(qp);
                    qp.flush();
                } catch (MessagingException e) {
                    throw new IOException(e);
                }
            }
            default -> body.writeTo(out);
        }
    }

    /** Lets an encoder flush its tail on close without closing the message stream under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
