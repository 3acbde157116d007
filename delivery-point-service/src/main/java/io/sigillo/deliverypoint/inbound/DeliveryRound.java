package io.sigillo.deliverypoint.inbound;

import io.sigillo.deliverypoint.credentials.CredentialUseRecording;
import io.sigillo.deliverypoint.imap.SentCopies;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.deliverypoint.mailbox.SignedListing;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.DeliveryOutcome;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.support.BatchConsumption;
import io.sigillo.support.KeyedPublisher;
import io.sigillo.support.Redeliveries;
import io.sigillo.support.provider.LocalProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Punto di consegna: the point's one consumer (binding {@code deliver-in-0}, in batches, read by
 * {@code EventsByTopic}), what one poll brought handled as one round. Signed messages of this provider
 * and receipts from others (pec.message.signed, pec.receipt.received) go to the local mailboxes their routing names,
 * envelopes from other providers (pec.envelope.verified, verified by the incoming point) to their recipients; each
 * envelope's delivery is reported per recipient, delivered or why not (pec.delivery.outcome), so the sender gets the
 * delivery receipt or the non-delivery notice, and the report is the log's record of the step (ADR 0017). What owners
 * submitted (pec.submission.accepted) is copied to their Sent folders, and the credentials the access point saw used
 * (pec.credential.used) are noted. A round's deliveries are one transaction, and a mailbox's messages one APPEND to
 * Dovecot, so the point pays a commit per poll and a round trip per poll and mailbox, not per message (ADR 0029).
 */
@Configuration
public class DeliveryRound {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRound.class);

    private final MailboxDelivery delivery;
    private final SentCopies sentCopies;
    private final CredentialUseRecording credentials;
    private final KeyedPublisher publisher;
    private final LocalProvider provider;
    private final Clock clock;

    public DeliveryRound(MailboxDelivery delivery, SentCopies sentCopies, CredentialUseRecording credentials,
            KeyedPublisher publisher, LocalProvider provider, Clock clock) {
        this.delivery = delivery;
        this.sentCopies = sentCopies;
        this.credentials = credentials;
        this.publisher = publisher;
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * A transport envelope's delivery, which its sender must hear of.
     *
     * @param facts       the original message's facts
     * @param original    the original, as accepted
     * @param receiptType the delivery receipt the sender asked for
     */
    private record Reported(MessageFacts facts, BlobRef original, ReceiptType receiptType) {
    }

    @Bean
    public Consumer<List<Object>> deliver() {
        // Should the round fail for good, its records are handled one by one to find the one that cannot be: the
        // round may have delivered some of them, so each looks for what it stored.
        return batch -> BatchConsumption.write(batch, all -> handle(all, Redeliveries.mayRepeat()),
                one -> handle(List.of(one), true), DeliveryRound::name);
    }

    /** Handles one round's records; {@code mayRepeat}: any of them may have been handled before (ADR 0029). */
    void handle(List<Object> records, boolean mayRepeat) {
        List<MailboxDelivery.Delivery> deliveries = new ArrayList<>();
        List<Reported> reported = new ArrayList<>();
        List<SubmissionAccepted> submitted = new ArrayList<>();
        for (Object record : records) {
            if (record instanceof ProviderMessageSigned signed) {
                SignedListing listing = signed.isEnvelope() ? SignedListing.envelope(signed.facts())
                        : SignedListing.of(signed, provider.domain());
                Reported report = signed.isEnvelope()
                        ? new Reported(signed.facts(), signed.original(), signed.receiptType()) : null;
                for (String address : signed.routing().local()) {
                    deliveries.add(new MailboxDelivery.Delivery(address, signed.signed(), listing));
                    reported.add(report);
                }
            } else if (record instanceof EnvelopeVerified verified) {
                Reported report = new Reported(verified.facts(), verified.original(), verified.receiptType());
                for (String recipient : verified.recipients()) {
                    deliveries.add(new MailboxDelivery.Delivery(recipient, verified.envelope(),
                            SignedListing.envelope(verified.facts())));
                    reported.add(report);
                }
            } else if (record instanceof SubmissionAccepted accepted) {
                submitted.add(accepted);
            } else if (record instanceof CredentialUsed used) {
                credentials.record(used);
            } else {
                throw new IllegalArgumentException("the delivery point handles no " + record.getClass().getName());
            }
        }
        List<MailboxDelivery.Result> results = deliveries.isEmpty() ? List.of()
                : delivery.deliverAll(deliveries, mayRepeat);
        for (int i = 0; i < results.size(); i++) {
            MailboxDelivery.Delivery done = deliveries.get(i);
            LOG.info("{} {} to {}: {}", done.signed().pecType().headerValue(), done.signed().key(), done.address(),
                    results.get(i));
            if (reported.get(i) != null) {
                report(reported.get(i), done.address(), results.get(i));
            }
        }
        sentCopies.keep(submitted, mayRepeat);
    }

    /** Tells the sender's side what became of the envelope for {@code recipient}. */
    private void report(Reported envelope, String recipient, MailboxDelivery.Result result) {
        NonDeliveryReason failure = switch (result) {
            case DELIVERED, ALREADY_DELIVERED -> null;
            case UNKNOWN_MAILBOX -> NonDeliveryReason.UNKNOWN_MAILBOX;
            case MAILBOX_FULL -> NonDeliveryReason.MAILBOX_FULL;
        };
        DeliveryOutcome outcome = new DeliveryOutcome(DeliveryOutcome.SCHEMA_VERSION, UUID.randomUUID().toString(),
                envelope.facts(), envelope.original(), envelope.receiptType(), recipient, failure, clock.instant());
        // One record and one acknowledgement: the log takes the step from it, as from a signed message's.
        publisher.publish(Topics.DELIVERY_OUTCOME, envelope.facts().identifier().value(), outcome);
    }

    private static String name(Object record) {
        if (record instanceof ProviderMessageSigned signed) {
            return signed.type().headerValue() + " " + signed.signedMessageId().value();
        }
        if (record instanceof EnvelopeVerified verified) {
            return "envelope of " + verified.facts().identifier().value();
        }
        if (record instanceof SubmissionAccepted accepted) {
            return "submission " + accepted.facts().identifier().value();
        }
        return String.valueOf(record);
    }
}
