package io.sigillo.webmail.mailbox;

/** The provider's APIs no longer take the session's token (it expired, or the mailbox was disabled). */
public final class SessionExpired extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionExpired() {
        super("the session token was refused");
    }
}
