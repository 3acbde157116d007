package io.sigillo.pec.event;

import java.util.Map;

/**
 * Every Kafka topic of the platform, named {@code pec.<what>.<event>}; records are keyed by the PEC message
 * identifier (mailbox records by address), so one message's events stay in order.
 */
public final class Topics {

    /** Delivery point → access point: mailbox credentials, compacted, keyed by address ({@link MailboxRegistered}). */
    public static final String MAILBOX_REGISTERED = "pec.mailbox.registered";
    /**
     * Access point → delivery point: a client logged in with an app password or a client certificate, for the
     * owner's "last used" ({@link CredentialUsed}).
     */
    public static final String CREDENTIAL_USED = "pec.credential.used";
    /** Access point → receipt service: a submission passed every check ({@link SubmissionAccepted}). */
    public static final String SUBMISSION_ACCEPTED = "pec.submission.accepted";
    /** Access point → receipt service: a submission failed a check ({@link SubmissionRejected}). */
    public static final String SUBMISSION_REJECTED = "pec.submission.rejected";
    /** Incoming point → delivery point and receipt service: a verified transport envelope ({@link EnvelopeVerified}). */
    public static final String ENVELOPE_VERIFIED = "pec.envelope.verified";
    /** Incoming point → receipt service: something that is not valid PEC arrived ({@link AnomalyDetected}). */
    public static final String ANOMALY_DETECTED = "pec.anomaly.detected";
    /** Incoming point → receipt service: a virus in a verified envelope ({@link VirusDetected}). */
    public static final String VIRUS_DETECTED = "pec.virus.detected";
    /**
     * Delivery point (and incoming point, for virus) → receipt service: delivered or not, per recipient
     * ({@link DeliveryOutcome}).
     */
    public static final String DELIVERY_OUTCOME = "pec.delivery.outcome";
    /**
     * Every provider message this provider signed ({@link ProviderMessageSigned}), envelopes included, with its
     * routing, from the receipt service. The delivery point stores it in local mailboxes (and reports envelopes
     * delivered), the relay hands it to other providers and external recipients, the sender-side timers start on
     * envelopes and stop on what receipts report, the log lists it.
     */
    public static final String MESSAGE_SIGNED = "pec.message.signed";
    /**
     * Incoming point → delivery point, timers and log: a receipt or notice another provider signed about one of our
     * messages, verified ({@link ProviderMessageSigned}, routed to local mailboxes only). Never relayed.
     */
    public static final String RECEIPT_RECEIVED = "pec.receipt.received";
    /** Access point's timers → receipt service: a recipient's 12 or 24 hours ran out ({@link DeliveryOverdue}). */
    public static final String DELIVERY_OVERDUE = "pec.delivery.overdue";
    /** Every service → audit log ({@link AuditEvent}). */
    public static final String AUDIT_EVENTS = "pec.audit.events";
    /** Prefix of each service's dead-letter topic: {@code pec.dlt.<service>}. */
    public static final String DEAD_LETTER_PREFIX = "pec.dlt.";

    /** The event each topic carries: every record of a topic is one of these, as JSON. */
    public static final Map<String, Class<?>> EVENTS = Map.ofEntries(
            Map.entry(MAILBOX_REGISTERED, MailboxRegistered.class),
            Map.entry(CREDENTIAL_USED, CredentialUsed.class),
            Map.entry(SUBMISSION_ACCEPTED, SubmissionAccepted.class),
            Map.entry(SUBMISSION_REJECTED, SubmissionRejected.class),
            Map.entry(ENVELOPE_VERIFIED, EnvelopeVerified.class),
            Map.entry(ANOMALY_DETECTED, AnomalyDetected.class),
            Map.entry(VIRUS_DETECTED, VirusDetected.class),
            Map.entry(DELIVERY_OUTCOME, DeliveryOutcome.class),
            Map.entry(MESSAGE_SIGNED, ProviderMessageSigned.class),
            Map.entry(RECEIPT_RECEIVED, ProviderMessageSigned.class),
            Map.entry(DELIVERY_OVERDUE, DeliveryOverdue.class),
            Map.entry(AUDIT_EVENTS, AuditEvent.class));

    private Topics() {
    }
}
