package io.sigillo.pec.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.format.PecType;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.testing.FieldStyleMessages;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PecClassifierTest {

    private final PecClassifier classifier = TestProviders.classifier();

    private static byte[] signedSample(String name) {
        return TestProviders.sign(DemoMessages.all(DemoMessages.ACCEPTED_AT).get(name)).bytes();
    }

    private static byte[] replaceFirst(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneByteChangedInsideTheSignedContentGivesInvalidSignature() {
        byte[] bytes = signedSample("avvenuta-consegna-completa");
        byte[] tampered = replaceFirst(bytes, "Gentile Bob", "Gentile Bib");

        Classification c = classifier.classify(tampered);

        assertThat(c.outcome()).isEqualTo(Outcome.INVALID_SIGNATURE);
        assertThat(c.reason()).contains("altered");
        assertThat(c.type()).contains(PecType.DELIVERY);
    }

    /** Rewrites an outer header (outside the signature), folded lines included. */
    private static byte[] withOuterHeader(byte[] bytes, String name, String value) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String changed = text.replaceFirst("(?m)^" + name + ":[^\\r\\n]*(\\r\\n[ \\t][^\\r\\n]*)*",
                java.util.regex.Matcher.quoteReplacement(name + ": " + value));
        assertThat(changed).isNotEqualTo(text);
        return changed.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReceiptWhoseOuterSubjectWasRewrittenIsMalformedThoughItsSignatureHolds() {
        byte[] bytes = signedSample("avvenuta-consegna-completa");
        assertThat(classifier.classify(bytes).outcome()).isEqualTo(Outcome.VALID);

        Classification c = classifier.classify(withOuterHeader(bytes, "Subject",
                "URGENTE: pagamento richiesto, vedi allegato"));

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("URGENTE").contains("avvenuta-consegna");
        assertThat(c.type()).contains(PecType.DELIVERY);
    }

    @Test
    void aReceiptWhoseOuterReferenceWasRewrittenIsMalformed() {
        Classification c = classifier.classify(withOuterHeader(signedSample("avvenuta-consegna-completa"),
                "X-Riferimento-Message-ID", "<altro@client.example>"));

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("X-Riferimento-Message-ID").contains("<altro@client.example>");
    }

    @Test
    void anEnvelopeWhoseReplyToOrSenderNameWasRewrittenIsMalformedThoughItsSignatureHolds() {
        byte[] bytes = signedSample("posta-certificata");
        assertThat(classifier.classify(bytes).outcome()).isEqualTo(Outcome.VALID);

        Classification replyTo = classifier.classify(withOuterHeader(bytes, "Reply-To", "attacker@evil.example"));
        assertThat(replyTo.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(replyTo.reason()).contains("Reply-To attacker@evil.example").contains("alice@pec.alpha.example");

        Classification name = classifier.classify(withOuterHeader(bytes, "From",
                "\"Per conto di: ceo@pec.alpha.example\" <posta-certificata@pec.alpha.example>"));
        assertThat(name.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(name.reason()).contains("ceo@pec.alpha.example");

        Classification mailbox = classifier.classify(withOuterHeader(bytes, "From",
                "\"Per conto di: alice@pec.alpha.example\" <attacker@evil.example>"));
        assertThat(mailbox.outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void anEnvelopeWhoseRecipientsOrIdentifierWereRewrittenIsMalformed() {
        byte[] bytes = signedSample("posta-certificata");

        Classification to = classifier.classify(withOuterHeader(bytes, "To",
                "bob@pec.beta.example, eve@pec.beta.example"));
        assertThat(to.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(to.reason()).contains("eve@pec.beta.example");

        Classification id = classifier.classify(withOuterHeader(bytes, "Message-ID", "<altro@pec.alpha.example>"));
        assertThat(id.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(id.reason()).contains("Message-ID <altro@pec.alpha.example>");
    }

    @Test
    void anEnvelopeAddressedInAnotherCaseOrEncodingStillMatchesWhatIsSigned() throws Exception {
        byte[] bytes = signedSample("posta-certificata");
        Classification signed = classifier.classify(bytes);
        String to = signed.headers().raw("To");
        String from = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(
                "Per conto di: ALICE@pec.alpha.example".getBytes(StandardCharsets.UTF_8))
                + "?= <Posta-Certificata@pec.alpha.example>";

        Classification c = classifier.classify(withOuterHeader(withOuterHeader(bytes, "To", to.toUpperCase()),
                "From", from));

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
    }

    @Test
    void anEnvelopeWhoseCopiesAreSplitOverTwoCcFieldsStillMatchesWhatIsSigned() {
        byte[] bytes = signedSample("posta-certificata");

        Classification c = classifier.classify(withOuterHeader(bytes, "Cc",
                "carol@pec.beta.example\r\nCc: dave@mail.example"));

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
    }

    @Test
    void anOuterSubjectRefoldedOrReencodedStillMatchesWhatIsSigned() throws Exception {
        byte[] bytes = signedSample("avvenuta-consegna-completa");
        String subject = classifier.classify(bytes).headers().decoded("Subject");
        // Folded after the prefix, with more whitespace, and the rest in quoted-printable words.
        String refolded = "CONSEGNA:\r\n   " + jakarta.mail.internet.MimeUtility.encodeText(
                subject.substring("CONSEGNA: ".length()), "UTF-8", "Q");
        Classification c = classifier.classify(withOuterHeader(bytes, "Subject", refolded));
        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
    }

    @Test
    void aValidSignatureByACertificateOutsideTheTrustStoreGivesUntrustedSigner() {
        ProviderMessage receipt = DemoMessages.all(DemoMessages.ACCEPTED_AT).get("accettazione");

        Classification c = classifier.classify(TestProviders.signAsRogue(receipt).bytes());

        assertThat(c.outcome()).isEqualTo(Outcome.UNTRUSTED_SIGNER);
        assertThat(c.reason()).contains("pec.rogue.example").contains("not a trusted provider");
    }

    @Test
    void ordinaryMailGivesNotPec() {
        byte[] mail = DemoMessages.original().bytes();

        Classification c = classifier.classify(mail);

        assertThat(c.outcome()).isEqualTo(Outcome.NOT_PEC);
        assertThat(c.type()).isEmpty();
        assertThat(c.headers().raw("Message-ID")).isEqualTo("<original-1@client.example>");
    }

    @Test
    void aSubjectInRawUtf8IsReadAsUtf8AndOneInRawLatin1AsLatin1() {
        byte[] utf8 = "From: a@mail.example\r\nSubject: Perché è così €\r\n\r\nciao\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "From: a@mail.example\r\nSubject: Perché\r\n\r\nciao\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(classifier.classify(utf8).headers().decoded("Subject")).isEqualTo("Perché è così €");
        assertThat(classifier.classify(latin1).headers().decoded("Subject")).isEqualTo("Perché");
    }

    @Test
    void anUnsignedMessageClaimingToBeAReceiptIsNotPec() {
        byte[] forged = ("X-Ricevuta: accettazione\r\nFrom: posta-certificata@pec.alpha.example\r\n"
                + "Subject: ACCETTAZIONE: x\r\n\r\nfidati\r\n").getBytes(StandardCharsets.US_ASCII);

        Classification c = classifier.classify(forged);

        assertThat(c.outcome()).isEqualTo(Outcome.NOT_PEC);
        assertThat(c.reason()).contains("claims to be PEC").contains("not signed");
    }

    @Test
    void anOuterTypeHeaderThatContradictsTheSignedDaticertIsMalformed() {
        // Outer headers are not covered by the signature; daticert is, so it decides.
        byte[] relabelled = replaceFirst(signedSample("accettazione"), "X-Ricevuta: accettazione",
                "X-Ricevuta: avvenuta-consegna");

        Classification c = classifier.classify(relabelled);

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("avvenuta-consegna").contains("accettazione");
    }

    @Test
    void aReceiptWithoutDaticertIsMalformed() throws Exception {
        byte[] bytes = FieldStyleMessages.sign(TestPki.get().alpha(), FieldStyleMessages.acceptanceHeaders(),
                FieldStyleMessages.receiptContent(null), false);

        Classification c = classifier.classify(bytes);

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("daticert.xml");
    }

    @Test
    void aFieldStyleReceiptWithSha1XPkcs7AndIso88591IsReadFromTheArchiveButRefusedOnArrival() throws Exception {
        String daticert = FieldStyleMessages.legacyDaticert("accettazione", "Perch\u00e9 s\u00ec");
        byte[] bytes = FieldStyleMessages.sign(TestPki.get().alpha(), FieldStyleMessages.acceptanceHeaders(
                "Perch\u00e9 s\u00ec"),
                FieldStyleMessages.receiptContent(daticert), true);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .contains("application/x-pkcs7-signature").contains("micalg=sha1");

        Classification c = TestProviders.archiveClassifier().classify(bytes);
        Classification arriving = classifier.classify(bytes);

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.daticert().orElseThrow().subject()).isEqualTo("Perché sì");
        assertThat(c.daticert().orElseThrow().identifier()).isEqualTo("opec.field0001@pec.alpha.example");
        assertThat(arriving.outcome()).isEqualTo(Outcome.UNTRUSTED_SIGNER);
        assertThat(arriving.reason()).contains("SHA-1");
    }

    @Test
    void aMessageSavedWithBareLineFeedsStillVerifies() throws Exception {
        byte[] lf = FieldStyleMessages.withBareLf(signedSample("posta-certificata"));

        Classification c = classifier.classify(lf);

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.postacert().orElseThrow().bytes()).isEqualTo(DemoMessages.original().bytes());
    }

    @Test
    void anUndecodableSignatureIsMalformed() {
        String text = new String(signedSample("accettazione"), StandardCharsets.ISO_8859_1);
        int sig = text.indexOf("filename=\"smime.p7s\"");
        int body = text.indexOf("\r\n\r\n", sig) + 4;
        String broken = text.substring(0, body) + "!!!!not base64 at all!!!!" + text.substring(body + 40);

        Classification c = classifier.classify(broken.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aMessageOverTheSizeLimitIsMalformedWithoutBeingRead() {
        PecClassifier small = new PecClassifier(TestProviders.verifier(),
                new io.sigillo.pec.daticert.DaticertReader(), new ClassifierLimits(1024, 512, 4, 10));

        Classification c = small.classify(signedSample("accettazione"));

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("larger than 1024 bytes");
    }

    @Test
    void nestingDeeperThanTheLimitIsMalformed() throws Exception {
        jakarta.mail.internet.MimeBodyPart leaf = FieldStyleMessages.receiptContent(
                FieldStyleMessages.legacyDaticert("accettazione", "x"));
        jakarta.mail.internet.MimeBodyPart current = leaf;
        for (int i = 0; i < 30; i++) {
            jakarta.mail.internet.MimeMultipart wrapper = new jakarta.mail.internet.MimeMultipart("mixed");
            wrapper.addBodyPart(current);
            current = new jakarta.mail.internet.MimeBodyPart();
            current.setContent(wrapper);
        }
        byte[] bytes = FieldStyleMessages.sign(TestPki.get().alpha(), FieldStyleMessages.acceptanceHeaders(),
                current, false);

        Classification c = classifier.classify(bytes);

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("nesting deeper");
    }

    @Test
    void theSignerIsReportedForTheIndexCheck() {
        Classification c = classifier.classify(signedSample("presa-in-carico"));

        assertThat(c.signature().orElseThrow().signer()).isEqualTo(TestPki.get().beta().certificate());
    }
}
