package io.sigillo.pec.demo;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.AnomalyEnvelope;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonAcceptanceNotice;
import io.sigillo.pec.message.NonDeliveryNotice;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.message.NonDeliveryWarning;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.TakeInChargeReceipt;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.message.VirusDetectionNotice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One demo of every provider message, about one original from alice at alpha to bob and carol at beta:
 * the samples the test run and the local run write for outside readers.
 */
public final class DemoMessages {

    /** Provider alpha. */
    public static final Provider ALPHA = new Provider("Alpha PEC S.p.A. (demo)", "pec.alpha.example");
    /** Provider beta. */
    public static final Provider BETA = new Provider("Beta PEC S.r.l. (demo)", "pec.beta.example");
    /** A subject with everything that must survive escaping. */
    public static final String SUBJECT = "Fattura n° 12 <urgente> & \"saldo\" 'àèìòù' € — ok";
    /**
     * A fixed acceptance time for tests of formats, which compare dates as text: winter, so +0100. Nothing that
     * compares dates with a clock (retention, timers, certificate validity) may use it.
     */
    public static final Instant ACCEPTED_AT = Instant.parse("2026-11-25T20:50:04Z");

    private DemoMessages() {
    }

    /** A multipart original with a text body and one PDF attachment. */
    public static OriginalMessage original() {
        String eml = """
                From: Alice <alice@pec.alpha.example>
                To: bob@pec.beta.example
                Cc: carol@pec.beta.example
                Subject: =?UTF-8?Q?Fattura_n=C2=B0_12?=
                Message-ID: <original-1@client.example>
                Date: Wed, 25 Nov 2026 21:50:00 +0100
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: quoted-printable

                Gentile Bob, in allegato la fattura. Saluti =E2=80=94 Alice
                --b1
                Content-Type: application/pdf; name="fattura.pdf"
                Content-Disposition: attachment; filename="fattura.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKJSVFT0YK
                --b1--
                """;
        return OriginalMessage.of(eml.getBytes(StandardCharsets.US_ASCII));
    }

    /** The facts of {@link #original()}. */
    public static MessageFacts facts() {
        return new MessageFacts(new MessageIdentifier("opec.sample0001@pec.alpha.example"),
                "alice@pec.alpha.example",
                List.of(Recipient.certified("bob@pec.beta.example")),
                List.of(Recipient.certified("carol@pec.beta.example"), Recipient.external("dave@mail.example")),
                "alice@pec.alpha.example", SUBJECT, "<original-1@client.example>");
    }

    /**
     * One sample of each message, keyed by the sample file name: the X-Ricevuta or X-Trasporto value, with
     * the receipt type where there is one; the original accepted at {@code acceptedAt}.
     */
    public static Map<String, ProviderMessage> all(Instant acceptedAt) {
        MessageFacts f = facts();
        OriginalMessage o = original();
        Instant later = acceptedAt.plusSeconds(3);
        Map<String, ProviderMessage> m = new LinkedHashMap<>();
        m.put("accettazione", new AcceptanceReceipt(f, ALPHA, acceptedAt));
        m.put("non-accettazione", new NonAcceptanceNotice(f, ALPHA, acceptedAt, PecError.ALTRO,
                "Il mittente non corrisponde alla casella autenticata"));
        m.put("presa-in-carico", new TakeInChargeReceipt(f, BETA, later, "posta-certificata@pec.alpha.example",
                List.of("bob@pec.beta.example", "carol@pec.beta.example")));
        m.put("avvenuta-consegna-completa", new DeliveryReceipt(f, BETA, later, "bob@pec.beta.example",
                ReceiptType.COMPLETA, o));
        m.put("avvenuta-consegna-breve", new DeliveryReceipt(f, BETA, later, "bob@pec.beta.example",
                ReceiptType.BREVE, o));
        m.put("avvenuta-consegna-sintetica", new DeliveryReceipt(f, BETA, later, "bob@pec.beta.example",
                ReceiptType.SINTETICA, null));
        m.put("errore-consegna", new NonDeliveryNotice(f, BETA, later, "carol@pec.beta.example",
                NonDeliveryReason.UNKNOWN_MAILBOX));
        m.put("preavviso-errore-consegna", new NonDeliveryWarning(f, ALPHA, acceptedAt.plusSeconds(12 * 3600),
                "bob@pec.beta.example"));
        m.put("rilevazione-virus", new VirusDetectionNotice(f, BETA, later, "posta-certificata@pec.alpha.example",
                "bob@pec.beta.example", "Eicar-Test-Signature"));
        m.put("posta-certificata", new TransportEnvelope(f, ALPHA, acceptedAt, o));
        m.put("errore", new AnomalyEnvelope(new MessageFacts(
                new MessageIdentifier("opec.anomaly0001@pec.beta.example"), "someone@mail.example",
                List.of(Recipient.certified("bob@pec.beta.example")), List.of(), null, "Offerta",
                "<ordinary-1@mail.example>"), BETA, later,
                "il messaggio non è un messaggio di posta certificata", o, false));
        return m;
    }
}
