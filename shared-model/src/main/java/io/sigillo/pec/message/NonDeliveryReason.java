package io.sigillo.pec.message;

import io.sigillo.pec.format.PecError;

/**
 * Why a message was not delivered: a fixed code and wording per reason, used alike in the text and in
 * {@code errore-esteso}, as the AgID supplementary notes ask.
 */
public enum NonDeliveryReason {
    UNKNOWN_MAILBOX("5.1.1", "Utente sconosciuto: la casella di destinazione non esiste", PecError.NO_DEST),
    UNKNOWN_DOMAIN("5.1.2", "Dominio di destinazione sconosciuto", PecError.NO_DOMINIO),
    MAILBOX_FULL("5.2.2", "Casella di destinazione piena", PecError.ALTRO),
    MESSAGE_TOO_LARGE("5.3.4", "Messaggio troppo grande per la casella di destinazione", PecError.ALTRO),
    VIRUS("5.7.1", "Virus rilevato nel messaggio", PecError.VIRUS),
    TIMEOUT("5.4.7", "Tempo massimo per la consegna superato", PecError.ALTRO),
    OTHER("5.0.0", "Errore di consegna", PecError.ALTRO);

    private final String code;
    private final String wording;
    private final PecError error;

    NonDeliveryReason(String code, String wording, PecError error) {
        this.code = code;
        this.wording = wording;
        this.error = error;
    }

    /** The enhanced status code (RFC 3463 form). */
    public String code() {
        return code;
    }

    /** The Italian wording. */
    public String wording() {
        return wording;
    }

    /** The daticert {@code errore} class. */
    public PecError error() {
        return error;
    }

    /** The {@code errore-esteso} text: code and wording. */
    public String extended() {
        return code + " - " + wording;
    }
}
