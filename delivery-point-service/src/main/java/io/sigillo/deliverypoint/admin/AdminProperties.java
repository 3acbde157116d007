package io.sigillo.deliverypoint.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operators' credentials for the admin API. There is no default: the service refuses to start until
 * they are configured ({@code SIGILLO_ADMIN_USERNAME}, {@code SIGILLO_ADMIN_PASSWORD}).
 *
 * @param username   the operator's user name
 * @param password   the operator's password
 * @param totpSecret the operator's TOTP secret in Base32 ({@code SIGILLO_ADMIN_TOTP_SECRET}); when set, the operator
 *                   logs in at {@code POST /api/v1/sessions} with a code and the password alone opens nothing
 */
@ConfigurationProperties("sigillo.admin")
@Validated
public record AdminProperties(@NotBlank String username, @NotBlank String password,
        @Pattern(regexp = "[A-Za-z2-7]{16,}") String totpSecret) {

    /** True when the operator logs in with a one-time code too. */
    public boolean twoFactor() {
        return totpSecret != null && !totpSecret.isBlank();
    }
}
