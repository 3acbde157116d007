package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Busta di trasporto: the original, unaltered, wrapped and signed by the sender's provider. Its Message-ID is
 * the PEC message identifier itself.
 */
public record TransportEnvelope(MessageFacts facts, Provider issuer, Instant at, OriginalMessage original,
        ReceiptType receiptType) implements ProviderMessage {

    public TransportEnvelope {
        Objects.requireNonNull(original, "original");
        receiptType = receiptType == null ? ReceiptType.COMPLETA : receiptType;
    }

    /** An envelope whose sender asked for the default, complete delivery receipt. */
    public TransportEnvelope(MessageFacts facts, Provider issuer, Instant at, OriginalMessage original) {
        this(facts, issuer, at, original, ReceiptType.COMPLETA);
    }

    /**
     * The receipt kind the sender asked for travels with the envelope, so the recipient's delivery point
     * knows which delivery receipt to return; the default (completa) is left implicit.
     */
    @Override
    public void extraHeaders(HeaderBlock headers) {
        if (receiptType != ReceiptType.COMPLETA) {
            headers.raw(PecHeaders.X_TIPO_RICEVUTA, receiptType.value());
        }
    }

    @Override
    public PecType type() {
        return PecType.TRANSPORT_ENVELOPE;
    }

    @Override
    public MessageIdentifier messageId() {
        return facts.identifier();
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), "Per conto di: " + facts.sender())
                .address("Reply-To", facts.replyTo(), null)
                .addresses("To", facts.to().stream().map(Recipient::address).toList())
                .addresses("Cc", facts.cc().stream().map(Recipient::address).toList());
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(PecError.NESSUNO, null, null, null, null));
    }

    @Override
    public Optional<OriginalMessage> postacert() {
        return Optional.of(original);
    }

    @Override
    public ReceiptText text() {
        ReceiptText text = ReceiptText.titled("Messaggio di posta certificata")
                .line(ReceiptText.when(at) + " il messaggio")
                .line("\"" + facts.subject() + "\" è stato inviato da \"" + facts.sender() + "\"")
                .line("indirizzato a:");
        facts.recipients().forEach(r -> text.line(r.address()));
        return text.line("Il testo originale si trova nell'allegato di nome postacert.eml")
                .line("L'identificativo univoco di questo messaggio è: " + facts.identifier());
    }
}
