package io.sigillo.pec.smime;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What checking one S/MIME signature found.
 *
 * @param status      the verdict
 * @param reason      a sentence a person can read
 * @param signer      the certificate that signed, when one was found
 * @param signingTime the signing-time attribute, when present
 */
public record SignatureCheck(Status status, String reason, X509Certificate signer, Instant signingTime) {

    /** The verdict of a signature check. */
    public enum Status {
        /** Intact, and signed by a trusted provider. */
        VALID,
        /** The signature does not match the content: altered in transit, or forged. */
        INVALID,
        /** Intact, but the signer is not a provider this one trusts (or its certificate was not valid). */
        UNTRUSTED,
        /** The signature cannot be decoded at all. */
        MALFORMED
    }
}
