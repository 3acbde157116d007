package io.sigillo.webmail.console;

import io.sigillo.pec.smime.CertificateSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * A certificate and how long it has left, as the console warns of it: a provider whose signing certificate expires
 * can no longer sign a receipt that others accept.
 *
 * @param certificate the certificate
 * @param daysLeft    whole days until it expires; negative once it has
 */
public record CertificateStanding(CertificateSummary certificate, long daysLeft) {

    /** How far ahead an expiry is worth a warning: a new certificate must reach every provider's index in time. */
    static final long WARNING_DAYS = 30;

    /** {@code certificate} seen at {@code now}. */
    static CertificateStanding of(CertificateSummary certificate, Instant now) {
        return new CertificateStanding(certificate, Duration.between(now, certificate.notAfter()).toDays());
    }

    /** True once it has expired. */
    public boolean expired() {
        return daysLeft < 0;
    }

    /** True when it expires within {@link #WARNING_DAYS}. */
    public boolean expiringSoon() {
        return !expired() && daysLeft <= WARNING_DAYS;
    }
}
