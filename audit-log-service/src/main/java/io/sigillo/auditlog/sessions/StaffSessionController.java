package io.sigillo.auditlog.sessions;

import io.sigillo.support.credentials.LoginAddresses;
import io.sigillo.support.sessions.SessionLogin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Compliance staff and operators log in for a session token ({@code POST /admin/v1/sessions}), the only way in for
 * an account with a second factor; the console logs them in here (ADR 0036).
 */
@RestController
public class StaffSessionController {

    private final StaffLogins logins;
    private final LoginAddresses addresses;

    public StaffSessionController(StaffLogins logins, LoginAddresses addresses) {
        this.logins = logins;
        this.addresses = addresses;
    }

    @Operation(summary = "Log in for a session token",
            description = "With a second factor configured for the account, a login without a code answers 401 "
                    + "with twoFactor=required.")
    @SecurityRequirements
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "logged in")
    @ApiResponse(responseCode = "401", description = "refused, or a code is needed (twoFactor=required)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "429", description = "too many failures: wait for Retry-After",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/admin/v1/sessions")
    public ResponseEntity<?> login(@Valid @RequestBody SessionLogin.Login login, HttpServletRequest request) {
        return SessionLogin.answer(logins.login(login.username().strip(), login.password(), login.code(),
                addresses.of(request)));
    }
}
