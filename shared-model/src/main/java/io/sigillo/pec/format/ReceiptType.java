package io.sigillo.pec.format;

import java.util.Arrays;
import java.util.Optional;

/** What a delivery receipt carries of the original (ricevuta completa, breve, sintetica). */
public enum ReceiptType {
    /** The original message included (for To recipients). */
    COMPLETA,
    /** The original body included, each attachment replaced by its SHA-256 hash. */
    BREVE,
    /** No original: daticert only. */
    SINTETICA;

    /** The value used in headers and daticert. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a header or daticert value, ignoring case. */
    public static Optional<ReceiptType> fromValue(String value) {
        return Arrays.stream(values()).filter(t -> t.value().equalsIgnoreCase(value == null ? "" : value.trim()))
                .findFirst();
    }
}
