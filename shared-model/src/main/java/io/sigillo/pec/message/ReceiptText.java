package io.sigillo.pec.message;

import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.Recipient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The human-readable part of a provider message: a title and lines, rendered as plain text and as HTML. */
public final class ReceiptText {

    private final String title;
    private final List<String> lines = new ArrayList<>();

    private ReceiptText(String title) {
        this.title = title;
    }

    /** Starts a text with its title line. */
    public static ReceiptText titled(String title) {
        return new ReceiptText(title);
    }

    /** The customary opening: "Il giorno dd/MM/yyyy alle ore HH:mm:ss (+0100)". */
    public static String when(Instant at) {
        return "Il giorno " + PecTimestamp.of(at).readable();
    }

    /** Adds a line. */
    public ReceiptText line(String line) {
        lines.add(line);
        return this;
    }

    /** Adds one line per recipient with its kind, as "b@y.example ("posta certificata")". */
    public ReceiptText recipients(List<Recipient> recipients) {
        for (Recipient r : recipients) {
            lines.add(r.address() + " (\"" + r.kind().wording() + "\")");
        }
        return this;
    }

    /** Plain text with CRLF line ends. */
    public String plain() {
        StringBuilder out = new StringBuilder(title).append("\r\n\r\n");
        for (String line : lines) {
            out.append(line.replace("\r", " ").replace("\n", " ")).append("\r\n");
        }
        return out.toString();
    }

    /** A small HTML document with the same content. */
    public String html() {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\r\n<html lang=\"it\"><head><meta charset=\"UTF-8\">")
                .append("<title>").append(escape(title)).append("</title></head>\r\n<body>\r\n<h3>")
                .append(escape(title)).append("</h3>\r\n<p>\r\n");
        for (String line : lines) {
            out.append(escape(line)).append("<br>\r\n");
        }
        return out.append("</p>\r\n</body></html>\r\n").toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
