package io.sigillo.pec.xml;

/** Escaping of text for XML 1.0 (elements and attribute values), so that any Java string survives a write and a parse. */
public final class XmlText {

    private XmlText() {
    }

    /** {@code text} escaped, as {@link #escape(String, StringBuilder)} writes it. */
    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escape(text, out);
        return out.toString();
    }

    /**
     * Appends {@code text} escaped. CR and TAB become character references (a parser would otherwise
     * normalise them); characters XML 1.0 cannot carry at all become U+FFFD.
     */
    public static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append('\n');
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
