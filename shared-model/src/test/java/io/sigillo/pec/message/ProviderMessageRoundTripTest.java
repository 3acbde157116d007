package io.sigillo.pec.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestProviders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderMessageRoundTripTest {

    static Stream<Arguments> everyMessage() {
        Map<String, ProviderMessage> all = new LinkedHashMap<>(DemoMessages.all(DemoMessages.ACCEPTED_AT));
        MessageFacts f = DemoMessages.facts();
        var at = DemoMessages.ACCEPTED_AT;
        all.put("non-accettazione-virus", new NonAcceptanceNotice(f, DemoMessages.ALPHA, at, PecError.VIRUS,
                "Eicar-Test-Signature"));
        all.put("errore-consegna-virus", new NonDeliveryNotice(f, DemoMessages.BETA, at, "bob@pec.beta.example",
                NonDeliveryReason.VIRUS));
        all.put("errore-consegna-timeout", new NonDeliveryNotice(f, DemoMessages.ALPHA, at,
                "bob@pec.beta.example", NonDeliveryReason.TIMEOUT));
        all.put("avvenuta-consegna-completa-cc", new DeliveryReceipt(f, DemoMessages.BETA, at,
                "carol@pec.beta.example", ReceiptType.COMPLETA, DemoMessages.original()));
        return all.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessage")
    void signedMessageClassifiesValidWithTheSameFacts(String name, ProviderMessage message) {
        SignedMessage signed = TestProviders.sign(message);

        Classification c = TestProviders.classifier().classify(signed.bytes());

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.type()).contains(message.type());
        assertThat(c.daticert()).isEqualTo(message.daticert());
        assertThat(c.signature().orElseThrow().signingTime()).isNotNull();
        assertThat(c.postacert().map(OriginalMessage::bytes).map(b -> new String(b, StandardCharsets.UTF_8)))
                .isEqualTo(message.postacert().map(OriginalMessage::bytes)
                        .map(b -> new String(b, StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessage")
    void bytesCarryTheHeadersAndSubjectOfTheSpecification(String name, ProviderMessage message) {
        SignedMessage signed = TestProviders.sign(message);
        var headers = TestProviders.classifier().classify(signed.bytes()).headers();

        assertThat(headers.raw(message.type().header())).isEqualTo(message.type().headerValue());
        assertThat(headers.decoded("Subject")).isEqualTo(message.subjectPrefix() + message.facts().subject()).startsWith(expectedPrefix(name));
        assertThat(headers.raw(PecHeaders.X_RIFERIMENTO_MESSAGE_ID)).isEqualTo(message.facts().originalMessageId());
        assertThat(headers.raw("Message-ID")).isEqualTo(signed.messageId().asHeader());
        assertThat(headers.raw("Content-Type")).startsWith("multipart/signed;")
                .contains("protocol=\"application/pkcs7-signature\"").contains("micalg=sha-256");
        assertThat(headers.raw("Date")).matches("[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        if (message.type().isEnvelope()) {
            assertThat(headers.decoded("From")).isEqualTo("\"Per conto di: " + message.facts().sender() + "\" <"
                    + message.issuer().mailbox() + ">");
            assertThat(headers.raw("Reply-To")).isEqualTo(message.facts().replyTo());
        } else {
            assertThat(headers.raw("From")).isEqualTo(message.issuer().mailbox());
        }
        if (message.type() == PecType.TRANSPORT_ENVELOPE) {
            assertThat(headers.raw("Message-ID")).isEqualTo(message.facts().identifier().asHeader());
            assertThat(headers.raw("To")).isEqualTo("bob@pec.beta.example");
            assertThat(headers.raw("Cc")).isEqualTo("carol@pec.beta.example, dave@mail.example");
        }
        if (message instanceof DeliveryReceipt receipt) {
            assertThat(headers.raw(PecHeaders.X_TIPO_RICEVUTA)).isEqualTo(receipt.receiptType().value());
        } else {
            assertThat(headers.raw(PecHeaders.X_TIPO_RICEVUTA)).isNull();
        }
    }

    private static String expectedPrefix(String name) {
        return switch (name) {
            case "posta-certificata" -> "POSTA CERTIFICATA: ";
            case "errore" -> "ANOMALIA MESSAGGIO: ";
            case "accettazione" -> "ACCETTAZIONE: ";
            case "non-accettazione" -> "AVVISO DI NON ACCETTAZIONE: ";
            case "non-accettazione-virus" -> "AVVISO DI NON ACCETTAZIONE PER VIRUS: ";
            case "presa-in-carico" -> "PRESA IN CARICO: ";
            case "errore-consegna" -> "AVVISO DI MANCATA CONSEGNA: ";
            case "errore-consegna-virus" -> "AVVISO DI MANCATA CONSEGNA PER VIRUS: ";
            case "errore-consegna-timeout", "preavviso-errore-consegna" ->
                    "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ";
            case "rilevazione-virus" -> "PROBLEMA DI SICUREZZA: ";
            default -> "CONSEGNA: ";
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessage")
    void signingTheSameMessageTwiceKeepsItsMessageId(String name, ProviderMessage message) {
        assertThat(TestProviders.sign(message).messageId()).isEqualTo(TestProviders.sign(message).messageId());
    }

    @org.junit.jupiter.api.Test
    void anEnvelopeCarriesTheRequestedReceiptKindAndItsFactsReadBackWithTheToCcSplit() {
        var envelope = new TransportEnvelope(DemoMessages.facts(), DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT,
                DemoMessages.original(), ReceiptType.BREVE);
        var c = TestProviders.classifier().classify(TestProviders.sign(envelope).bytes());

        assertThat(io.sigillo.pec.classify.EnvelopeFacts.receiptType(c)).isEqualTo(ReceiptType.BREVE);
        assertThat(io.sigillo.pec.classify.EnvelopeFacts.of(c)).isEqualTo(DemoMessages.facts());
    }

    @org.junit.jupiter.api.Test
    void anAnomalyEnvelopeSaysASecurityCheckFailedOnlyWhenOneDid() {
        var failed = new AnomalyEnvelope(DemoMessages.facts(), DemoMessages.BETA, DemoMessages.ACCEPTED_AT,
                "INVALID_SIGNATURE: altered", DemoMessages.original(), true);
        var ordinary = new AnomalyEnvelope(DemoMessages.facts(), DemoMessages.BETA, DemoMessages.ACCEPTED_AT,
                "NOT_PEC: ordinary mail", DemoMessages.original(), false);

        Classification c = TestProviders.classifier().classify(TestProviders.sign(failed).bytes());
        assertThat(c.headers().raw(PecHeaders.X_VERIFICA_SICUREZZA)).isEqualTo("errore");
        assertThat(TestProviders.classifier().classify(TestProviders.sign(ordinary).bytes()).headers()
                .raw(PecHeaders.X_VERIFICA_SICUREZZA)).isNull();
    }

    @org.junit.jupiter.api.Test
    void completaReceiptForACopyRecipientLeavesTheOriginalOut() {
        MessageFacts f = DemoMessages.facts();
        var toBob = new DeliveryReceipt(f, DemoMessages.BETA, DemoMessages.ACCEPTED_AT, "bob@pec.beta.example",
                ReceiptType.COMPLETA, DemoMessages.original());
        var toCarol = new DeliveryReceipt(f, DemoMessages.BETA, DemoMessages.ACCEPTED_AT,
                "carol@pec.beta.example", ReceiptType.COMPLETA, DemoMessages.original());

        assertThat(TestProviders.classifier().classify(TestProviders.sign(toBob).bytes()).postacert()).isPresent();
        assertThat(TestProviders.classifier().classify(TestProviders.sign(toCarol).bytes()).postacert()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void daticertOfATimeoutNoticeCarriesTheFixedCodeAndWording() {
        var notice = new NonDeliveryNotice(DemoMessages.facts(), DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT,
                "bob@pec.beta.example", NonDeliveryReason.TIMEOUT);
        Daticert d = TestProviders.classifier().classify(TestProviders.sign(notice).bytes()).daticert().orElseThrow();

        assertThat(d.extendedError()).isEqualTo("5.4.7 - Tempo massimo per la consegna superato");
        assertThat(d.deliveredTo()).isEqualTo("bob@pec.beta.example");
        assertThat(d.date().zone()).isEqualTo("+0100");
        assertThat(d.date().time()).isEqualTo("21:50:04");
    }
}
