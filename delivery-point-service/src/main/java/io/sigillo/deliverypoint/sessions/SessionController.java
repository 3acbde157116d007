package io.sigillo.deliverypoint.sessions;

import io.sigillo.support.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

    /**
     * A login.
     *
     * @param username a mailbox address, or the operator's user name
     * @param password the main password (never an app password)
     * @param code     with two-factor login on: the six digits of the authenticator app, or a recovery code
     */
    public record Login(@NotBlank @Size(max = 320) String username, @NotBlank @Size(max = 1024) String password,
            @Size(max = 40) String code) {
    }

    /** A session: send {@code token} as {@code Authorization: Bearer} until {@code expiresAt}. */
    public record Session(String token, String tokenType, Instant expiresAt, String account, List<String> roles) {
    }

    @Operation(summary = "Log in for a session token",
            description = "With two-factor login on, a login without a code answers 401 with twoFactor=required.")
    @SecurityRequirements
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "logged in")
    @ApiResponse(responseCode = "401", description = "refused, or a code is needed (twoFactor=required)",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping
    public ResponseEntity<?> login(@Valid @RequestBody Login login, HttpServletRequest request) {
        SessionLogins.Outcome outcome = logins.login(login.username().strip(), login.password(), login.code(),
                addresses.of(request));
        if (outcome instanceof SessionLogins.LoggedIn in) {
            return ResponseEntity.status(HttpStatus.CREATED).body(new Session(in.session().token(), "Bearer",
                    in.session().expiresAt(), in.account(), in.roles()));
        }
        if (outcome instanceof SessionLogins.Locked locked) {
            return ProblemResponses.tooManyAttempts(locked.retryAfter());
        }
        if (outcome instanceof SessionLogins.CodeNeeded) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "Two-factor login is on: send the code of the authenticator app, or a recovery code.");
            problem.setProperty("twoFactor", "required");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, "The user name, password or code is wrong."));
    }
}
