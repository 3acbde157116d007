package io.sigillo.incomingpoint.reception;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.EnvelopeFacts;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.classify.ReportedFacts;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.event.VirusDetected;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.index.ProviderAuthenticity;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.virus.VirusScanner;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Punto di ricezione: decides what an arrived message is. A transport envelope signed by the provider of its
 * sender's domain goes on to delivery and to the take-in-charge receipt; a receipt or notice from the provider
 * entitled to it, about one of this provider's messages, goes to the sender's mailbox, the timers and the log;
 * anything else (ordinary mail, a broken or untrusted signature, a valid signature by the wrong provider)
 * becomes an anomaly envelope for the local recipients, never certified mail. A verified envelope whose content
 * carries a virus is not delivered: the sending provider gets a virus detection notice.
 */
@Service
public class IncomingPoint {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingPoint.class);

    /** What other providers send us besides envelopes; acceptance and warnings never leave their provider. */
    private static final Set<PecType> RECEIPTS_FROM_OTHER_PROVIDERS = EnumSet.of(PecType.TAKE_IN_CHARGE,
            PecType.DELIVERY, PecType.NON_DELIVERY, PecType.VIRUS_DETECTION);

    private final PecClassifier classifier;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final AuditPublisher audit;
    private final LocalProvider provider;
    private final VirusScanner scanner;
    private final MeterRegistry meters;
    private final Clock clock;

    public IncomingPoint(PecClassifier classifier, BlobStore blobs, KeyedPublisher publisher, AuditPublisher audit,
            LocalProvider provider, VirusScanner scanner, MeterRegistry meters, Clock clock) {
        this.scanner = scanner;
        this.meters = meters;
        this.classifier = classifier;
        this.blobs = blobs;
        this.publisher = publisher;
        this.audit = audit;
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * Verifies one arrived message and announces what it is.
     *
     * @param bytes      the message
     * @param ref        where it is stored
     * @param key        a stable key for what arrived (the Kafka key of its arrival), for anomaly identifiers
     * @param recipients the local recipients it was addressed to (SMTP RCPT TO, or an envelope's local recipients)
     */
    public void receive(byte[] bytes, BlobRef ref, String key, List<String> recipients) {
        Instant now = clock.instant();
        Classification c = classifier.classify(bytes);
        if (!c.isValid()) {
            countArrival("anomaly", c.outcome().name());
            anomaly(c, ref, key, recipients, c.outcome() + ": " + c.reason(), now);
            return;
        }
        Optional<String> forged = ProviderAuthenticity.violation(c, provider.index());
        if (forged.isPresent()) {
            countArrival("anomaly", "FORGED");
            anomaly(c, ref, key, recipients, "FORGED: " + forged.get(), now);
            return;
        }
        PecType type = c.type().orElseThrow();
        if (type == PecType.TRANSPORT_ENVELOPE) {
            envelope(c, ref, recipients, now);
        } else if (RECEIPTS_FROM_OTHER_PROVIDERS.contains(type) && isAboutOurMessage(c)) {
            countArrival("receipt", "VALID");
            receipt(c, ref, recipients, now);
        } else {
            countArrival("anomaly", "UNEXPECTED");
            anomaly(c, ref, key, recipients, "UNEXPECTED: a " + type.headerValue() + " that this provider did not "
                    + "ask for", now);
        }
    }

    private void envelope(Classification c, BlobRef ref, List<String> recipients, Instant now) {
        MessageFacts facts = EnvelopeFacts.of(c);
        List<String> certifiedHere = facts.recipients().stream().filter(r -> r.kind() == Recipient.Kind.CERTIFICATO)
                .map(Recipient::address).filter(a -> containsIgnoringCase(recipients, a)).toList();
        ProviderEntry sendingProvider = provider.providerOf(facts.sender()).orElseThrow();
        VirusScanner.Verdict verdict = scan(c.postacert().orElseThrow().bytes());
        if (verdict.infected()) {
            countArrival("virus", "VALID");
            virus(facts, ref, certifiedHere, sendingProvider, verdict.finding(), now);
            return;
        }
        countArrival("envelope", "VALID");
        EnvelopeVerified verified = new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts, ref, blobs.put(c.postacert().orElseThrow().bytes()),
                EnvelopeFacts.receiptType(c), certifiedHere, sendingProvider.mailReceipt(), now);
        publisher.publish(Topics.ENVELOPE_VERIFIED, facts.identifier().value(), verified);
        audit.record(AuditEventType.ENVELOPE_RECEIVED, provider.domain(), facts,
                "from \"" + sendingProvider.providerName() + "\" for " + String.join(", ", certifiedHere), now);
    }

    /**
     * Nothing is delivered: the sending provider gets a virus detection notice per recipient (the receipt
     * service signs it); when the sender is ours, the non-delivery notice for virus is owed here too.
     */
    private void virus(MessageFacts facts, BlobRef ref, List<String> recipients, ProviderEntry sendingProvider,
            String finding, Instant now) {
        LOG.warn("virus {} in envelope {} for {}: not delivered", finding, facts.identifier(), recipients);
        publisher.publish(Topics.VIRUS_DETECTED, facts.identifier().value(), new VirusDetected(
                VirusDetected.SCHEMA_VERSION, UUID.randomUUID().toString(), facts, ref, recipients,
                sendingProvider.mailReceipt(), finding, now));
        audit.record(AuditEventType.VIRUS_DETECTED, provider.domain(), facts, finding + " in the envelope for "
                + String.join(", ", recipients) + ": not delivered", now);
        if (provider.isLocal(sendingProvider.mailReceipt())) {
            nonDeliveryForVirus(facts, recipients, now);
        }
    }

    /** The sender's provider owes its sender a non-delivery notice for virus, per recipient. */
    private void nonDeliveryForVirus(MessageFacts facts, List<String> recipients, Instant now) {
        for (String recipient : recipients) {
            publisher.publish(Topics.DELIVERY_OUTCOME, facts.identifier().value(), new DeliveryOutcome(
                    DeliveryOutcome.SCHEMA_VERSION, UUID.randomUUID().toString(), facts, null, null, recipient,
                    NonDeliveryReason.VIRUS, now));
        }
    }

    /** Counts what arrived: {@code sigillo.incoming.messages{kind, outcome}} (verification failures included). */
    private void countArrival(String kind, String outcome) {
        meters.counter("sigillo.incoming.messages", "kind", kind, "outcome", outcome).increment();
    }

    private VirusScanner.Verdict scan(byte[] content) {
        try {
            return scanner.scan(content);
        } catch (VirusScanner.ScannerUnavailable e) {
            // No verdict, no delivery: the event is retried, then parked on the dead-letter topic for operators.
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void receipt(Classification c, BlobRef ref, List<String> recipients, Instant now) {
        MessageFacts facts = ReportedFacts.of(c);
        ProviderEntry issuer = provider.providerOf(Addresses.lenient(c.headers().raw("From")).get(0)).orElseThrow();
        String receiptMailbox = provider.receiptMailbox();
        // Receipts for the provider itself (take-in-charge, virus detection) only go to its log.
        List<String> deliverTo = recipients.stream().filter(a -> !a.equalsIgnoreCase(receiptMailbox)).toList();
        List<String> concerning = ReportedFacts.concerning(c);
        ProviderMessageSigned received = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), c.type().orElseThrow(), receiptId(c, ref), ref,
                Routing.local(deliverTo), now, issuer.managedDomains().get(0), concerning, facts, null, null);
        publisher.publish(Topics.MESSAGE_SIGNED, facts.identifier().value(), received);
        if (received.type() == PecType.VIRUS_DETECTION) {
            nonDeliveryForVirus(facts, concerning, now);
        }
        audit.record(AuditEventType.RECEIPT_RECEIVED, provider.domain(), facts,
                List.of(received.signedMessageId().value()), c.type().orElseThrow().headerValue() + " from \""
                        + issuer.providerName() + "\" for " + String.join(", ", concerning), now);
    }

    private void anomaly(Classification c, BlobRef ref, String key, List<String> recipients, String reason,
            Instant now) {
        MessageFacts arrived = arrivedFacts(c, key);
        LOG.warn("not valid PEC for {}: {}", recipients, reason);
        AnomalyDetected anomaly = new AnomalyDetected(AnomalyDetected.SCHEMA_VERSION, UUID.randomUUID().toString(),
                arrived, ref, reason, false, recipients, now);
        publisher.publish(Topics.ANOMALY_DETECTED, arrived.identifier().value(), anomaly);
        audit.record(AuditEventType.ENVELOPE_RECEIVED, provider.domain(), arrived, "not valid PEC: " + reason, now);
    }

    /** True when it reports on a well-formed identifier this provider gave (in one of its domains). */
    private boolean isAboutOurMessage(Classification c) {
        try {
            return provider.isLocal(new MessageIdentifier(c.daticert().orElseThrow().identifier()).value());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The receipt's own Message-ID when it has the usual form; otherwise one derived from its bytes. */
    private MessageIdentifier receiptId(Classification c, BlobRef ref) {
        String header = c.headers().raw("Message-ID");
        try {
            return MessageIdentifier.parse(header == null ? "" : header);
        } catch (IllegalArgumentException e) {
            return MessageIdentifier.derived(provider.domain(), "received", ref.sha256());
        }
    }

    /** What an invalid message says of itself, for the anomaly envelope, under an identifier of our own. */
    private MessageFacts arrivedFacts(Classification c, String key) {
        List<String> from = Addresses.lenient(c.headers().raw("From"));
        // Whatever arrived must be wrapped, even without a readable sender: never fail on it.
        return new MessageFacts(MessageIdentifier.derived(provider.domain(), "anomaly", key),
                from.isEmpty() ? "mittente-sconosciuto@invalid" : from.get(0),
                addresses(c.headers().raw("To")), addresses(c.headers().raw("Cc")), null,
                c.headers().decoded("Subject"), c.headers().raw("Message-ID"));
    }

    private static List<Recipient> addresses(String header) {
        return Addresses.lenient(header).stream().map(Recipient::certified).toList();
    }

    private static boolean containsIgnoringCase(List<String> list, String address) {
        return list.stream().anyMatch(a -> a.equalsIgnoreCase(address));
    }
}
