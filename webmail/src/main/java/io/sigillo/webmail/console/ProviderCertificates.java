package io.sigillo.webmail.console;

import io.sigillo.pec.smime.CertificateSummary;
import java.util.List;

/**
 * The provider's own signing certificates, as its audit log holds them ({@code GET /admin/v1/certificates}): the one
 * in use (null without a key) and the retired ones whose signatures its log still accepts.
 */
public record ProviderCertificates(String provider, String domain, CertificateSummary signing,
        List<CertificateSummary> retired) {

    public ProviderCertificates {
        retired = retired == null ? List.of() : List.copyOf(retired);
    }
}
