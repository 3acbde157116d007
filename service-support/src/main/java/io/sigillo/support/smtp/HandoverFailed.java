package io.sigillo.support.smtp;

/** The other server did not take the message: permanently (5xx) or for now (4xx, or no answer at all). */
public class HandoverFailed extends Exception {

    private final int code;

    public HandoverFailed(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The SMTP reply code, 0 when there was none (connection refused, timeout, TLS failure). */
    public int code() {
        return code;
    }

    /** True for a 5xx reply: retrying the same message will not help. */
    public boolean permanent() {
        return code >= 500 && code < 600;
    }
}
