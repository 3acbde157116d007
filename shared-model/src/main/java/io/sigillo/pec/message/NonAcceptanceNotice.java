package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Avviso di non accettazione: the message failed the access point's checks and was not sent. With
 * {@link PecError#VIRUS} it is the non-acceptance for virus, with its own subject.
 */
public record NonAcceptanceNotice(MessageFacts facts, Provider issuer, Instant at, PecError error, String reason)
        implements ProviderMessage {

    public NonAcceptanceNotice {
        Objects.requireNonNull(reason, "reason");
        if (error == null || error == PecError.NESSUNO) {
            error = PecError.ALTRO;
        }
    }

    @Override
    public PecType type() {
        return PecType.NON_ACCEPTANCE;
    }

    @Override
    public String subjectPrefix() {
        return error == PecError.VIRUS ? PecType.NON_ACCEPTANCE_VIRUS_PREFIX : PecType.NON_ACCEPTANCE.subjectPrefix();
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), null).address("To", facts.sender(), null);
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(error, null, null, null, reason));
    }

    @Override
    public ReceiptText text() {
        String title = error == PecError.VIRUS ? "Avviso di non accettazione per virus" : "Avviso di non accettazione";
        return standardText(title)
                .line("ed indirizzato a:")
                .recipients(facts.recipients())
                .line(error == PecError.VIRUS
                        ? "non è stato accettato perché nel messaggio è stato rilevato un virus:"
                        : "non è stato accettato dal sistema per il seguente motivo:")
                .line(reason)
                .line("Il messaggio non è stato inoltrato ai destinatari.")
                .line("Identificativo del messaggio: " + facts.identifier());
    }
}
