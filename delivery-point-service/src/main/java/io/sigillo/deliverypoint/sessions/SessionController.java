package io.sigillo.deliverypoint.sessions;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Logging in for a session token: the only way into the API for an account with two-factor login on, and a way to
 * stop sending the password on every call for any other. The token works at this provider's access point too.
 */
@RestController
@RequestMapping("/api/v1/sessions")
public class SessionController {

    private final SessionLogins logins;
    private final LoginAddresses addresses;

    public SessionController(SessionLogins logins, LoginAddresses addresses) {
        this.logins = logins;
        this.addresses = addresses;
    }

    @Operation(summary = "Log in for a session token",
            description = "With two-factor login on, a login without a code answers 401 with twoFactor=required.")
    @SecurityRequirements
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "logged in")
    @ApiResponse(responseCode = "401", description = "refused, or a code is needed (twoFactor=required)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "the password is right, but the provider disabled the mailbox "
            + "(disabled=true): it still receives, and logs in nowhere", content = @Content(
                    mediaType = "application/problem+json"))
    @PostMapping
    public ResponseEntity<?> login(@Valid @RequestBody SessionLogin.Login login, HttpServletRequest request) {
        return SessionLogin.answer(logins.login(login.username().strip(), login.password(), login.code(),
                addresses.of(request)));
    }
}
