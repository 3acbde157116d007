package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.Optional;

/** Ricevuta di accettazione: the sender's provider took the message and sent it on. */
public record AcceptanceReceipt(MessageFacts facts, Provider issuer, Instant at) implements ProviderMessage {

    @Override
    public PecType type() {
        return PecType.ACCEPTANCE;
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), null).address("To", facts.sender(), null);
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(PecError.NESSUNO, null, null, null, null));
    }

    @Override
    public ReceiptText text() {
        return standardText("Ricevuta di accettazione")
                .line("ed indirizzato a:")
                .recipients(facts.recipients())
                .line("è stato accettato dal sistema ed inoltrato.")
                .line("Identificativo del messaggio: " + facts.identifier());
    }
}
