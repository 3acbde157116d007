package io.sigillo.deliverypoint.credentials;

import io.sigillo.support.ProblemResponses;
import io.sigillo.support.credentials.LoginThrottle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The owner's two-factor login (TOTP): enrol an authenticator app, confirm it with its first code, turn it off or
 * renew the recovery codes with a code. Once it is on, the main password alone opens neither this API (log in at
 * {@code POST /api/v1/sessions}) nor IMAP, POP3 or SMTP (use app passwords).
 */
@RestController
@RequestMapping("/api/v1/mailbox/two-factor")
public class TwoFactorController {

    private final TwoFactorCredentials credentials;
    private final TwoFactorStore store;
    private final LoginThrottle throttle;

    public TwoFactorController(TwoFactorCredentials credentials, TwoFactorStore store, LoginThrottle throttle) {
        this.credentials = credentials;
        this.store = store;
        this.throttle = throttle;
    }

    /** A code from the authenticator app (six digits) or, where the operation says so, a recovery code. */
    public record Code(@NotBlank @Size(max = 40) String code) {
    }

    /**
     * Where the owner stands.
     *
     * @param enabled            true when logins need a code
     * @param enrolledAt         when the current secret was made, if any
     * @param enabledAt          when it was confirmed, if it was
     * @param recoveryCodesLeft  recovery codes not spent yet
     */
    public record Status(boolean enabled, Instant enrolledAt, Instant enabledAt, int recoveryCodesLeft) {
    }

    /** The codes to keep somewhere safe: each logs in once in place of a code from the app. */
    public record RecoveryCodes(List<String> recoveryCodes) {
    }

    @Operation(summary = "Two-factor login: on or off, and recovery codes left")
    @GetMapping
    public Status status(Principal owner) {
        Optional<TwoFactorStore.Enrolment> enrolment = store.find(owner.getName());
        return new Status(enrolment.map(TwoFactorStore.Enrolment::enabled).orElse(false),
                enrolment.map(TwoFactorStore.Enrolment::enrolledAt).orElse(null),
                enrolment.map(TwoFactorStore.Enrolment::enabledAt).orElse(null),
                store.recoveryCodesLeft(owner.getName()));
    }

    @Operation(summary = "Enrol an authenticator app",
            description = "Answers the secret and its otpauth:// URI (show it as a QR code). Nothing changes until "
                    + "the first code is confirmed; enrolling again replaces a secret not yet confirmed.")
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "enrolling")
    @ApiResponse(responseCode = "409", description = "two-factor login is already on",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping
    public ResponseEntity<?> enrol(Principal owner) {
        return credentials.enrol(owner.getName())
                .<ResponseEntity<?>>map(enrolling -> ResponseEntity.status(HttpStatus.CREATED).body(enrolling))
                .orElseGet(() -> problem(HttpStatus.CONFLICT, "two-factor login is already on: turn it off first"));
    }

    @Operation(summary = "Confirm the app with its first code: two-factor login is on",
            description = "Answers ten recovery codes, shown this once.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "on")
    @ApiResponse(responseCode = "422", description = "the code is wrong, used already, or nothing is being enrolled",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/confirmation")
    public ResponseEntity<?> confirm(Principal owner, @Valid @RequestBody Code request, HttpServletRequest http) {
        return counted(owner, http, () -> credentials.confirm(owner.getName(), request.code())
                .map(RecoveryCodes::new));
    }

    @Operation(summary = "New recovery codes in place of the old",
            description = "Needs a code from the app or a recovery code.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "renewed")
    @ApiResponse(responseCode = "422", description = "the code is wrong or used already",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/recovery-codes")
    public ResponseEntity<?> renewRecoveryCodes(Principal owner, @Valid @RequestBody Code request,
            HttpServletRequest http) {
        return counted(owner, http, () -> credentials.renewRecoveryCodes(owner.getName(), request.code())
                .map(RecoveryCodes::new));
    }

    @Operation(summary = "Turn two-factor login off",
            description = "Needs a code from the app or a recovery code; the password works alone again.")
    @ApiResponse(responseCode = "204", description = "off")
    @ApiResponse(responseCode = "422", description = "the code is wrong or used already",
            content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping
    public ResponseEntity<?> disable(Principal owner, @Valid @RequestBody Code request, HttpServletRequest http) {
        return counted(owner, http, () -> credentials.disable(owner.getName(), request.code())
                ? Optional.of(ResponseEntity.noContent().build()) : Optional.empty());
    }

    /**
     * The answer, or 422 counted as a failed login (429 while locked), so that codes cannot be guessed through these
     * calls by whoever holds a session token.
     */
    private ResponseEntity<?> counted(Principal owner, HttpServletRequest http, Supplier<Optional<?>> attempt) {
        Optional<Duration> locked = throttle.lockedFor(owner.getName(), http.getRemoteAddr());
        if (locked.isPresent()) {
            return ProblemResponses.tooManyAttempts(locked.get());
        }
        Optional<?> done = attempt.get();
        if (done.isEmpty()) {
            throttle.failed(owner.getName(), http.getRemoteAddr());
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, "the code is wrong or was used already");
        }
        throttle.succeeded(owner.getName());
        return done.get() instanceof ResponseEntity<?> answer ? answer : ResponseEntity.ok(done.get());
    }

    private static ResponseEntity<?> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
