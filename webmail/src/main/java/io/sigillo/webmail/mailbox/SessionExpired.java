package io.sigillo.webmail.mailbox;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

/** The provider's APIs no longer take the session's token (it expired, or the mailbox was disabled). */
public final class SessionExpired extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionExpired() {
        super("the session token was refused");
    }

    /**
     * {@code client}, made to throw this whenever a service answers 401 to a call it {@code retrieve()}s: a call it
     * {@code exchange()}s reads the status itself.
     */
    public static RestClient.Builder whenRefused(RestClient.Builder client) {
        return client.defaultStatusHandler(status -> status.isSameCodeAs(HttpStatus.UNAUTHORIZED),
                (request, response) -> {
                    throw new SessionExpired();
                });
    }
}
