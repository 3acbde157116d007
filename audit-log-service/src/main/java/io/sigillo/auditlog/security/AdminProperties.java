package io.sigillo.auditlog.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials for the admin API, distinct from any mailbox's. Compliance staff (role COMPLIANCE: traces,
 * receipts, reproductions, search, log verification) have no default: the service refuses to start until they
 * are configured ({@code SIGILLO_ADMIN_USERNAME}, {@code SIGILLO_ADMIN_PASSWORD}). Operators (role OPERATOR:
 * log verification only) are optional ({@code SIGILLO_ADMIN_OPERATOR_USERNAME}, {@code _PASSWORD}). Either may have
 * an authenticator app's secret ({@code SIGILLO_ADMIN_TOTP_SECRET}, {@code SIGILLO_ADMIN_OPERATOR_TOTP_SECRET}):
 * that account then logs in for a session with a code, and its password alone opens nothing (ADR 0036).
 *
 * @param username   compliance staff's user name
 * @param password   compliance staff's password
 * @param totpSecret compliance staff's TOTP secret in Base32, or null
 * @param operator   an operator's credentials, may be null
 */
@ConfigurationProperties("sigillo.admin")
@Validated
public record AdminProperties(@NotBlank String username, @NotBlank String password,
        @Pattern(regexp = "[A-Za-z2-7]{16,}") String totpSecret, Operator operator) {

    /** An operator: may check the log's integrity, may not read messages. */
    public record Operator(String username, String password, @Pattern(regexp = "[A-Za-z2-7]{16,}") String totpSecret) {

        /** True when an operator is configured at all. */
        public boolean present() {
            return username != null && !username.isBlank();
        }
    }

    /** The TOTP secret of the account named {@code username}, or null when it logs in with a password alone. */
    public String totpSecretOf(String username) {
        String secret = username.equals(this.username) ? totpSecret
                : operator != null && operator.present() && username.equals(operator.username())
                        ? operator.totpSecret() : null;
        return secret == null || secret.isBlank() ? null : secret;
    }
}
