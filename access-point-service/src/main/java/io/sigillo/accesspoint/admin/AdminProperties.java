package io.sigillo.accesspoint.admin;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The provisioning operator, as the delivery point knows them ({@code SIGILLO_ADMIN_USERNAME}, {@code _PASSWORD},
 * {@code _TOTP_SECRET}, the same values): optional here, where they only read the relay's queue (ADR 0036). With a
 * second factor, the password alone opens nothing and the delivery point's session token is the way in.
 *
 * @param username   the operator's user name, or null for no operator at the access point
 * @param password   the operator's password
 * @param totpSecret the operator's TOTP secret, or null
 */
@ConfigurationProperties("sigillo.admin")
@Validated
public record AdminProperties(String username, String password,
        @Pattern(regexp = "[A-Za-z2-7]{16,}") String totpSecret) {

    /** True when an operator is configured. */
    public boolean present() {
        return username != null && !username.isBlank() && password != null && !password.isBlank();
    }

    /** True when the operator logs in with a one-time code too. */
    public boolean twoFactor() {
        return totpSecret != null && !totpSecret.isBlank();
    }
}
