package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ricevuta di presa in carico: the recipient's provider took the transport envelope for the listed
 * recipients. Sent to the sending provider's receipt address, not to the user.
 */
public record TakeInChargeReceipt(MessageFacts facts, Provider issuer, Instant at, String sendingProviderMailbox,
        List<String> takenInCharge) implements ProviderMessage {

    public TakeInChargeReceipt {
        takenInCharge = List.copyOf(takenInCharge);
        if (takenInCharge.isEmpty()) {
            throw new IllegalArgumentException("a take-in-charge receipt covers at least one recipient");
        }
    }

    @Override
    public List<String> concerning() {
        return takenInCharge;
    }

    @Override
    public PecType type() {
        return PecType.TAKE_IN_CHARGE;
    }

    @Override
    public List<String> distinguishingFacts() {
        return takenInCharge;
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), null).address("To", sendingProviderMailbox, null);
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(PecError.NESSUNO, null, takenInCharge, null, null));
    }

    @Override
    public ReceiptText text() {
        ReceiptText text = standardText("Ricevuta di presa in carico")
                .line("è stato preso in carico dal sistema per la consegna ai destinatari:");
        takenInCharge.forEach(text::line);
        return text.line("Identificativo del messaggio: " + facts.identifier());
    }
}
