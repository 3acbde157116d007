package io.sigillo.webmail.web;

import java.util.Locale;
import org.springframework.stereotype.Component;

/** Sizes as the pages show them ({@code ${@sizes.shown(...)}}): bytes, KB, MB or GB, in powers of 1024. */
@Component("sizes")
public class ShownSizes {

    /** {@code bytes} as a person reads it. */
    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }

    /** As {@link #of}, for templates. */
    public String shown(long bytes) {
        return of(bytes);
    }
}
