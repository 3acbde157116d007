package io.sigillo.support.sessions;

import io.sigillo.support.ProblemResponses;
import io.sigillo.support.credentials.LoginThrottle;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A full login for a session token, as every service that issues them takes and answers it: the delivery point for
 * mailbox owners and its operator (ADR 0027), the audit log for compliance staff (ADR 0036).
 */
public final class SessionLogin {

    private SessionLogin() {
    }

    /**
     * A login.
     *
     * @param username a mailbox address, or a member of staff's user name
     * @param password the main password (never an app password)
     * @param code     with two-factor login on: the six digits of the authenticator app, or a recovery code
     */
    public record Login(@NotBlank @Size(max = 320) String username, @NotBlank @Size(max = 1024) String password,
            @Size(max = 40) String code) {
    }

    /** A session: send {@code token} as {@code Authorization: Bearer} until {@code expiresAt}. */
    public record Session(String token, String tokenType, Instant expiresAt, String account, List<String> roles) {
    }

    /** What a login came to. */
    public sealed interface Outcome {
    }

    /** Logged in as {@code account} (its canonical name): the token, and the roles it carries. */
    public record LoggedIn(String account, SessionTokens.Issued session, List<String> roles) implements Outcome {
    }

    /** The password was right and the account needs a code too, which the request did not carry. */
    public record CodeNeeded() implements Outcome {
    }

    /** Wrong user, password or code: which one is not said. */
    public record Refused() implements Outcome {
    }

    /** The password was right, but the provider disabled the account: it logs in nowhere until enabled again. */
    public record Disabled() implements Outcome {
    }

    /** Too many failures from this account or address: try again after {@code retryAfter}. */
    public record Locked(Duration retryAfter) implements Outcome {
    }

    /**
     * Who a right password named: their canonical name, their roles, how a one-time code proves their second
     * factor (null when they have none), and whether the provider disabled them.
     */
    public record Holder(String name, List<String> roles, Predicate<String> secondFactor, boolean disabled) {
    }

    /**
     * One login, as every service that issues tokens takes it: refused at once while the throttle locks the account
     * or the address; then the password ({@code byPassword}: the holder it names, empty when wrong); then whether
     * the holder is disabled; then, for a holder with a second factor, the code. Every failure counts in the throttle, a success clears the account's.
     */
    public static Outcome login(LoginThrottle throttle, SessionTokens tokens, String username, String clientAddress,
            String code, Supplier<Optional<Holder>> byPassword) {
        Optional<Duration> locked = throttle.lockedFor(username, clientAddress);
        if (locked.isPresent()) {
            return new Locked(locked.get());
        }
        Optional<Holder> holder = byPassword.get();
        if (holder.isEmpty()) {
            throttle.failed(username, clientAddress);
            return new Refused();
        }
        Holder who = holder.get();
        if (who.disabled()) {
            // Said only to whoever knows the password, so that it tells a stranger nothing about the account.
            return new Disabled();
        }
        if (who.secondFactor() != null) {
            if (code == null || code.isBlank()) {
                return new CodeNeeded();
            }
            if (!who.secondFactor().test(code.strip())) {
                throttle.failed(username, clientAddress);
                return new Refused();
            }
        }
        throttle.succeeded(username);
        return new LoggedIn(who.name(), tokens.issue(who.name(), who.roles()), who.roles());
    }

    /** The answer to a login: 201 and the session, 401 (saying when a code is needed), 403 when disabled, or 429. */
    public static ResponseEntity<?> answer(Outcome outcome) {
        if (outcome instanceof LoggedIn in) {
            return ResponseEntity.status(HttpStatus.CREATED).body(new Session(in.session().token(), "Bearer",
                    in.session().expiresAt(), in.account(), in.roles()));
        }
        if (outcome instanceof Locked locked) {
            return ProblemResponses.tooManyAttempts(locked.retryAfter());
        }
        if (outcome instanceof Disabled) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "The provider disabled this account: it still receives messages, but cannot be logged in to.");
            problem.setProperty("disabled", true);
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
        }
        if (outcome instanceof CodeNeeded) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "Two-factor login is on: send the code of the authenticator app, or a recovery code.");
            problem.setProperty("twoFactor", "required");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, "The user name, password or code is wrong."));
    }
}
