package io.sigillo.blob;

/** Stored bytes that no longer match their SHA-256: corruption or tampering, never to be used. */
public class BlobIntegrityException extends RuntimeException {

    public BlobIntegrityException(String message) {
        super(message);
    }
}
