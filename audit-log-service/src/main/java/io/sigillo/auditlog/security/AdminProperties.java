package io.sigillo.auditlog.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials for the admin API, distinct from any mailbox's. Compliance staff (role COMPLIANCE: traces,
 * receipts, reproductions, search, log verification) have no default: the service refuses to start until they
 * are configured ({@code SIGILLO_ADMIN_USERNAME}, {@code SIGILLO_ADMIN_PASSWORD}). Operators (role OPERATOR:
 * log verification only) are optional ({@code SIGILLO_ADMIN_OPERATOR_USERNAME}, {@code _PASSWORD}).
 *
 * @param username compliance staff's user name
 * @param password compliance staff's password
 * @param operator an operator's credentials, may be null
 */
@ConfigurationProperties("sigillo.admin")
@Validated
public record AdminProperties(@NotBlank String username, @NotBlank String password, Operator operator) {

    /** An operator: may check the log's integrity, may not read messages. */
    public record Operator(String username, String password) {
    }
}
