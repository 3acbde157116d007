package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Avviso di mancata consegna: the message could not be delivered to one recipient. The reason picks the
 * variant: {@link NonDeliveryReason#VIRUS} and {@link NonDeliveryReason#TIMEOUT} have their own subjects.
 */
public record NonDeliveryNotice(MessageFacts facts, Provider issuer, Instant at, String recipient,
        NonDeliveryReason reason) implements ProviderMessage {

    public NonDeliveryNotice {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public List<String> concerning() {
        return List.of(recipient);
    }

    @Override
    public PecType type() {
        return PecType.NON_DELIVERY;
    }

    @Override
    public String subjectPrefix() {
        return switch (reason) {
            case VIRUS -> PecType.NON_DELIVERY_VIRUS_PREFIX;
            case TIMEOUT -> PecType.NON_DELIVERY_TIMEOUT_PREFIX;
            default -> PecType.NON_DELIVERY.subjectPrefix();
        };
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
        return Optional.of(daticertWith(reason.error(), null, null, recipient, reason.extended()));
    }

    @Override
    public ReceiptText text() {
        String title = switch (reason) {
            case VIRUS -> "Avviso di mancata consegna per virus";
            case TIMEOUT -> "Avviso di mancata consegna per superamento dei tempi massimi";
            default -> "Avviso di mancata consegna";
        };
        ReceiptText text = standardText(title).line("ed indirizzato a \"" + recipient + "\"");
        if (reason == NonDeliveryReason.TIMEOUT) {
            text.line("non è stato consegnato: entro 24 ore dall'invio non è giunta la ricevuta di avvenuta consegna.");
        } else {
            text.line("non è stato consegnato per il seguente errore:");
        }
        return text.line("Errore: " + reason.extended())
                .line("Identificativo del messaggio: " + facts.identifier());
    }
}
