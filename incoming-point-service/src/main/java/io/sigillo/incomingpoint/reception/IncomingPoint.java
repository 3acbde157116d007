package io.sigillo.incomingpoint.reception;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.incomingpoint.expected.ExpectedReceipts;
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
import io.sigillo.pec.smime.CertificateRevocation;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.MessageIdLogging;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.virus.VirusScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Punto di ricezione: decides what an arrived message is. A transport envelope signed by the provider of its
 * sender's domain goes on to delivery and to the take-in-charge receipt; a receipt or notice from the provider
 * entitled to it, about a recipient of one of this provider's messages it waits for ({@link ExpectedReceipts}), goes to
 * the sender's mailbox, the timers and the log;
 * anything else (ordinary mail, a broken or untrusted signature, a valid signature by the wrong provider)
 * becomes an anomaly envelope for the local recipients, never certified mail. A verified envelope whose content
 * carries a virus is not delivered: the sending provider gets a virus detection notice. The decision is made
 * while the sender waits for the SMTP answer, so nothing is answered 250 that has not been decided.
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
    private final Optional<CertificateRevocation> revocation;
    private final MeterRegistry meters;
    private final ExpectedReceipts expected;
    private final IncomingPointProperties.Receipts receipts;

    public IncomingPoint(PecClassifier classifier, BlobStore blobs, KeyedPublisher publisher, AuditPublisher audit,
            LocalProvider provider, VirusScanner scanner, Optional<CertificateRevocation> revocation,
            MeterRegistry meters, ExpectedReceipts expected, IncomingPointProperties properties) {
        this.expected = expected;
        this.receipts = properties.receipts();
        this.scanner = scanner;
        this.revocation = revocation;
        this.meters = meters;
        this.classifier = classifier;
        this.blobs = blobs;
        this.publisher = publisher;
        this.audit = audit;
        this.provider = provider;
    }

    /**
     * Verifies what one SMTP transaction brought, decides once what it is and announces it; returns when every
     * event that follows from it is on Kafka, so the SMTP answer can be 250. Throws when a verdict cannot be
     * reached or announced now (clamd or Kafka unavailable): the sender is answered 451 and retries.
     */
    public ArrivalVerdict receive(Arrival arrival) throws VirusScanner.ScannerUnavailable {
        MDC.put(MessageIdLogging.KEY, arrival.key());
        try {
            ArrivalVerdict verdict = decide(arrival);
            // Its event and the log's are sent one after the other and acknowledged together, before the 250.
            publisher.together(() -> announce(arrival, verdict));
            return verdict;
        } finally {
            MDC.remove(MessageIdLogging.KEY);
        }
    }

    /** What the arrival is: its signature, its signer's entitlement, its type and, for envelopes, its content. */
    ArrivalVerdict decide(Arrival arrival) throws VirusScanner.ScannerUnavailable {
        Classification c = classifier.classify(arrival.bytes());
        if (!c.isValid()) {
            return new ArrivalVerdict.Anomaly(c, c.outcome().name(), c.reason());
        }
        Optional<String> forged = ProviderAuthenticity.violation(c, provider.index());
        if (forged.isPresent()) {
            return new ArrivalVerdict.Anomaly(c, ArrivalVerdict.Anomaly.FORGED, forged.get());
        }
        Optional<String> revoked = revoked(c, arrival);
        if (revoked.isPresent()) {
            return new ArrivalVerdict.Anomaly(c, ArrivalVerdict.Anomaly.REVOKED, revoked.get());
        }
        PecType type = c.type().orElseThrow();
        if (type == PecType.TRANSPORT_ENVELOPE) {
            MessageFacts facts = EnvelopeFacts.of(c);
            List<String> certifiedHere = facts.recipients().stream()
                    .filter(r -> r.kind() == Recipient.Kind.CERTIFICATO).map(Recipient::address)
                    .filter(a -> containsIgnoringCase(arrival.rcptTo(), a)).toList();
            ProviderEntry sendingProvider = provider.providerOf(facts.sender()).orElseThrow();
            VirusScanner.Verdict scan = scanner.scan(c.postacert().orElseThrow().inputStream());
            return scan.infected()
                    ? new ArrivalVerdict.Infected(facts, certifiedHere, sendingProvider, scan.finding())
                    : new ArrivalVerdict.Envelope(c, facts, certifiedHere, sendingProvider);
        }
        if (RECEIPTS_FROM_OTHER_PROVIDERS.contains(type) && isAboutOurMessage(c)) {
            ProviderEntry issuer = provider.providerOf(Addresses.lenient(c.headers().raw("From")).get(0))
                    .orElseThrow();
            MessageFacts reported = ReportedFacts.of(c);
            String receiptMailbox = provider.receiptMailbox();
            // A receipt goes to the sender its signed daticert names, or to this provider's receipt mailbox: one
            // sent to anyone else is a genuine receipt replayed to them, and reaches them only as an anomaly.
            List<String> misdirected = arrival.rcptTo().stream().filter(a -> !a.equalsIgnoreCase(receiptMailbox)
                    && !a.equalsIgnoreCase(reported.sender())).toList();
            if (!misdirected.isEmpty()) {
                return new ArrivalVerdict.Anomaly(c, "MISDIRECTED", "a " + type.headerValue() + " about a message of "
                        + reported.sender() + " sent to " + String.join(", ", misdirected));
            }
            List<String> concerning = ReportedFacts.concerning(c);
            Optional<String> unexpected = unexpected(c, reported, concerning, arrival.receivedAt());
            if (unexpected.isPresent()) {
                return new ArrivalVerdict.Anomaly(c, "UNEXPECTED", "a " + type.headerValue() + " this provider does "
                        + "not wait for: " + unexpected.get());
            }
            // Receipts for the provider itself (take-in-charge, virus detection) only go to its log and timers.
            List<String> deliverTo = arrival.rcptTo().stream().filter(a -> !a.equalsIgnoreCase(receiptMailbox))
                    .toList();
            return new ArrivalVerdict.Receipt(c, type, reported, issuer, deliverTo, concerning);
        }
        return new ArrivalVerdict.Anomaly(c, "UNEXPECTED", "a " + type.headerValue()
                + " that this provider did not ask for");
    }

    /**
     * Why a receipt is not one this provider waits for: about a message it did not send, or not to that recipient,
     * or not for that sender, or sent longer ago than receipts are taken. Throws {@link ReceiptNotYetExpected} (451)
     * for a message not known here that was reported on within the grace: its envelope's announcement may still be
     * on its way to this point.
     */
    private Optional<String> unexpected(Classification c, MessageFacts reported, List<String> concerning,
            Instant receivedAt) {
        String identifier = reported.identifier().value();
        ExpectedReceipts.Expectation expectation = expected.check(identifier, reported.sender(), concerning);
        if (expectation instanceof ExpectedReceipts.Contradicted contradicted) {
            return Optional.of(contradicted.reason());
        }
        if (expectation instanceof ExpectedReceipts.Unknown) {
            Instant reportedAt = c.daticert().orElseThrow().date().toInstant();
            if (reportedAt.isAfter(receivedAt.minus(receipts.grace()))) {
                throw new ReceiptNotYetExpected("a receipt about " + identifier + ", a message not known here yet");
            }
            return Optional.of("no message " + identifier + " of " + reported.sender() + " is waiting for receipts");
        }
        return Optional.empty();
    }

    /**
     * Why the signer's certificate is revoked at reception, when the provider checks revocation; throws when its
     * CRL cannot be had now, so the sender is answered 451 and retries.
     */
    private Optional<String> revoked(Classification c, Arrival arrival) {
        if (revocation.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate signer = c.signature().orElseThrow().signer();
        CertificateRevocation.Status status = revocation.get().check(signer, arrival.receivedAt());
        if (status instanceof CertificateRevocation.Revoked r) {
            return Optional.of("the signer's certificate " + signer.getSubjectX500Principal() + " was revoked at "
                    + r.at() + " (" + r.reason() + ")");
        }
        if (status instanceof CertificateRevocation.Unknown u) {
            throw new IllegalStateException("the revocation of the signer's certificate is unknown: " + u.reason());
        }
        return Optional.empty();
    }

    private void announce(Arrival arrival, ArrivalVerdict verdict) {
        // What follows is dated when the DATA transfer ended: the take-in-charge receipt certifies that moment.
        Instant now = arrival.receivedAt();
        if (verdict instanceof ArrivalVerdict.Envelope envelope) {
            countArrival("envelope", "VALID");
            envelope(envelope, arrival.stored(), now);
        } else if (verdict instanceof ArrivalVerdict.Infected infected) {
            countArrival("virus", "VALID");
            virus(infected, arrival.stored(), now);
        } else if (verdict instanceof ArrivalVerdict.Receipt receipt) {
            countArrival("receipt", "VALID");
            receipt(receipt, arrival.stored(), now);
        } else if (verdict instanceof ArrivalVerdict.Anomaly anomaly) {
            countArrival("anomaly", anomaly.kind());
            anomaly(anomaly, arrival, now);
        }
    }

    private void envelope(ArrivalVerdict.Envelope envelope, BlobRef ref, Instant now) {
        Classification c = envelope.classification();
        MessageFacts facts = envelope.facts();
        BlobRef original;
        try {
            // Written from where it lies in the envelope: a copy of 100 MB is what the heap must not hold.
            original = blobs.write(c.postacert().orElseThrow()::writeTo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EnvelopeVerified verified = new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts, ref, original,
                EnvelopeFacts.receiptType(c), envelope.certifiedHere(), envelope.sendingProvider().mailReceipt(), now);
        publisher.publish(Topics.ENVELOPE_VERIFIED, facts.identifier().value(), verified);
        audit.record(AuditEventType.ENVELOPE_RECEIVED, provider.domain(), facts, "from \""
                + envelope.sendingProvider().providerName() + "\" for " + String.join(", ", envelope.certifiedHere()),
                now);
    }

    /**
     * Nothing is delivered: the sending provider gets a virus detection notice per recipient (the receipt
     * service signs it); when the sender is ours, the non-delivery notice for virus is owed here too.
     */
    private void virus(ArrivalVerdict.Infected infected, BlobRef ref, Instant now) {
        MessageFacts facts = infected.facts();
        List<String> recipients = infected.certifiedHere();
        LOG.warn("virus {} in envelope {} for {}: not delivered", infected.finding(), facts.identifier(), recipients);
        publisher.publish(Topics.VIRUS_DETECTED, facts.identifier().value(), new VirusDetected(
                VirusDetected.SCHEMA_VERSION, UUID.randomUUID().toString(), facts, ref, recipients,
                infected.sendingProvider().mailReceipt(), infected.finding(), now));
        audit.record(AuditEventType.VIRUS_DETECTED, provider.domain(), facts, infected.finding()
                + " in the envelope for " + String.join(", ", recipients) + ": not delivered", now);
        if (provider.isLocal(infected.sendingProvider().mailReceipt())) {
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

    private void receipt(ArrivalVerdict.Receipt receipt, BlobRef ref, Instant now) {
        Classification c = receipt.classification();
        MessageFacts facts = receipt.facts();
        ProviderMessageSigned received = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), receipt.type(), receiptId(c, ref), ref,
                Routing.local(receipt.deliverTo()), now, receipt.issuer().managedDomains().get(0),
                receipt.concerning(), facts, null, null, null);
        publisher.publish(Topics.RECEIPT_RECEIVED, facts.identifier().value(), received);
        if (receipt.type() == PecType.VIRUS_DETECTION) {
            nonDeliveryForVirus(facts, receipt.concerning(), now);
        }
        audit.record(AuditEventType.RECEIPT_RECEIVED, provider.domain(), facts,
                List.of(received.signedMessageId().value()), receipt.type().headerValue() + " from \""
                        + receipt.issuer().providerName() + "\" for " + String.join(", ", receipt.concerning()), now);
    }

    private void anomaly(ArrivalVerdict.Anomaly anomaly, Arrival arrival, Instant now) {
        MessageFacts arrived = arrivedFacts(anomaly.classification(), arrival.key());
        LOG.warn("not valid PEC for {}: {}", arrival.rcptTo(), anomaly.reason());
        publisher.publish(Topics.ANOMALY_DETECTED, arrived.identifier().value(), new AnomalyDetected(
                AnomalyDetected.SCHEMA_VERSION, UUID.randomUUID().toString(), arrived, arrival.stored(),
                anomaly.reason(), anomaly.securityCheckFailed(), arrival.rcptTo(), now));
        audit.record(AuditEventType.ENVELOPE_RECEIVED, provider.domain(), arrived, "not valid PEC: "
                + anomaly.reason(), now);
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
