package io.sigillo.receipt.signing;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.support.KeyedPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs a provider message, stores its bytes in the blob store and announces it: transport envelopes on
 * {@link Topics#ENVELOPE_SIGNED}, everything else on {@link Topics#MESSAGE_SIGNED}, keyed by the PEC identifier.
 * The delivery point takes what is for local mailboxes, the access point's relay what is for other providers.
 */
@Component
public class SignedMessagePublisher {

    private final ProviderMessageComposer composer;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;

    public SignedMessagePublisher(ProviderMessageComposer composer, BlobStore blobs, KeyedPublisher publisher,
            Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.composer = composer;
        this.blobs = blobs;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Signs, stores and publishes; returns the announcement. */
    public ProviderMessageSigned publish(ProviderMessage message, List<String> deliverTo) {
        SignedMessage signed = composer.compose(message);
        BlobRef ref = blobs.put(signed.bytes());
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), message.facts().identifier(), signed.type(), signed.messageId(), ref,
                deliverTo, clock.instant(), message.issuer().domain(), message.concerning());
        String topic = signed.type() == PecType.TRANSPORT_ENVELOPE ? Topics.ENVELOPE_SIGNED : Topics.MESSAGE_SIGNED;
        publisher.publish(topic, event.identifier().value(), event);
        meters.counter("sigillo.signed.messages", "type", signed.type().headerValue()).increment();
        return event;
    }
}
