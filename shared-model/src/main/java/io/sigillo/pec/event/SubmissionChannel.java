package io.sigillo.pec.event;

/** How an owner submitted a message to the access point. */
public enum SubmissionChannel {
    /** The REST API: business software, a webmail. */
    REST,
    /** SMTP submission from a mail client, which may keep its own copy in its Sent folder. */
    SMTP
}
