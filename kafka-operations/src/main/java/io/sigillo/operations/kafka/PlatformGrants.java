package io.sigillo.operations.kafka;

import static io.sigillo.pec.event.Topics.ANOMALY_DETECTED;
import static io.sigillo.pec.event.Topics.AUDIT_EVENTS;
import static io.sigillo.pec.event.Topics.CREDENTIAL_USED;
import static io.sigillo.pec.event.Topics.DEAD_LETTER_PREFIX;
import static io.sigillo.pec.event.Topics.DELIVERY_OUTCOME;
import static io.sigillo.pec.event.Topics.DELIVERY_OVERDUE;
import static io.sigillo.pec.event.Topics.ENVELOPE_VERIFIED;
import static io.sigillo.pec.event.Topics.MAILBOX_REGISTERED;
import static io.sigillo.pec.event.Topics.MESSAGE_SIGNED;
import static io.sigillo.pec.event.Topics.RECEIPT_RECEIVED;
import static io.sigillo.pec.event.Topics.SUBMISSION_ACCEPTED;
import static io.sigillo.pec.event.Topics.SUBMISSION_REJECTED;
import static io.sigillo.pec.event.Topics.VIRUS_DETECTED;
import static java.util.stream.Collectors.toSet;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may write and read which topic of a provider's Kafka cluster (ADR 0023): the one table the brokers' ACLs are
 * made from, in the tests, the local run, Compose and Kubernetes. Each service writes its own events, the log's
 * events and its dead letters; it reads what its bindings consume. Only the access point reads
 * {@code pec.mailbox.registered}, the topic that carries password hashes. The console replays dead letters
 * (ADR 0037).
 */
public final class PlatformGrants {

    /** The access point: submissions, the relay, the sender's timers. */
    public static final ServiceGrants ACCESS_POINT = service("access-point-service",
            List.of(SUBMISSION_ACCEPTED, SUBMISSION_REJECTED, DELIVERY_OVERDUE, CREDENTIAL_USED, AUDIT_EVENTS),
            List.of(MAILBOX_REGISTERED, MESSAGE_SIGNED, RECEIPT_RECEIVED));
    /** The receipt service: the only one that publishes what this provider signed. */
    public static final ServiceGrants RECEIPT = service("receipt-service",
            List.of(MESSAGE_SIGNED, AUDIT_EVENTS),
            List.of(SUBMISSION_ACCEPTED, SUBMISSION_REJECTED, ENVELOPE_VERIFIED, DELIVERY_OUTCOME, ANOMALY_DETECTED,
                    DELIVERY_OVERDUE, VIRUS_DETECTED));
    /** The incoming point: the only one that says what arrived from other providers; it reads which receipts to expect. */
    public static final ServiceGrants INCOMING_POINT = service("incoming-point-service",
            List.of(ENVELOPE_VERIFIED, ANOMALY_DETECTED, VIRUS_DETECTED, RECEIPT_RECEIVED, DELIVERY_OUTCOME,
                    AUDIT_EVENTS),
            List.of(MESSAGE_SIGNED));
    /**
     * The delivery point: mailboxes, what was delivered to them, a copy of what their owners sent, and when their
     * credentials were last used.
     */
    public static final ServiceGrants DELIVERY_POINT = service("delivery-point-service",
            List.of(MAILBOX_REGISTERED, DELIVERY_OUTCOME, AUDIT_EVENTS),
            List.of(MESSAGE_SIGNED, RECEIPT_RECEIVED, ENVELOPE_VERIFIED, SUBMISSION_ACCEPTED, CREDENTIAL_USED));
    /** The log: it reads, and writes nothing but its dead letters. */
    public static final ServiceGrants AUDIT_LOG = service("audit-log-service",
            List.of(),
            List.of(AUDIT_EVENTS, MESSAGE_SIGNED, RECEIPT_RECEIVED, DELIVERY_OUTCOME));

    /** Every service of a provider. */
    public static final List<ServiceGrants> ALL = List.of(ACCESS_POINT, RECEIPT, INCOMING_POINT, DELIVERY_POINT,
            AUDIT_LOG);

    /** The consumer group whose offsets mark which dead letters were replayed, by the console or the command. */
    public static final String REPLAY_GROUP = "sigillo-dead-letter-replay";

    /**
     * The console's principal (ADR 0037): it reads every service's dead letters, in the replay's group, and writes them
     * back to the topics they came from. Not to {@code pec.mailbox.registered}: whoever writes it sets a mailbox's
     * password, so a dead letter from it is replayed by the administrator's command.
     */
    public static final ServiceGrants CONSOLE = new ServiceGrants("console",
            ALL.stream().flatMap(g -> g.reads().stream()).filter(t -> !t.equals(MAILBOX_REGISTERED)).collect(toSet()),
            ALL.stream().map(g -> deadLetters(g.service())).collect(toSet()),
            REPLAY_GROUP);

    /** Every principal the provisioning makes: the services and the console. */
    public static final List<ServiceGrants> PRINCIPALS = List.of(ACCESS_POINT, RECEIPT, INCOMING_POINT,
            DELIVERY_POINT, AUDIT_LOG, CONSOLE);

    private PlatformGrants() {
    }

    /** The grants of the service named {@code service}, if it is one of ours. */
    public static Optional<ServiceGrants> of(String service) {
        return ALL.stream().filter(g -> g.service().equals(service)).findFirst();
    }

    /** Every topic the platform uses, dead-letter topics included, in name order. */
    public static Set<String> topics(Collection<ServiceGrants> grants) {
        Set<String> topics = new TreeSet<>();
        grants.forEach(g -> {
            topics.addAll(g.writes());
            topics.addAll(g.reads());
        });
        return topics;
    }

    /** Where {@code service} parks what it cannot handle: {@code pec.dlt.<service>}. */
    public static String deadLetters(String service) {
        return DEAD_LETTER_PREFIX + service;
    }

    private static ServiceGrants service(String name, List<String> writes, List<String> reads) {
        // A service parks what it cannot handle on its own dead-letter topic, and only there.
        Set<String> written = new HashSet<>(writes);
        written.add(deadLetters(name));
        return new ServiceGrants(name, written, Set.copyOf(reads), name);
    }
}
