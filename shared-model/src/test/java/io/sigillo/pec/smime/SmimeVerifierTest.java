package io.sigillo.pec.smime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class SmimeVerifierTest {

    private static final byte[] RECEIPT = TestProviders.sign(DemoMessages.all(DemoMessages.ACCEPTED_AT)
            .get("accettazione")).bytes();

    private static Classification classifyAt(Instant now, SmimeVerifier.Moment moment) {
        return new PecClassifier(new SmimeVerifier(TestPki.get()::trust, Clock.fixed(now, ZoneOffset.UTC), moment))
                .classify(RECEIPT);
    }

    @Test
    void onArrivalTheCertificateMustBeValidNowNotWhenTheSignerSaysItSigned() {
        Instant expired = TestPki.get().alpha().certificate().getNotAfter().toInstant().plusSeconds(60);

        Classification arriving = classifyAt(expired, SmimeVerifier.Moment.RECEPTION);

        assertThat(arriving.outcome()).isEqualTo(Outcome.UNTRUSTED_SIGNER);
        assertThat(arriving.reason()).contains("not valid at " + expired);
        assertThat(classifyAt(expired, SmimeVerifier.Moment.ARCHIVE).outcome()).as("signed while it was valid")
                .isEqualTo(Outcome.VALID);
    }

    @Test
    void aCertificateNotYetValidIsTakenOnlyWithinTheClockSkew() {
        Instant notBefore = TestPki.get().alpha().certificate().getNotBefore().toInstant();

        assertThat(classifyAt(notBefore.minus(SmimeVerifier.CLOCK_SKEW).plusSeconds(30),
                SmimeVerifier.Moment.RECEPTION).outcome()).isEqualTo(Outcome.VALID);
        assertThat(classifyAt(notBefore.minus(SmimeVerifier.CLOCK_SKEW).minus(Duration.ofMinutes(1)),
                SmimeVerifier.Moment.RECEPTION).outcome()).isEqualTo(Outcome.UNTRUSTED_SIGNER);
    }

    @Test
    void aTrustedCertificateWhoseKeyUsageDoesNotAllowSigningIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=pec.cifra.example");
        Instant from = TestPki.ISSUED_AT;
        X509Certificate encryptOnly = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.TWO, Date.from(from),
                        Date.from(from.plus(Duration.ofDays(3650 * 2))), name, keys.getPublic())
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        byte[] content = "Content-Type: text/plain\r\n\r\nciao\r\n".getBytes(StandardCharsets.US_ASCII);
        CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
        cms.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withRSA", keys.getPrivate(), encryptOnly));
        cms.addCertificates(new JcaCertStore(List.of(encryptOnly)));
        byte[] signature = cms.generate(new CMSProcessableByteArray(content), false).getEncoded();
        TrustedProviders trusted = new TrustedProviders(List.of(encryptOnly));

        SignatureCheck check = new SmimeVerifier(() -> trusted, TestTime.clock()).verify(content, signature);

        assertThat(check.status()).isEqualTo(SignatureCheck.Status.UNTRUSTED);
        assertThat(check.reason()).contains("does not allow signing");
    }

    @Test
    void oneVerifierKeepsEachSignersCertificateButJudgesEveryMessageAlone() throws Exception {
        TestPki pki = TestPki.get();
        AtomicReference<TrustedProviders> trust = new AtomicReference<>(pki.trust());
        SmimeVerifier verifier = new SmimeVerifier(trust::get, TestTime.clock());
        byte[] content = "Content-Type: text/plain\r\n\r\nciao\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] byAlpha = detached(pki.alpha(), "SHA256withRSA", content);
        byte[] byBeta = detached(pki.beta(), "SHA256withECDSA", content);

        for (int i = 0; i < 3; i++) {
            SignatureCheck alpha = verifier.verify(content, byAlpha);
            SignatureCheck beta = verifier.verify(content, byBeta);
            assertThat(alpha.status()).isEqualTo(SignatureCheck.Status.VALID);
            assertThat(alpha.signer()).isEqualTo(pki.alpha().certificate());
            assertThat(beta.status()).isEqualTo(SignatureCheck.Status.VALID);
            assertThat(beta.signer()).isEqualTo(pki.beta().certificate());
        }
        byte[] altered = content.clone();
        altered[altered.length - 3] = 'O';
        assertThat(verifier.verify(altered, byBeta).status()).isEqualTo(SignatureCheck.Status.INVALID);
        assertThat(verifier.verify(altered, byAlpha).status()).isEqualTo(SignatureCheck.Status.INVALID);

        trust.set(new TrustedProviders(List.of(pki.alpha().certificate())));

        assertThat(verifier.verify(content, byBeta).status()).as("no longer trusted, though seen before")
                .isEqualTo(SignatureCheck.Status.UNTRUSTED);
        assertThat(verifier.verify(content, byAlpha).status()).isEqualTo(SignatureCheck.Status.VALID);
    }

    /** A detached CMS signature of {@code content} by {@code signer}, made apart from the code under test. */
    private static byte[] detached(ProviderCredentials signer, String algorithm, byte[] content) throws Exception {
        CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
        cms.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build(algorithm, signer.privateKey(), signer.certificate()));
        cms.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        return cms.generate(new CMSProcessableByteArray(content), false).getEncoded();
    }
}
