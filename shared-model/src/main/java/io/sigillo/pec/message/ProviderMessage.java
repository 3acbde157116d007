package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A message a PEC provider issues and signs: every envelope, receipt and notice of the rules. */
public sealed interface ProviderMessage permits TransportEnvelope, AnomalyEnvelope, AcceptanceReceipt,
        NonAcceptanceNotice, TakeInChargeReceipt, DeliveryReceipt, NonDeliveryNotice, NonDeliveryWarning,
        VirusDetectionNotice {

    /** Which message this is. */
    PecType type();

    /** The original message the provider speaks about. */
    MessageFacts facts();

    /** The provider that issues and signs it. */
    Provider issuer();

    /** When the event it certifies happened. */
    Instant at();

    /** The recipients of the original it reports on; empty for envelopes and acceptance. */
    default List<String> concerning() {
        return List.of();
    }

    /** The prefix before the original subject. */
    default String subjectPrefix() {
        return type().subjectPrefix();
    }

    /**
     * This message's own Message-ID: for receipts, derived from the facts it certifies, so building the same
     * receipt twice gives the same identifier and a duplicate is visible downstream.
     */
    default MessageIdentifier messageId() {
        return MessageIdentifier.derived(issuer().domain(), facts().identifier().value(), type().headerValue(),
                subjectPrefix(), String.join(",", distinguishingFacts()));
    }

    /** Facts beyond the type that make two messages of the same type about one original differ. */
    default List<String> distinguishingFacts() {
        return List.of();
    }

    /** Adds From, To, Cc and Reply-To. */
    void address(HeaderBlock headers);

    /** Adds headers particular to the type (X-TipoRicevuta, X-VerificaSicurezza). */
    default void extraHeaders(HeaderBlock headers) {
    }

    /** The daticert.xml facts; empty for the anomaly envelope, which has none. */
    Optional<Daticert> daticert();

    /** The human-readable text. */
    ReceiptText text();

    /** The message carried as postacert.eml, when the type includes it. */
    default Optional<OriginalMessage> postacert() {
        return Optional.empty();
    }

    /** The daticert of this message, from its facts plus the type-specific elements. */
    default Daticert daticertWith(PecError error, ReceiptType receiptType, List<String> takenInCharge,
            String deliveredTo, String extendedError) {
        MessageFacts f = facts();
        return new Daticert(type(), error, f.sender(), f.recipients(), f.replyTo(), f.subject(), issuer().name(),
                PecTimestamp.of(at()), f.identifier().value(), f.originalMessageId(), receiptType, takenInCharge,
                deliveredTo, extendedError);
    }

    /** The usual "il messaggio "subject" proveniente da "sender"" lines after the date. */
    default ReceiptText standardText(String title) {
        return ReceiptText.titled(title)
                .line(ReceiptText.when(at()) + " il messaggio")
                .line("\"" + facts().subject() + "\" proveniente da \"" + facts().sender() + "\"");
    }
}
