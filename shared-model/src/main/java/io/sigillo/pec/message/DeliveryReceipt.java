package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ricevuta di avvenuta consegna: the message reached one recipient's mailbox. What it carries of the original
 * depends on the kind the sender asked for: completa (the original, for To recipients only), breve (the
 * original with attachments replaced by their SHA-256), sintetica (nothing).
 *
 * @param original the original message; may be null for sintetica
 */
public record DeliveryReceipt(MessageFacts facts, Provider issuer, Instant at, String deliveredTo,
        ReceiptType receiptType, OriginalMessage original) implements ProviderMessage {

    public DeliveryReceipt {
        Objects.requireNonNull(deliveredTo, "deliveredTo");
        receiptType = receiptType == null ? ReceiptType.COMPLETA : receiptType;
        if (receiptType != ReceiptType.SINTETICA && original == null) {
            throw new IllegalArgumentException("a " + receiptType.value() + " receipt needs the original");
        }
    }

    @Override
    public List<String> concerning() {
        return List.of(deliveredTo);
    }

    @Override
    public PecType type() {
        return PecType.DELIVERY;
    }

    @Override
    public List<String> distinguishingFacts() {
        return List.of(deliveredTo);
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), null).address("To", facts.sender(), null);
    }

    @Override
    public void extraHeaders(HeaderBlock headers) {
        headers.raw(PecHeaders.X_TIPO_RICEVUTA, receiptType.value());
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(PecError.NESSUNO, receiptType, null, deliveredTo, null));
    }

    @Override
    public Optional<OriginalMessage> postacert() {
        return switch (receiptType) {
            case COMPLETA -> facts.isCopyRecipient(deliveredTo) ? Optional.empty() : Optional.of(original);
            case BREVE -> Optional.of(BreveOriginal.of(original));
            case SINTETICA -> Optional.empty();
        };
    }

    @Override
    public ReceiptText text() {
        return standardText("Ricevuta di avvenuta consegna")
                .line("ed indirizzato a \"" + deliveredTo + "\"")
                .line("è stato consegnato nella casella di destinazione.")
                .line("Identificativo del messaggio: " + facts.identifier());
    }
}
