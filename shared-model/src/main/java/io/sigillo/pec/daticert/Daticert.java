package io.sigillo.pec.daticert;

import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import java.util.List;
import java.util.Objects;

/**
 * The facts of {@code daticert.xml}, the machine-readable twin of a receipt's or envelope's text.
 *
 * @param type           {@code tipo}: which message this is (never the anomaly envelope, which has none)
 * @param error          {@code errore}
 * @param sender         {@code mittente}
 * @param recipients     {@code destinatari}, each with its kind
 * @param replyTo        {@code risposte}
 * @param subject        {@code oggetto}: the original subject, without prefix
 * @param issuer         {@code gestore-emittente}: the provider's legal name
 * @param date           {@code data}: when the event happened, Europe/Rome
 * @param identifier     {@code identificativo}: the PEC message identifier
 * @param messageId      {@code msgid}: the original Message-ID with its angle brackets, or null
 * @param receiptType    {@code ricevuta tipo}: delivery receipts only, else null
 * @param takenInCharge  {@code ricezione}: the recipients a take-in-charge receipt covers
 * @param deliveredTo    {@code consegna}: the mailbox of a delivery or non-delivery, else null
 * @param extendedError  {@code errore-esteso}: the reason in words, errors only, else null
 */
public record Daticert(
        PecType type,
        PecError error,
        String sender,
        List<Recipient> recipients,
        String replyTo,
        String subject,
        String issuer,
        PecTimestamp date,
        String identifier,
        String messageId,
        ReceiptType receiptType,
        List<String> takenInCharge,
        String deliveredTo,
        String extendedError) {

    public Daticert {
        Objects.requireNonNull(type, "type");
        if (type.daticertType().isEmpty()) {
            throw new IllegalArgumentException(type + " carries no daticert.xml");
        }
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(replyTo, "replyTo");
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(identifier, "identifier");
        takenInCharge = takenInCharge == null ? List.of() : List.copyOf(takenInCharge);
    }
}
