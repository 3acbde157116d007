package io.sigillo.pec.format;

import java.util.Arrays;
import java.util.Optional;

/** The {@code errore} attribute of daticert: the class of error a notice reports. */
public enum PecError {
    NESSUNO("nessuno"),
    NO_DEST("no-dest"),
    NO_DOMINIO("no-dominio"),
    VIRUS("virus"),
    ALTRO("altro");

    private final String value;

    PecError(String value) {
        this.value = value;
    }

    /** The attribute value. */
    public String value() {
        return value;
    }

    /** Parses an attribute value. */
    public static Optional<PecError> fromValue(String value) {
        return Arrays.stream(values()).filter(e -> e.value.equals(value)).findFirst();
    }
}
