package io.sigillo.webmail.message;

import io.sigillo.pec.smime.SignatureCheck;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

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
        return new Verification(check.status(), check.reason(), provider, name(certificate.getSubjectX500Principal()),
                name(certificate.getIssuerX500Principal()), hex(certificate.getSerialNumber()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), check.signingTime(),
                verifiedAt);
    }

    /** Intact and signed by a provider the index lists. */
    public boolean valid() {
        return status == SignatureCheck.Status.VALID;
    }

    /** A distinguished name as a person reads it: its organisation and common name, else the whole name. */
    private static String name(X500Principal principal) {
        String organisation = null;
        String common = null;
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns()) {
                String type = rdn.getType().toUpperCase(Locale.ROOT);
                if (type.equals("O") && organisation == null) {
                    organisation = String.valueOf(rdn.getValue());
                } else if (type.equals("CN") && common == null) {
                    common = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return principal.getName(X500Principal.RFC2253);
        }
        if (organisation != null && common != null && !organisation.equals(common)) {
            return common + " (" + organisation + ")";
        }
        return common != null ? common : organisation != null ? organisation : principal.getName();
    }

    private static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }
}
