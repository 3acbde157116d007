package io.sigillo.accesspoint.submission;

import io.sigillo.pec.format.PecError;

/**
 * A submission that fails a check of the access point. With {@code notify} the sender also gets a signed
 * non-acceptance notice; without it (nothing readable to speak of) only the HTTP error.
 */
public class SubmissionRefused extends RuntimeException {

    private final int httpStatus;
    private final String field;
    private final PecError error;
    private final boolean notify;

    public SubmissionRefused(int httpStatus, String field, String reason, PecError error, boolean notify) {
        super(reason);
        this.httpStatus = httpStatus;
        this.field = field;
        this.error = error;
        this.notify = notify;
    }

    /** A check failure that earns a non-acceptance notice (HTTP 400). */
    public static SubmissionRefused withNotice(String field, String reason) {
        return new SubmissionRefused(400, field, reason, PecError.ALTRO, true);
    }

    /** A request that cannot even be read as a message (HTTP 400, no notice). */
    public static SubmissionRefused unreadable(String field, String reason) {
        return new SubmissionRefused(400, field, reason, PecError.ALTRO, false);
    }

    /** A request over the size limit (HTTP 413, no notice: nothing was read as a message). */
    public static SubmissionRefused tooLarge(long limit) {
        return new SubmissionRefused(413, "body", "the message is larger than the limit of " + limit + " bytes",
                PecError.ALTRO, false);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String field() {
        return field;
    }

    public PecError error() {
        return error;
    }

    public boolean notifySender() {
        return notify;
    }
}
