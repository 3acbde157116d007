package io.sigillo.receipt.signing;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.provider.LocalProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs a provider message, stores its bytes in the blob store and announces it on {@link Topics#MESSAGE_SIGNED},
 * keyed by the PEC identifier, with its recipients split once here (ADR 0012): the delivery point takes the local
 * ones, the access point's relay the others. The announcement is also the log's record of the step of issuing it
 * (ADR 0017): no separate audit event.
 */
@Component
public class SignedMessagePublisher {

    private final ProviderMessageComposer composer;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final LocalProvider provider;
    private final Clock clock;
    private final MeterRegistry meters;

    public SignedMessagePublisher(ProviderMessageComposer composer, BlobStore blobs, KeyedPublisher publisher,
            LocalProvider provider, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.composer = composer;
        this.blobs = blobs;
        this.publisher = publisher;
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * Signs, stores and publishes a receipt, notice or anomaly envelope for {@code deliverTo}, with what the log adds
     * to the step ({@code detail}, may be null).
     */
    public void publish(ProviderMessage message, List<String> deliverTo, String detail) {
        publish(message, deliverTo, null, null, detail);
    }

    /** Signs, stores and publishes a transport envelope of the original stored as {@code original}, for every recipient. */
    public void publish(TransportEnvelope envelope, BlobRef original) {
        publish(envelope, envelope.facts().recipients().stream().map(Recipient::address).toList(), original,
                envelope.receiptType(), null);
    }

    private void publish(ProviderMessage message, List<String> deliverTo, BlobRef original,
            ReceiptType receiptType, String detail) {
        // Signed straight into the store: an envelope or a complete receipt carries the original, up to 100 MB.
        BlobRef ref;
        try {
            ref = blobs.write(out -> composer.compose(message, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), message.facts().identifier(), message.type(), message.messageId(), ref,
                provider.route(deliverTo), clock.instant(), message.issuer().domain(), message.concerning(),
                message.facts(), original, receiptType, detail);
        publisher.publish(Topics.MESSAGE_SIGNED, event.identifier().value(), event);
        meters.counter("sigillo.signed.messages", "type", message.type().headerValue()).increment();
    }
}
