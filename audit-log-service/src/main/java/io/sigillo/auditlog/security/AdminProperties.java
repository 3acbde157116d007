package io.sigillo.auditlog.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Compliance staff's credentials for the admin API, distinct from any mailbox's. No default: the service
 * refuses to start until they are configured ({@code SIGILLO_ADMIN_USERNAME}, {@code SIGILLO_ADMIN_PASSWORD}).
 */
@ConfigurationProperties("sigillo.admin")
@Validated
public record AdminProperties(@NotBlank String username, @NotBlank String password) {
}
