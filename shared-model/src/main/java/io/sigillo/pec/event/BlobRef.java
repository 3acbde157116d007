package io.sigillo.pec.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to a stored body, as events carry it: the store is content-addressed, so the identifier is the
 * body's SHA-256 and storing the same bytes twice yields the same reference.
 *
 * @param sha256 lower-case hex SHA-256 of the bytes, also the identifier
 * @param size   length in bytes
 */
public record BlobRef(String sha256, long size) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public BlobRef {
        Objects.requireNonNull(sha256, "sha256");
        if (!HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
