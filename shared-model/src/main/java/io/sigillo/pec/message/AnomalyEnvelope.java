package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Busta di anomalia: something that is not valid PEC (ordinary mail, a broken or unverifiable signature)
 * wrapped by the recipient's provider so the recipient sees it is not certified. It has no daticert.
 *
 * @param facts                what arrived; the identifier is the one this provider gives the anomaly
 * @param reason               why it is not certified, in words
 * @param securityCheckFailed  true when the content failed a security check (X-VerificaSicurezza: errore)
 */
public record AnomalyEnvelope(MessageFacts facts, Provider issuer, Instant at, String reason,
        OriginalMessage arrived, boolean securityCheckFailed) implements ProviderMessage {

    public AnomalyEnvelope {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(arrived, "arrived");
    }

    @Override
    public PecType type() {
        return PecType.ANOMALY_ENVELOPE;
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), "Per conto di: " + facts.sender())
                .address("Reply-To", facts.replyTo(), null)
                .addresses("To", facts.to().stream().map(Recipient::address).toList())
                .addresses("Cc", facts.cc().stream().map(Recipient::address).toList());
    }

    @Override
    public void extraHeaders(HeaderBlock headers) {
        if (securityCheckFailed) {
            headers.raw(PecHeaders.X_VERIFICA_SICUREZZA, "errore");
        }
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.empty();
    }

    @Override
    public Optional<OriginalMessage> postacert() {
        return Optional.of(arrived);
    }

    @Override
    public ReceiptText text() {
        ReceiptText text = ReceiptText.titled("Anomalia nel messaggio")
                .line(ReceiptText.when(at) + " è stato ricevuto")
                .line("il messaggio \"" + facts.subject() + "\" proveniente da \"" + facts.sender() + "\"")
                .line("ed indirizzato a:");
        facts.recipients().forEach(r -> text.line(r.address()));
        return text.line("Tali dati non sono stati certificati per il seguente errore:")
                .line(reason)
                .line("Il messaggio originale è incluso in allegato (postacert.eml).");
    }
}
