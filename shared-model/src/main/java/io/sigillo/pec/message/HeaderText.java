package io.sigillo.pec.message;

/**
 * What a header says, made fit to list, store and sign: its control characters (a NUL, an escape, a line end
 * smuggled into an encoded word) become U+FFFD, as they do in daticert.xml. PostgreSQL refuses a NUL in text, and a
 * line end re-emitted in a header would start another.
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
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with each control character but TAB replaced by U+FFFD; null stays null. */
    public static String neutralised(String text) {
        if (!hasControlCharacters(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(isControl(c) ? '\uFFFD' : c);
        }
        return out.toString();
    }

    /** C0 (but TAB, which folding leaves in headers), DEL and C1. */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);
    }
}
