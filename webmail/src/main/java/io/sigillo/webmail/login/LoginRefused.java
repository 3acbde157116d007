package io.sigillo.webmail.login;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Why the delivery point did not log someone in, as the login page explains it. */
public final class LoginRefused extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    /** The reasons the login page tells apart; each is a message key's last part. */
    public enum Reason {
        /** User name, password or code wrong. */
        CREDENTIALS,
        /** The password was right; the authenticator app's code is needed too. */
        CODE_NEEDED,
        /** The password was right, but the provider disabled the mailbox. */
        DISABLED,
        /** Too many failures; try again later. */
        LOCKED,
        /** The delivery point could not be asked. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final transient Duration retryAfter;

    public LoginRefused(Reason reason, Duration retryAfter, Throwable cause) {
        super(reason.name(), cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** How long a locked login waits; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
