package io.sigillo.webmail.message;

import io.sigillo.pec.smime.CertificateSummary;
import io.sigillo.pec.smime.SignatureCheck;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What checking a message's signature found, as its page shows it.
 *
 * @param status       the verdict
 * @param reason       the check's own sentence
 * @param provider     the signer as the providers' index names it; null when the index does not list it
 * @param signer       the signing certificate's subject, by its organisation or common name; null without one
 * @param issuer       who issued that certificate, likewise
 * @param serial       the certificate's serial number, in hexadecimal
 * @param validFrom    the certificate's validity
 * @param validUntil   the certificate's validity
 * @param signedAt     the time the signature states; null when it states none
 * @param verifiedAt   when the webmail checked it
 */
public record Verification(SignatureCheck.Status status, String reason, String provider, String signer, String issuer,
        String serial, Instant validFrom, Instant validUntil, Instant signedAt, Instant verifiedAt) {

    /** The facts of {@code check}, made at {@code verifiedAt}; {@code provider} as the index names the signer. */
    static Verification of(SignatureCheck check, String provider, Instant verifiedAt) {
        X509Certificate certificate = check.signer();
        if (certificate == null) {
            return new Verification(check.status(), check.reason(), provider, null, null, null, null, null,
                    check.signingTime(), verifiedAt);
        }
        CertificateSummary summary = CertificateSummary.of(certificate);
        return new Verification(check.status(), check.reason(), provider, summary.subject(), summary.issuer(),
                summary.serialNumber(), summary.notBefore(), summary.notAfter(), check.signingTime(), verifiedAt);
    }

    /** Intact and signed by a provider the index lists. */
    public boolean valid() {
        return status == SignatureCheck.Status.VALID;
    }
}
