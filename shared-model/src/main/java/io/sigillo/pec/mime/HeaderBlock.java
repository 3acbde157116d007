package io.sigillo.pec.mime;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An ordered list of header fields, written folded and RFC 2047 encoded. Values never carry a line break
 * from the caller, so nothing a sender writes can inject a header.
 */
public final class HeaderBlock {

    /** A line break with the whitespace that follows it: a folded value, or one that would forge a header. */
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+[ \\t]*");

    private final List<String[]> fields = new ArrayList<>();

    /** Adds a structured field whose value is already ASCII (content types, ids, tokens). */
    public HeaderBlock raw(String name, String value) {
        fields.add(new String[] {name, unfold(value)});
        return this;
    }

    /** Adds an unstructured field (Subject), encoded as UTF-8 words where it is not plain ASCII. */
    public HeaderBlock text(String name, String value) {
        try {
            fields.add(new String[] {name, MimeUtility.encodeText(unfold(value), "UTF-8", "Q")});
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always present", e);
        }
        return this;
    }

    /** Adds an address field; {@code personal} may be null. */
    public HeaderBlock address(String name, String address, String personal) {
        fields.add(new String[] {name, formatAddress(address, personal)});
        return this;
    }

    /** Adds an address list field; nothing when the list is empty. */
    public HeaderBlock addresses(String name, Collection<String> addresses) {
        if (!addresses.isEmpty()) {
            fields.add(new String[] {name,
                    addresses.stream().map(a -> formatAddress(a, null)).collect(Collectors.joining(", "))});
        }
        return this;
    }

    /** Writes every field, folded at 78 columns where it can be, each ending in CRLF. */
    public void writeTo(OutputStream out) throws IOException {
        for (String[] field : fields) {
            String line = MimeUtility.fold(field[0].length() + 2, field[1]);
            out.write((field[0] + ": " + line.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String formatAddress(String address, String personal) {
        try {
            InternetAddress parsed = new InternetAddress(unfold(address), false);
            if (personal != null) {
                parsed.setPersonal(unfold(personal), "UTF-8");
            }
            return parsed.toString();
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    private static String unfold(String value) {
        // Most values hold no line break: they are returned as they are, without running the pattern.
        if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return LINE_BREAKS.matcher(value).replaceAll(" ");
    }
}
