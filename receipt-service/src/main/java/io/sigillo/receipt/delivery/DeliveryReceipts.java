package io.sigillo.receipt.delivery;

import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.DeliveryOverdue;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.VirusDetected;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.AnomalyEnvelope;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.NonDeliveryNotice;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.message.NonDeliveryWarning;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.TakeInChargeReceipt;
import io.sigillo.pec.message.VirusDetectionNotice;
import io.sigillo.receipt.signing.ProviderProperties;
import io.sigillo.receipt.signing.SignedMessagePublisher;
import io.sigillo.receipt.signing.StoredOriginals;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.provider.LocalProvider;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recipient side's receipts: the take-in-charge receipt for the sending provider when an envelope is
 * verified, the delivery receipt or non-delivery notice per recipient, and the anomaly envelope for what is
 * not valid PEC. Functions, routed to by topic from the service's one consumer ({@code TopicRouting}):
 * {@code signTakeInCharge} ← pec.envelope.verified, {@code signDelivery} ← pec.delivery.outcome,
 * {@code signAnomaly} ← pec.anomaly.detected, {@code signOverdue} ← pec.delivery.overdue (the sender-side 12 and
 * 24 hour limits), {@code signVirusDetection} ← pec.virus.detected.
 */
@Configuration
public class DeliveryReceipts {

    private final SignedMessagePublisher publisher;
    private final StoredOriginals originals;
    private final Provider provider;
    private final LocalProvider localProvider;
    private final KeyedPublisher events;

    public DeliveryReceipts(SignedMessagePublisher publisher, StoredOriginals originals, ProviderProperties provider,
            LocalProvider localProvider, KeyedPublisher events) {
        this.localProvider = localProvider;
        this.events = events;
        this.publisher = publisher;
        this.originals = originals;
        this.provider = provider.asProvider();
    }

    @Bean
    public Consumer<EnvelopeVerified> signTakeInCharge() {
        return verified -> {
            if (verified.recipients().isEmpty()) {
                return;
            }
            // Goes to the sending provider; when that is this provider, only its log keeps it.
            boolean ours = localProvider.isLocal(verified.sendingProviderMailbox());
            publisher.publish(new TakeInChargeReceipt(verified.facts(), provider, verified.receivedAt(),
                    verified.sendingProviderMailbox(), verified.recipients()),
                    ours ? List.of() : List.of(verified.sendingProviderMailbox()),
                    String.join(", ", verified.recipients()));
        };
    }

    @Bean
    public Consumer<DeliveryOutcome> signDelivery() {
        return outcome -> {
            var facts = outcome.facts();
            if (outcome.delivered()) {
                OriginalMessage original = outcome.receiptType() == ReceiptType.SINTETICA ? null
                        : originals.load(outcome.original(), facts.identifier());
                publisher.publish(new DeliveryReceipt(facts, provider, outcome.at(), outcome.recipient(),
                        outcome.receiptType(), original), List.of(facts.sender()), outcome.recipient());
            } else {
                publisher.publish(new NonDeliveryNotice(facts, provider, outcome.at(), outcome.recipient(),
                        outcome.failure()), List.of(facts.sender()),
                        outcome.recipient() + ": " + outcome.failure().extended());
            }
        };
    }

    @Bean
    public Consumer<DeliveryOverdue> signOverdue() {
        return overdue -> {
            var facts = overdue.facts();
            boolean warning = overdue.kind() == DeliveryOverdue.Kind.WARNING;
            ProviderMessage message = warning
                    ? new NonDeliveryWarning(facts, provider, overdue.at(), overdue.recipient())
                    : new NonDeliveryNotice(facts, provider, overdue.at(), overdue.recipient(),
                            NonDeliveryReason.TIMEOUT);
            publisher.publish(message, List.of(facts.sender()),
                    overdue.recipient() + ": nothing received since " + overdue.acceptedAt());
        };
    }

    @Bean
    public Consumer<VirusDetected> signVirusDetection() {
        // One notice per recipient, acknowledged together at the end.
        return virus -> events.together(() -> {
            boolean ours = localProvider.isLocal(virus.sendingProviderMailbox());
            for (String recipient : virus.recipients()) {
                publisher.publish(new VirusDetectionNotice(virus.facts(), provider, virus.detectedAt(),
                        virus.sendingProviderMailbox(), recipient, virus.finding()),
                        ours ? List.of() : List.of(virus.sendingProviderMailbox()), recipient + ": " + virus.finding());
            }
        });
    }

    @Bean
    public Consumer<AnomalyDetected> signAnomaly() {
        return anomaly -> {
            publisher.publish(new AnomalyEnvelope(anomaly.facts(), provider, anomaly.receivedAt(), anomaly.reason(),
                    originals.load(anomaly.arrived(), anomaly.facts().identifier()), anomaly.securityCheckFailed()),
                    anomaly.recipients(), anomaly.reason());
        };
    }
}
