package io.sigillo.pec.classify;

import jakarta.mail.Header;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The header fields of a message, read-only, with RFC 2047 decoding on request. */
public final class MessageHeaders {

    /** No headers. */
    public static final MessageHeaders EMPTY = new MessageHeaders(List.of());

    private final List<String[]> fields;

    private MessageHeaders(List<String[]> fields) {
        this.fields = fields;
    }

    static MessageHeaders of(InternetHeaders headers) {
        List<String[]> fields = new ArrayList<>();
        for (Header h : Collections.list(headers.getAllHeaders())) {
            fields.add(new String[] {h.getName(), h.getValue()});
        }
        return new MessageHeaders(List.copyOf(fields));
    }

    /** The first value of a field, unfolded and trimmed; null when absent. */
    public String raw(String name) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                return MimeUtility.unfold(f[1]).trim();
            }
        }
        return null;
    }

    /** Every value of a field, unfolded and trimmed, joined as one list (for address fields written twice). */
    public String joined(String name) {
        List<String> values = new ArrayList<>();
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                values.add(MimeUtility.unfold(f[1]).trim());
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** The first value, with encoded words decoded (for Subject and display names). */
    public String decoded(String name) {
        String raw = raw(name);
        if (raw == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(raw);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return raw;
        }
    }
}
