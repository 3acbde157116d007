package io.sigillo.pec.index;

/** A providers' index that cannot be read or is inconsistent, with the entry and the reason. */
public class ProvidersIndexException extends Exception {

    public ProvidersIndexException(String message) {
        super(message);
    }

    public ProvidersIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
