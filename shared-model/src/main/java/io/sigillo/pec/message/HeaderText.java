package io.sigillo.pec.message;

import java.util.List;

/**
 * What a header says, made fit to list, store and sign: its control characters (a NUL, an escape, a line end
 * smuggled into an encoded word), lone surrogates and the noncharacters U+FFFE and U+FFFF become U+FFFD, as they do
 * in daticert.xml, so the subject a message carries outside its signature reads the same as the one inside.
 * PostgreSQL refuses a NUL in text, and a line end re-emitted in a header would start another.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /** True when {@code text} holds a character that {@link #neutralised} replaces. */
    public static boolean hasControlCharacters(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (replaced(text, i)) {
                return true;
            }
            if (Character.isHighSurrogate(text.charAt(i))) {
                i++;
            }
        }
        return false;
    }

    /** Each of {@code texts} neutralised, as an unmodifiable list; null gives an empty one. */
    public static List<String> neutralisedAll(List<String> texts) {
        return texts == null ? List.of() : texts.stream().map(HeaderText::neutralised).toList();
    }

    /** {@code text} with each of those characters replaced by U+FFFD; null stays null. */
    public static String neutralised(String text) {
        if (!hasControlCharacters(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (replaced(text, i)) {
                out.append('\uFFFD');
            } else if (Character.isHighSurrogate(c)) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** C0 (but TAB, which folding leaves in headers), DEL, C1, U+FFFE, U+FFFF, and a surrogate out of its pair. */
    private static boolean replaced(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c == '\uFFFE' || c == '\uFFFF'
                || Character.isLowSurrogate(c);
    }
}
