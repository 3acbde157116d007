package io.sigillo.pec.daticert;

/** A daticert.xml that cannot be read or does not match the schema. */
public class DaticertException extends Exception {

    public DaticertException(String message) {
        super(message);
    }

    public DaticertException(String message, Throwable cause) {
        super(message, cause);
    }
}
