package io.sigillo.deliverypoint.inbound;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.provider.LocalProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Punto di consegna for verified envelopes (binding {@code deliverEnvelope-in-0} ← pec.envelope.verified):
 * stores the envelope in each local recipient's mailbox and reports, per recipient, delivered or why not
 * (pec.delivery.outcome), so the sender gets the delivery receipt or the non-delivery notice.
 */
@Configuration
public class EnvelopeDelivery {

    private final MailboxDelivery delivery;
    private final BlobStore blobs;
    private final KeyedPublisher publisher;
    private final AuditPublisher audit;
    private final LocalProvider provider;
    private final Clock clock;

    public EnvelopeDelivery(MailboxDelivery delivery, BlobStore blobs, KeyedPublisher publisher, AuditPublisher audit,
            LocalProvider provider, Clock clock) {
        this.delivery = delivery;
        this.blobs = blobs;
        this.publisher = publisher;
        this.audit = audit;
        this.provider = provider;
        this.clock = clock;
    }

    @Bean
    public Consumer<EnvelopeVerified> deliverEnvelope() {
        return verified -> {
            byte[] envelope = blobs.get(verified.envelope()).orElseThrow(() -> new IllegalStateException(
                    "envelope of " + verified.facts().identifier() + " is not in the blob store"));
            for (String recipient : verified.recipients()) {
                MailboxDelivery.Result result = delivery.deliver(recipient, envelope);
                NonDeliveryReason failure = switch (result) {
                    case DELIVERED, ALREADY_DELIVERED -> null;
                    case UNKNOWN_MAILBOX -> NonDeliveryReason.UNKNOWN_MAILBOX;
                    case MAILBOX_FULL -> NonDeliveryReason.MAILBOX_FULL;
                };
                Instant now = clock.instant();
                DeliveryOutcome outcome = new DeliveryOutcome(DeliveryOutcome.SCHEMA_VERSION,
                        UUID.randomUUID().toString(), verified.facts(), verified.original(), verified.receiptType(),
                        recipient, failure, now);
                publisher.publish(Topics.DELIVERY_OUTCOME, verified.facts().identifier().value(), outcome);
                audit.record(failure == null ? AuditEventType.DELIVERED : AuditEventType.DELIVERY_FAILED,
                        provider.domain(), verified.facts(),
                        recipient + (failure == null ? "" : ": " + failure.extended()), now);
            }
        };
    }
}
