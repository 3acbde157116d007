package io.sigillo.accesspoint.submission;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionChannel;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.MessageIdLogging;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.virus.VirusScanner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Punto di accesso: checks a submission, assigns its PEC identifier, stores the original and announces it
 * accepted; or announces it rejected, so the sender gets a signed non-acceptance notice.
 */
@Service
public class AccessPoint {

    /** What the sender is told on acceptance. */
    public record Accepted(MessageIdentifier messageId, String originalMessageId, Instant acceptedAt,
            List<Recipient> recipients) {
    }

    /** An event the access point is about to publish: its topic, its key (the PEC identifier) and itself. */
    public record Announcement(String topic, MessageIdentifier key, Object event) {
    }

    /**
     * Told what is about to be announced, before it is, so that a caller keeping answers for retries keeps the
     * announcement with its answer and can publish it again should this process die before Kafka has it.
     */
    public interface BeforeAnnouncing {

        /** Nothing kept: the caller cannot be retried safely anyway. */
        BeforeAnnouncing NOTHING = new BeforeAnnouncing() {
        };

        /** The submission is accepted and {@code announcement} is about to be published. */
        default void accepting(Accepted accepted, Announcement announcement) {
        }

        /** The submission is refused with a notice and {@code announcement} is about to be published. */
        default void refusing(RefusedSubmission refused, Announcement announcement) {
        }
    }

    private final SubmissionChecks checks;
    private final LocalProvider provider;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final VirusScanner scanner;
    private final MeterRegistry meters;
    private final Clock clock;

    public AccessPoint(SubmissionChecks checks, LocalProvider provider, BlobStore blobs, KeyedPublisher publisher,
            VirusScanner scanner, MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.checks = checks;
        this.provider = provider;
        this.blobs = blobs;
        this.publisher = publisher;
        this.scanner = scanner;
        this.clock = clock;
    }

    /**
     * Accepts {@code raw} from {@code sender}, or throws {@link RefusedSubmission} after announcing the
     * rejection when the sender is owed a notice.
     */
    public Accepted submit(String sender, byte[] raw, String receiptType, BeforeAnnouncing keeping) {
        return submit(sender, raw, receiptType, null, keeping);
    }

    /**
     * As {@link #submit(String, byte[], String, BeforeAnnouncing)}, for a message that came with the SMTP envelope
     * {@code envelope} (its RCPT TO addresses in lower case), which must name exactly its To and Cc.
     */
    public Accepted submit(String sender, byte[] raw, String receiptType, Set<String> envelope,
            BeforeAnnouncing keeping) {
        MessageIdentifier id = MessageIdentifier.random(provider.domain());
        try (MDC.MDCCloseable logged = MDC.putCloseable(MessageIdLogging.KEY, id.value())) {
            return submit(id, sender, raw, receiptType, envelope, keeping);
        }
    }

    /** Publishes an announcement kept by {@link BeforeAnnouncing} again; consumers take a repeat as a redelivery. */
    public void announce(Announcement announcement) {
        // The binder sends synchronously (producer sync=true, acks=all): no answer before Kafka has the event.
        publisher.publish(announcement.topic(), announcement.key().value(), announcement.event());
    }

    private Accepted submit(MessageIdentifier id, String sender, byte[] raw, String receiptType,
            Set<String> envelope, BeforeAnnouncing keeping) {
        Instant now = clock.instant();
        CheckedSubmission checked;
        try {
            checked = checks.check(raw, sender, receiptType, envelope);
            refuseInfected(checked);
        } catch (SubmissionRefused refused) {
            RefusedSubmission answer = new RefusedSubmission(refused, refused.notifySender() ? id : null);
            if (refused.notifySender()) {
                MessageFacts facts = bestEffortFacts(id, sender, raw);
                Announcement rejected = new Announcement(Topics.SUBMISSION_REJECTED, id, new SubmissionRejected(
                        SubmissionRejected.SCHEMA_VERSION, UUID.randomUUID().toString(), facts, refused.error(),
                        refused.getMessage(), now));
                keeping.refusing(answer, rejected);
                announce(rejected);
            }
            count(refused.error() == PecError.VIRUS ? "virus" : refused.notifySender() ? "rejected" : "unreadable");
            throw answer;
        }
        BlobRef original = blobs.put(checked.raw());
        MessageFacts facts = new MessageFacts(id, checked.sender(), classify(checked.to()), classify(checked.cc()),
                checked.replyTo(), checked.subject(), checked.messageId());
        Accepted accepted = new Accepted(id, checked.messageId(), now, facts.recipients());
        // The receipt service logs the acceptance (and a rejection) from this announcement, so the two cannot part.
        Announcement announcement = new Announcement(Topics.SUBMISSION_ACCEPTED, id, new SubmissionAccepted(
                SubmissionAccepted.SCHEMA_VERSION, UUID.randomUUID().toString(), facts, original,
                checked.receiptType(), now, envelope == null ? SubmissionChannel.REST : SubmissionChannel.SMTP));
        keeping.accepting(accepted, announcement);
        announce(announcement);
        count("accepted");
        return accepted;
    }

    private void count(String outcome) {
        meters.counter("sigillo.submissions", "outcome", outcome).increment();
    }

    /** A virus found is a non-acceptance for virus; no verdict at all is a temporary refusal, nothing accepted. */
    private void refuseInfected(CheckedSubmission checked) {
        VirusScanner.Verdict verdict;
        try {
            verdict = scanner.scan(checked.raw());
        } catch (VirusScanner.ScannerUnavailable e) {
            throw new SubmissionRefused(503, "content", "Il controllo antivirus non è disponibile ora: riprovare più "
                    + "tardi (" + e.getMessage() + ")", PecError.ALTRO, false);
        }
        if (verdict.infected()) {
            throw new SubmissionRefused(422, "content", "Virus rilevato nel messaggio: " + verdict.finding(),
                    PecError.VIRUS, true);
        }
    }

    private List<Recipient> classify(List<String> addresses) {
        return addresses.stream().map(a -> provider.index().classify(a)).toList();
    }

    /** What a refused message says of itself, read leniently, for the notice. */
    private MessageFacts bestEffortFacts(MessageIdentifier id, String sender, byte[] raw) {
        OriginalMessage message = OriginalMessage.of(raw);
        return new MessageFacts(id, sender, lenient(message.header("To")), lenient(message.header("Cc")), sender,
                message.header("Subject"), message.messageId());
    }

    private List<Recipient> lenient(String header) {
        return Addresses.lenient(header).stream().map(a -> provider.index().classify(a)).toList();
    }

    /** A refusal, with the identifier of the non-acceptance notice when one was issued. */
    public static class RefusedSubmission extends RuntimeException {
        private final transient SubmissionRefused refusal;
        private final transient MessageIdentifier noticeFor;

        RefusedSubmission(SubmissionRefused refusal, MessageIdentifier noticeFor) {
            super(refusal.getMessage(), refusal);
            this.refusal = refusal;
            this.noticeFor = noticeFor;
        }

        public SubmissionRefused refusal() {
            return refusal;
        }

        /** The identifier the notice carries, or null when none was issued. */
        public MessageIdentifier noticeFor() {
            return noticeFor;
        }
    }
}
