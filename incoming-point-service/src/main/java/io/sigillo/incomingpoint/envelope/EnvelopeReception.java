package io.sigillo.incomingpoint.envelope;

import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.EnvelopeFacts;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.KeyedPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Punto di ricezione for envelopes of this provider's own senders (binding {@code receiveEnvelope-in-0} ←
 * pec.envelope.signed): a valid transport envelope goes on to delivery and to the take-in-charge receipt;
 * anything else becomes an anomaly for the recipients.
 */
@Configuration
public class EnvelopeReception {

    private final PecClassifier classifier;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final AuditPublisher audit;
    private final IncomingPointProperties properties;
    private final Clock clock;

    public EnvelopeReception(PecClassifier classifier, BlobStore blobs, KeyedPublisher publisher, AuditPublisher audit,
            IncomingPointProperties properties, Clock clock) {
        this.classifier = classifier;
        this.blobs = blobs;
        this.publisher = publisher;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    public Consumer<ProviderMessageSigned> receiveEnvelope() {
        return signed -> {
            byte[] bytes = blobs.get(signed.signed()).orElseThrow(() -> new IllegalStateException(
                    "envelope for " + signed.identifier() + " is not in the blob store"));
            receive(bytes, signed.signed(), signed.identifier());
        };
    }

    /** Verifies one arrived message and announces what it is. */
    void receive(byte[] bytes, io.sigillo.pec.event.BlobRef ref, MessageIdentifier key) {
        Instant now = clock.instant();
        Classification c = classifier.classify(bytes);
        if (c.isValid() && c.type().orElse(null) == PecType.TRANSPORT_ENVELOPE) {
            MessageFacts facts = EnvelopeFacts.of(c);
            List<String> ours = ours(facts.recipients().stream().filter(r -> r.kind() == Recipient.Kind.CERTIFICATO)
                    .map(Recipient::address).toList());
            EnvelopeVerified verified = new EnvelopeVerified(EnvelopeVerified.SCHEMA_VERSION,
                    UUID.randomUUID().toString(), facts, ref, blobs.put(c.postacert().orElseThrow().bytes()),
                    EnvelopeFacts.receiptType(c), ours, sendingProviderMailbox(c), now);
            publish(Topics.ENVELOPE_VERIFIED, facts.identifier(), verified);
            audit.record(AuditEventType.ENVELOPE_RECEIVED, properties.domain(), facts, c.reason(), now);
            return;
        }
        MessageFacts arrived = arrivedFacts(c, key);
        AnomalyDetected anomaly = new AnomalyDetected(AnomalyDetected.SCHEMA_VERSION, UUID.randomUUID().toString(),
                arrived, ref, c.outcome() + ": " + c.reason(), false,
                ours(arrived.recipients().stream().map(Recipient::address).toList()), now);
        publish(Topics.ANOMALY_DETECTED, key, anomaly);
        audit.record(AuditEventType.ENVELOPE_RECEIVED, properties.domain(), arrived,
                "not valid PEC: " + c.outcome() + ": " + c.reason(), now);
    }

    private List<String> ours(List<String> addresses) {
        String suffix = "@" + properties.domain().toLowerCase(Locale.ROOT);
        return addresses.stream().filter(a -> a.toLowerCase(Locale.ROOT).endsWith(suffix)).toList();
    }

    /** The envelope's From (posta-certificata@sending-provider): receipts for that provider go there. */
    private static String sendingProviderMailbox(Classification c) {
        List<String> from = Addresses.lenient(c.headers().raw("From"));
        return from.isEmpty() ? "posta-certificata@" + new MessageIdentifier(c.daticert().orElseThrow().identifier())
                .domain() : from.get(0);
    }

    /** What an invalid message says of itself, for the anomaly envelope, under a fresh identifier. */
    private MessageFacts arrivedFacts(Classification c, MessageIdentifier key) {
        List<String> from = Addresses.lenient(c.headers().raw("From"));
        // Whatever arrived must be wrapped, even without a readable sender: never fail on it.
        return new MessageFacts(MessageIdentifier.derived(properties.domain(), "anomaly", key.value()),
                from.isEmpty() ? "mittente-sconosciuto@invalid" : from.get(0),
                addresses(c.headers().raw("To")), addresses(c.headers().raw("Cc")), null,
                c.headers().decoded("Subject"), c.headers().raw("Message-ID"));
    }

    private static List<Recipient> addresses(String header) {
        return Addresses.lenient(header).stream().map(Recipient::certified).toList();
    }

    private void publish(String topic, MessageIdentifier key, Object event) {
        publisher.publish(topic, key.value(), event);
    }
}
