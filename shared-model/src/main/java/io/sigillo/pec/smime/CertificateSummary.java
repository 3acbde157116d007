package io.sigillo.pec.smime;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate as a person reads it: who it names and who issued it (organisation and common name), its serial
 * number, its validity and the SHA-256 of its DER encoding, by which it is told apart from any other.
 *
 * @param subject      whom it names
 * @param issuer       who issued it
 * @param serialNumber its serial number, in upper-case hexadecimal
 * @param notBefore    when it starts being valid
 * @param notAfter     when it stops
 * @param sha256       the SHA-256 of its DER encoding, in lower-case hexadecimal
 */
public record CertificateSummary(String subject, String issuer, String serialNumber, Instant notBefore,
        Instant notAfter, String sha256) {

    /** The summary of {@code certificate}. */
    public static CertificateSummary of(X509Certificate certificate) {
        return new CertificateSummary(name(certificate.getSubjectX500Principal()),
                name(certificate.getIssuerX500Principal()), hex(certificate.getSerialNumber()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), sha256(certificate));
    }

    /** A distinguished name as a person reads it: its common name and organisation, else the whole name. */
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

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has an encoding and SHA-256 is always there", e);
        }
    }
}
