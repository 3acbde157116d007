package io.sigillo.pec.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.stream.Stream;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.mail.smime.SMIMESigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmimeSignerTest {

    static Stream<Arguments> keys() {
        return Stream.of(Arguments.of("RSA 2048", DemoMessages.ALPHA), Arguments.of("ECDSA P-256", DemoMessages.BETA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void bouncyCastlesOwnSmimeReaderVerifiesTheSignatureAndFindsTheSigningTime(String kind,
            io.sigillo.pec.format.Provider issuer) throws Exception {
        var receipt = new io.sigillo.pec.message.AcceptanceReceipt(DemoMessages.facts(), issuer,
                DemoMessages.ACCEPTED_AT);
        byte[] bytes = TestProviders.sign(receipt).bytes();

        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        SMIMESigned signed = new SMIMESigned((MimeMultipart) message.getContent());
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder cert = (X509CertificateHolder) signed.getCertificates().getMatches(signer.getSID())
                .iterator().next();

        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert))).isTrue();
        assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime)).isNotNull();
        assertThat(signer.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1");
        assertThat(cert.getSubject().toString()).contains(issuer.domain());
    }

    @Test
    void theSigningTimeIsTheProvidersClockNotTheJvms() throws Exception {
        Instant providersTime = TestTime.monthsAgo(2);
        SmimeSigner signer = new SmimeSigner(TestPki.get().alpha(), Clock.fixed(providersTime, ZoneOffset.UTC));
        byte[] bytes = new ProviderMessageComposer(signer, TestProviders.schema()).compose(
                new io.sigillo.pec.message.AcceptanceReceipt(DemoMessages.facts(), DemoMessages.ALPHA, providersTime))
                .bytes();

        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        SignerInformation info = new SMIMESigned((MimeMultipart) message.getContent()).getSignerInfos().getSigners()
                .iterator().next();
        Instant stated = Time.getInstance(info.getSignedAttributes().get(CMSAttributes.signingTime).getAttrValues()
                .getObjectAt(0)).getDate().toInstant();
        assertThat(stated).isEqualTo(providersTime);
        assertThat(TestProviders.classifier().classify(bytes).signature().orElseThrow().signingTime())
                .isEqualTo(providersTime);
    }

    @Test
    void aWrongKeystorePasswordIsAClearError() {
        Path p12 = TestPki.get().dir().resolve("pec.alpha.example.p12");

        assertThatThrownBy(() -> ProviderCredentials.fromPkcs12(p12, "wrong".toCharArray(), null))
                .isInstanceOf(KeystoreException.class).hasMessageContaining("password was incorrect");
    }

    @Test
    void aMissingKeystoreIsAClearError() {
        assertThatThrownBy(() -> ProviderCredentials.fromPkcs12(Path.of("nowhere.p12"),
                DemoPki.DEMO_PASSWORD.toCharArray(), null))
                .isInstanceOf(KeystoreException.class).hasMessageContaining("nowhere.p12");
    }

    @Test
    void anUnknownAliasIsAClearError() {
        Path p12 = TestPki.get().dir().resolve("pec.alpha.example.p12");

        assertThatThrownBy(() -> ProviderCredentials.fromPkcs12(p12, DemoPki.DEMO_PASSWORD.toCharArray(), "nope"))
                .isInstanceOf(KeystoreException.class).hasMessageContaining("\"nope\"");
    }

    @Test
    void theTrustStoreInPkcs12FormHoldsBothProvidersAndTheCa() throws Exception {
        TrustedProviders trust = TrustedProviders.fromPkcs12(TestPki.get().dir().resolve("trust.p12"),
                DemoPki.DEMO_PASSWORD.toCharArray());

        assertThat(trust.size()).isEqualTo(3);
        assertThat(trust.find(TestPki.get().beta().certificate())).isPresent();
        assertThat(trust.find(TestPki.get().rogue().certificate())).isEmpty();
    }
}
