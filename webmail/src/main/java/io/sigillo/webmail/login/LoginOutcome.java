package io.sigillo.webmail.login;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the delivery point answered to a login. */
public sealed interface LoginOutcome {

    /** Logged in: {@code token} opens the provider's APIs until {@code expiresAt}. */
    record LoggedIn(String account, String token, Instant expiresAt, List<String> roles) implements LoginOutcome {
    }

    /** The password was right, and two-factor login is on: a code is needed too. */
    record CodeNeeded() implements LoginOutcome {
    }

    /** Too many failures: no login for this account or address until {@code retryAfter} has passed. */
    record Locked(Duration retryAfter) implements LoginOutcome {
    }

    /** User name, password or code wrong; which one, the delivery point does not say. */
    record Refused() implements LoginOutcome {
    }
}
