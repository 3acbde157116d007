package io.sigillo.receipt.delivery;

import io.sigillo.pec.event.AnomalyDetected;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.DeliveryOverdue;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
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
import io.sigillo.support.AuditPublisher;
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
    private final AuditPublisher audit;
    private final StoredOriginals originals;
    private final Provider provider;
    private final LocalProvider localProvider;

    public DeliveryReceipts(SignedMessagePublisher publisher, AuditPublisher audit, StoredOriginals originals,
            ProviderProperties provider, LocalProvider localProvider) {
        this.localProvider = localProvider;
        this.publisher = publisher;
        this.audit = audit;
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
            ProviderMessageSigned receipt = publisher.publish(new TakeInChargeReceipt(verified.facts(), provider,
                    verified.receivedAt(), verified.sendingProviderMailbox(), verified.recipients()),
                    ours ? List.of() : List.of(verified.sendingProviderMailbox()));
            audit.record(AuditEventType.TAKE_IN_CHARGE_RECEIPT_ISSUED, provider.domain(), verified.facts(),
                    List.of(receipt.signedMessageId().value()), String.join(", ", verified.recipients()),
                    receipt.signedAt());
        };
    }

    @Bean
    public Consumer<DeliveryOutcome> signDelivery() {
        return outcome -> {
            var facts = outcome.facts();
            if (outcome.delivered()) {
                OriginalMessage original = outcome.receiptType() == ReceiptType.SINTETICA ? null
                        : originals.load(outcome.original(), facts.identifier());
                ProviderMessageSigned receipt = publisher.publish(new DeliveryReceipt(facts, provider, outcome.at(),
                        outcome.recipient(), outcome.receiptType(), original), List.of(facts.sender()));
                audit.record(AuditEventType.DELIVERY_RECEIPT_ISSUED, provider.domain(), facts,
                        List.of(receipt.signedMessageId().value()), outcome.recipient(), receipt.signedAt());
            } else {
                ProviderMessageSigned notice = publisher.publish(new NonDeliveryNotice(facts, provider, outcome.at(),
                        outcome.recipient(), outcome.failure()), List.of(facts.sender()));
                audit.record(AuditEventType.NON_DELIVERY_NOTICE_ISSUED, provider.domain(), facts,
                        List.of(notice.signedMessageId().value()),
                        outcome.recipient() + ": " + outcome.failure().extended(), notice.signedAt());
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
            ProviderMessageSigned notice = publisher.publish(message, List.of(facts.sender()));
            audit.record(warning ? AuditEventType.NON_DELIVERY_WARNING_ISSUED
                    : AuditEventType.NON_DELIVERY_NOTICE_ISSUED, provider.domain(), facts,
                    List.of(notice.signedMessageId().value()), overdue.recipient() + ": nothing received since "
                            + overdue.acceptedAt(), notice.signedAt());
        };
    }

    @Bean
    public Consumer<VirusDetected> signVirusDetection() {
        return virus -> {
            boolean ours = localProvider.isLocal(virus.sendingProviderMailbox());
            for (String recipient : virus.recipients()) {
                ProviderMessageSigned notice = publisher.publish(new VirusDetectionNotice(virus.facts(), provider,
                        virus.detectedAt(), virus.sendingProviderMailbox(), recipient, virus.finding()),
                        ours ? List.of() : List.of(virus.sendingProviderMailbox()));
                audit.record(AuditEventType.VIRUS_DETECTION_NOTICE_ISSUED, provider.domain(), virus.facts(),
                        List.of(notice.signedMessageId().value()), recipient + ": " + virus.finding(),
                        notice.signedAt());
            }
        };
    }

    @Bean
    public Consumer<AnomalyDetected> signAnomaly() {
        return anomaly -> {
            ProviderMessageSigned wrapped = publisher.publish(new AnomalyEnvelope(anomaly.facts(), provider,
                    anomaly.receivedAt(), anomaly.reason(), originals.load(anomaly.arrived(), anomaly.facts().identifier()),
                    anomaly.securityCheckFailed()), anomaly.recipients());
            audit.record(AuditEventType.ANOMALY_ENVELOPE_ISSUED, provider.domain(), anomaly.facts(),
                    List.of(wrapped.signedMessageId().value()), anomaly.reason(), wrapped.signedAt());
        };
    }
}
