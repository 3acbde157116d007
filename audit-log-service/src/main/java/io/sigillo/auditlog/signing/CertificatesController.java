package io.sigillo.auditlog.signing;

import io.sigillo.pec.smime.CertificateSummary;
import io.sigillo.pec.smime.ProviderCredentials;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/certificates}: the provider's signing certificate in use (with which receipts, reproductions
 * and the log's seals are signed) and the retired ones whose signatures the log still accepts, with their validity,
 * so that staff see an expiry coming.
 */
@RestController
public class CertificatesController {

    /** The provider's certificates: the one in use (null without a key) and the retired ones. */
    public record Certificates(String provider, String domain, CertificateSummary signing,
            List<CertificateSummary> retired) {
    }

    private final ProviderKey key;

    public CertificatesController(ProviderKey key) {
        this.key = key;
    }

    @Operation(summary = "The provider's signing certificates",
            description = "The one in use and the retired ones the log's verification still accepts, with validity.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the certificates")
    @GetMapping("/admin/v1/certificates")
    public Certificates certificates() {
        return new Certificates(key.provider().name(), key.provider().domain(),
                key.credentials().map(ProviderCredentials::certificate).map(CertificateSummary::of).orElse(null),
                key.retiredCertificates().stream().map(CertificateSummary::of).toList());
    }
}
