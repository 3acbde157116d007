package io.sigillo.pec.format;

/** Names of the PEC-specific headers, each written once. */
public final class PecHeaders {
    /** Marks receipts and notices, value from {@link PecType#headerValue()}. */
    public static final String X_RICEVUTA = "X-Ricevuta";
    /** Marks envelopes: {@code posta-certificata} or {@code errore}. */
    public static final String X_TRASPORTO = "X-Trasporto";
    /** The original message's Message-ID, on every receipt, notice and envelope. */
    public static final String X_RIFERIMENTO_MESSAGE_ID = "X-Riferimento-Message-ID";
    /** Delivery receipts only: completa, breve or sintetica. */
    public static final String X_TIPO_RICEVUTA = "X-TipoRicevuta";
    /** On envelopes whose content failed a security check. */
    public static final String X_VERIFICA_SICUREZZA = "X-VerificaSicurezza";
    /** Marks a reproduction of a receipt drawn from the log. */
    public static final String X_RIPRODUZIONE = "X-Sigillo-Riproduzione";

    /** Local part of the provider address that signs and sends every provider message. */
    public static final String PROVIDER_MAILBOX = "posta-certificata";

    private PecHeaders() {
    }
}
