package io.sigillo.pec.smime;

/** A keystore or trust store that cannot be used, with the reason. */
public class KeystoreException extends Exception {

    public KeystoreException(String message) {
        super(message);
    }

    public KeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
