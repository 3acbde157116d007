package io.sigillo.receipt.signing;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the provider's signing key lives: a PKCS#12 keystore
 * ({@code SIGILLO_SIGNING_KEYSTORE_PATH}, {@code SIGILLO_SIGNING_KEYSTORE_PASSWORD}, optional
 * {@code SIGILLO_SIGNING_KEY_ALIAS}). No default: the service does not start without a key.
 */
@ConfigurationProperties("sigillo.signing")
@Validated
public record SigningProperties(@NotBlank String keystorePath, @NotBlank String keystorePassword, String keyAlias) {
}
