package io.sigillo.pec.format;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of message a PEC provider issues, with the header that marks it (X-Ricevuta or X-Trasporto),
 * its subject prefix and its daticert {@code tipo}.
 */
public enum PecType {
    /** Busta di trasporto: the original wrapped and signed by the sender's provider. */
    TRANSPORT_ENVELOPE(PecHeaders.X_TRASPORTO, "posta-certificata", "POSTA CERTIFICATA: ", "posta-certificata"),
    /** Busta di anomalia: what arrived, wrapped so the recipient sees it is not certified; no daticert. */
    ANOMALY_ENVELOPE(PecHeaders.X_TRASPORTO, "errore", "ANOMALIA MESSAGGIO: ", null),
    /** Ricevuta di accettazione. */
    ACCEPTANCE(PecHeaders.X_RICEVUTA, "accettazione", "ACCETTAZIONE: ", "accettazione"),
    /** Avviso di non accettazione. */
    NON_ACCEPTANCE(PecHeaders.X_RICEVUTA, "non-accettazione", "AVVISO DI NON ACCETTAZIONE: ", "non-accettazione"),
    /** Ricevuta di presa in carico: proof that the recipient's provider took the message. */
    TAKE_IN_CHARGE(PecHeaders.X_RICEVUTA, "presa-in-carico", "PRESA IN CARICO: ", "presa-in-carico"),
    /** Ricevuta di avvenuta consegna. */
    DELIVERY(PecHeaders.X_RICEVUTA, "avvenuta-consegna", "CONSEGNA: ", "avvenuta-consegna"),
    /** Avviso di mancata consegna. */
    NON_DELIVERY(PecHeaders.X_RICEVUTA, "errore-consegna", "AVVISO DI MANCATA CONSEGNA: ", "errore-consegna"),
    /** Preavviso di mancata consegna: the 12-hour warning. */
    NON_DELIVERY_WARNING(PecHeaders.X_RICEVUTA, "preavviso-errore-consegna",
            "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ", "preavviso-errore-consegna"),
    /** Avviso di rilevazione virus: sent to the sending provider. */
    VIRUS_DETECTION(PecHeaders.X_RICEVUTA, "rilevazione-virus", "PROBLEMA DI SICUREZZA: ", "rilevazione-virus");

    /** Subject prefix of a non-acceptance for virus. */
    public static final String NON_ACCEPTANCE_VIRUS_PREFIX = "AVVISO DI NON ACCETTAZIONE PER VIRUS: ";
    /** Subject prefix of a non-delivery notice for virus. */
    public static final String NON_DELIVERY_VIRUS_PREFIX = "AVVISO DI MANCATA CONSEGNA PER VIRUS: ";
    /** Subject prefix of a non-delivery notice for timeout (24 hours). */
    public static final String NON_DELIVERY_TIMEOUT_PREFIX = "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ";

    private final String header;
    private final String headerValue;
    private final String subjectPrefix;
    private final String daticertType;

    PecType(String header, String headerValue, String subjectPrefix, String daticertType) {
        this.header = header;
        this.headerValue = headerValue;
        this.subjectPrefix = subjectPrefix;
        this.daticertType = daticertType;
    }

    /** The header that carries the type: {@code X-Ricevuta} or {@code X-Trasporto}. */
    public String header() {
        return header;
    }

    /** The value of {@link #header()}. */
    public String headerValue() {
        return headerValue;
    }

    /** The usual subject prefix; virus and timeout variants have their own (see the constants). */
    public String subjectPrefix() {
        return subjectPrefix;
    }

    /** The {@code tipo} attribute of daticert.xml, empty for the anomaly envelope which has none. */
    public Optional<String> daticertType() {
        return Optional.ofNullable(daticertType);
    }

    /** True for envelopes (X-Trasporto), false for receipts and notices (X-Ricevuta). */
    public boolean isEnvelope() {
        return PecHeaders.X_TRASPORTO.equals(header);
    }

    /** The type marked by a header and its value, ignoring case and parameters. */
    public static Optional<PecType> fromHeader(String header, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String bare = value.split(";", 2)[0].trim();
        return Arrays.stream(values())
                .filter(t -> t.header.equalsIgnoreCase(header) && t.headerValue.equalsIgnoreCase(bare))
                .findFirst();
    }

    /** The type whose daticert {@code tipo} is the given value. */
    public static Optional<PecType> fromDaticertType(String tipo) {
        return Arrays.stream(values()).filter(t -> t.daticertType != null && t.daticertType.equals(tipo)).findFirst();
    }
}
