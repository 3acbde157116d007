package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Preavviso di mancata consegna: 12 hours have passed with neither a take-in-charge nor a delivery receipt
 * for one recipient. Delivery may still happen; the final notice follows at 24 hours if it does not.
 */
public record NonDeliveryWarning(MessageFacts facts, Provider issuer, Instant at, String recipient)
        implements ProviderMessage {

    /** The errore-esteso of every warning. */
    public static final String REASON = "4.4.7 - Nessuna ricevuta di presa in carico o di consegna entro 12 ore";

    public NonDeliveryWarning {
        Objects.requireNonNull(recipient, "recipient");
    }

    @Override
    public List<String> concerning() {
        return List.of(recipient);
    }

    @Override
    public PecType type() {
        return PecType.NON_DELIVERY_WARNING;
    }

    @Override
    public List<String> distinguishingFacts() {
        return List.of(recipient);
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), null).address("To", facts.sender(), null);
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(PecError.ALTRO, null, null, recipient, REASON));
    }

    @Override
    public ReceiptText text() {
        return standardText("Preavviso di mancata consegna")
                .line("ed indirizzato a \"" + recipient + "\"")
                .line("non risulta ancora consegnato: entro 12 ore dall'invio non è giunta alcuna ricevuta")
                .line("di presa in carico o di avvenuta consegna. Il gestore continua a tentare la consegna;")
                .line("se non riceverà la ricevuta di avvenuta consegna entro 24 ore dall'invio,")
                .line("seguirà un avviso di mancata consegna.")
                .line("Identificativo del messaggio: " + facts.identifier());
    }
}
