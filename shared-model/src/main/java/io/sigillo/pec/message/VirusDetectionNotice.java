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
 * Avviso di rilevazione virus: the recipient's provider found a virus in a transport envelope and tells the
 * sending provider; the content is not delivered.
 */
public record VirusDetectionNotice(MessageFacts facts, Provider issuer, Instant at, String sendingProviderMailbox,
        String recipient, String finding) implements ProviderMessage {

    public VirusDetectionNotice {
        Objects.requireNonNull(sendingProviderMailbox, "sendingProviderMailbox");
        Objects.requireNonNull(recipient, "recipient");
        finding = finding == null || finding.isBlank() ? "virus" : finding;
    }

    @Override
    public List<String> concerning() {
        return List.of(recipient);
    }

    @Override
    public PecType type() {
        return PecType.VIRUS_DETECTION;
    }

    @Override
    public List<String> distinguishingFacts() {
        return List.of(recipient);
    }

    @Override
    public void address(HeaderBlock headers) {
        headers.address("From", issuer.mailbox(), null).address("To", sendingProviderMailbox, null);
    }

    @Override
    public Optional<Daticert> daticert() {
        return Optional.of(daticertWith(PecError.VIRUS, null, null, recipient,
                NonDeliveryReason.VIRUS.extended() + ": " + finding));
    }

    @Override
    public ReceiptText text() {
        return standardText("Problema di sicurezza: rilevazione di virus")
                .line("ed indirizzato a \"" + recipient + "\"")
                .line("contiene un virus (" + finding + ") e non è stato consegnato.")
                .line("Identificativo del messaggio: " + facts.identifier());
    }
}
