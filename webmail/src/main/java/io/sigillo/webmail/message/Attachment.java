package io.sigillo.webmail.message;

import io.sigillo.webmail.web.ShownSizes;

/**
 * A file the original carries, as its page lists it.
 *
 * @param number      its place among the original's files, from 1: the address it downloads from
 * @param fileName    the name it is saved under: its own, without folders or control characters, or one made up
 * @param contentType the type its sender gave it, without parameters; only informative, as it downloads as bytes
 * @param size        its decoded size in bytes
 */
public record Attachment(int number, String fileName, String contentType, long size) {

    /** The longest name kept, in characters: file systems take 255 bytes. */
    private static final int LONGEST_NAME = 120;

    /** The size as a person reads it. */
    public String shownSize() {
        return ShownSizes.of(size);
    }

    /**
     * A name safe to save: the last segment of what the sender named it, without control or quoting characters,
     * at most {@value #LONGEST_NAME} characters; {@code allegato-N} (with {@code .eml} for a message) without one.
     */
    static String safeName(String given, int number, boolean message) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && c != '"' && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.codePointCount(0, name.length()) > LONGEST_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, LONGEST_NAME));
        }
        if (name.isBlank()) {
            return "allegato-" + number + (message ? ".eml" : "");
        }
        return name;
    }
}
