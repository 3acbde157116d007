package io.sigillo.pec.testing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A signed message as an attacker replays it: the same signed body under outer headers changed on the way. */
public final class Replay {

    private Replay() {
    }

    /** {@code message} with its outer header {@code name} (folded lines included) set to {@code value}. */
    public static byte[] withOuterHeader(byte[] message, String name, String value) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalArgumentException("no header block");
        }
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        StringBuilder headers = new StringBuilder();
        boolean replacing = false;
        boolean replaced = false;
        for (String line : text.substring(0, end).split("\r\n")) {
            boolean continuation = line.startsWith(" ") || line.startsWith("\t");
            if (replacing && continuation) {
                continue;
            }
            replacing = !replaced && !continuation && line.toLowerCase(Locale.ROOT).startsWith(prefix);
            if (replacing) {
                headers.append(name).append(": ").append(value).append("\r\n");
                replaced = true;
            } else {
                headers.append(line).append("\r\n");
            }
        }
        if (!replaced) {
            throw new IllegalArgumentException("no " + name + " header");
        }
        return (headers + text.substring(end + 2)).getBytes(StandardCharsets.ISO_8859_1);
    }
}
