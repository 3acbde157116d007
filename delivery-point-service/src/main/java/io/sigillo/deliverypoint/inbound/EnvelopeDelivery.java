package io.sigillo.deliverypoint.inbound;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.deliverypoint.mailbox.SignedListing;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.support.KeyedPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Punto di consegna for transport envelopes: stores the envelope in each local recipient's mailbox and reports, per
 * recipient, delivered or why not (pec.delivery.outcome), so the sender gets the delivery receipt or the
 * non-delivery notice; the report is also the log's record of the step (ADR 0017). Envelopes from other providers
 * come verified by the incoming point (function {@code deliverEnvelope} ← pec.envelope.verified); those of this
 * provider's own senders come with the other signed messages ({@link SignedMessageDelivery}).
 */
@Configuration
public class EnvelopeDelivery {

    private final MailboxDelivery delivery;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final Clock clock;

    public EnvelopeDelivery(MailboxDelivery delivery, BlobStore blobs, KeyedPublisher publisher, Clock clock) {
        this.delivery = delivery;
        this.blobs = blobs;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Bean
    public Consumer<EnvelopeVerified> deliverEnvelope() {
        return verified -> deliver(verified.facts(), verified.envelope(), verified.original(), verified.receiptType(),
                verified.recipients());
    }

    /** Stores the envelope {@code envelope} in each recipient's mailbox and reports each outcome. */
    public void deliver(MessageFacts facts, BlobRef envelope, BlobRef original, ReceiptType receiptType,
            List<String> recipients) {
        byte[] bytes = blobs.get(envelope).orElseThrow(() -> new IllegalStateException(
                "envelope of " + facts.identifier() + " is not in the blob store"));
        for (String recipient : recipients) {
            MailboxDelivery.Result result = delivery.deliver(recipient, envelope, bytes, SignedListing.envelope(facts));
            NonDeliveryReason failure = switch (result) {
                case DELIVERED, ALREADY_DELIVERED -> null;
                case UNKNOWN_MAILBOX -> NonDeliveryReason.UNKNOWN_MAILBOX;
                case MAILBOX_FULL -> NonDeliveryReason.MAILBOX_FULL;
            };
            Instant now = clock.instant();
            DeliveryOutcome outcome = new DeliveryOutcome(DeliveryOutcome.SCHEMA_VERSION,
                    UUID.randomUUID().toString(), facts, original, receiptType, recipient, failure, now);
            // One record and one acknowledgement: the log takes the step from it, as from a signed message's.
            publisher.publish(Topics.DELIVERY_OUTCOME, facts.identifier().value(), outcome);
        }
    }
}
