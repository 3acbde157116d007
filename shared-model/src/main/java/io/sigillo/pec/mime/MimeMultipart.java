package io.sigillo.pec.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** A multipart entity ({@code multipart/mixed}, {@code multipart/alternative}) with a random boundary. */
public final class MimeMultipart implements MimeEntity {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String subtype;
    private final String boundary;
    private final List<MimeEntity> parts;

    /** A multipart of the given subtype holding the parts in order. */
    public MimeMultipart(String subtype, List<MimeEntity> parts) {
        this.subtype = subtype;
        this.boundary = newBoundary();
        this.parts = List.copyOf(parts);
    }

    /** A boundary no content can guess: 32 random hex digits after a marker. */
    public static String newBoundary() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return "----=_Sigillo_" + HexFormat.of().formatHex(bits);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        new HeaderBlock().raw("Content-Type", "multipart/" + subtype + "; boundary=\"" + boundary + "\"")
                .writeTo(out);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        writeBody(out, boundary, parts);
    }

    /** Writes the parts between boundary lines, then the closing boundary, as RFC 2046 says. */
    static void writeBody(OutputStream out, String boundary, List<? extends MimeEntity> parts) throws IOException {
        byte[] open = ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (MimeEntity part : parts) {
            out.write(open);
            part.writeTo(out);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
