package io.sigillo.webmail.compose;

/**
 * The access point's limits, as the compose form shows them before anything is sent.
 *
 * @param maxSizeTimesRecipients the largest size of a message times its number of recipients, in bytes
 * @param maxRecipients          the most recipients one message may have
 */
public record SubmissionLimits(long maxSizeTimesRecipients, int maxRecipients) {

    /** The size limit in megabytes, as a person reads it. */
    public String megabytes() {
        return Long.toString(maxSizeTimesRecipients / (1024 * 1024));
    }
}
