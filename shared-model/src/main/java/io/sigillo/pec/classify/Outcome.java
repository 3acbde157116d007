package io.sigillo.pec.classify;

/** The verdict on an incoming message. */
public enum Outcome {
    /** A well-formed PEC message, intact, signed by a trusted provider. */
    VALID,
    /** Signed, but the content does not match the signature: altered after signing. */
    INVALID_SIGNATURE,
    /** Intact, but the signer is not a trusted provider (or its certificate was not valid). */
    UNTRUSTED_SIGNER,
    /** Ordinary mail: no PEC type header, or not signed at all. */
    NOT_PEC,
    /** Claims to be PEC but its structure, daticert or signature encoding is broken, or it is over a limit. */
    MALFORMED
}
