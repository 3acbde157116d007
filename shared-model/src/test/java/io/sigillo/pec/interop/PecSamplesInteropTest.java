package io.sigillo.pec.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.daticert.DaticertSchema;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.testing.ExternalTool;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes one sample of every message type to {@code target/pec-samples/} for outside readers, and has
 * independent implementations check them: OpenSSL verifies each signature against the demo CA, xmllint
 * validates each daticert against the shipped XSD.
 */
class PecSamplesInteropTest {

    static final Path SAMPLES = Path.of("target", "pec-samples").toAbsolutePath();
    static final Path XSD = Path.of("target", "daticert.xsd").toAbsolutePath();
    static final Path CHECKS = Path.of("target", "interop-checks").toAbsolutePath();

    @BeforeAll
    static void writeSamples() throws IOException {
        Files.createDirectories(SAMPLES);
        Files.createDirectories(CHECKS);
        Files.copy(TestPki.get().caPem(), SAMPLES.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        for (Map.Entry<String, ProviderMessage> e : DemoMessages.all(DemoMessages.ACCEPTED_AT).entrySet()) {
            Files.write(SAMPLES.resolve(e.getKey() + ".eml"), TestProviders.sign(e.getValue()).bytes());
        }
        try (InputStream xsd = DaticertSchema.class.getResourceAsStream(DaticertSchema.RESOURCE)) {
            Files.copy(xsd, XSD, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Stream<Arguments> samples() {
        return DemoMessages.all(DemoMessages.ACCEPTED_AT).keySet().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}.eml")
    @MethodSource("samples")
    void opensslVerifiesTheSignatureAgainstTheDemoCa(String name) throws Exception {
        Path eml = SAMPLES.resolve(name + ".eml");
        Path content = Files.createTempFile("verified", ".mime");

        ExternalTool.Result result = ExternalTool.run("openssl", "cms", "-verify", "-in", eml.toString(),
                "-CAfile", SAMPLES.resolve("ca.pem").toString(), "-out", content.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Verification successful");
        assertThat(Files.readString(content)).contains("Content-Type: multipart/mixed");
    }

    @ParameterizedTest(name = "{0}.eml")
    @MethodSource("samples")
    void opensslRejectsTheSampleWhenOneByteOfTheSignedContentChanges(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(SAMPLES.resolve(name + ".eml"));
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Content-Type: multipart/mixed");
        bytes[at + "Content-Type: multipart/".length()] = 'M';
        Path tampered = Files.createTempFile("tampered", ".eml");
        Files.write(tampered, bytes);

        ExternalTool.Result result = ExternalTool.run("openssl", "cms", "-verify", "-in", tampered.toString(),
                "-CAfile", SAMPLES.resolve("ca.pem").toString(), "-out", "/dev/null");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @ParameterizedTest(name = "{0}.eml")
    @MethodSource("samples")
    void xmllintAcceptsTheDaticertAgainstTheShippedSchema(String name) throws Exception {
        byte[] daticert = daticertAsSent(SAMPLES.resolve(name + ".eml"));
        if (name.equals("errore")) {
            assertThat(daticert).as("the anomaly envelope has no daticert").isNull();
            return;
        }
        Path xml = CHECKS.resolve(name + ".daticert.xml");
        Files.write(xml, daticert);

        ExternalTool.Result result = ExternalTool.run("xmllint", "--noout", "--schema", XSD.toString(), xml.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("validates");
    }

    /** The daticert.xml bytes exactly as the message carries them, read with Jakarta Mail's own parser. */
    private static byte[] daticertAsSent(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            Multipart signed = (Multipart) message.getContent();
            Multipart mixed = (Multipart) signed.getBodyPart(0).getContent();
            for (int i = 0; i < mixed.getCount(); i++) {
                if ("daticert.xml".equals(mixed.getBodyPart(i).getFileName())) {
                    return mixed.getBodyPart(i).getInputStream().readAllBytes();
                }
            }
            return null;
        }
    }

    @ParameterizedTest(name = "{0}.eml")
    @MethodSource("samples")
    void anOrdinaryMailParserReadsTheSampleWithoutDefects(String name) throws Exception {
        Path script = CHECKS.resolve("mail_client_check.py");
        try (InputStream in = PecSamplesInteropTest.class.getResourceAsStream("/interop/mail_client_check.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }

        ExternalTool.Result result = ExternalTool.run("python3", script.toString(),
                SAMPLES.resolve(name + ".eml").toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("\"content_type\": \"multipart/signed\"")
                .contains("\"defects\": []").contains("smime.p7s");
        if (!name.equals("errore")) {
            assertThat(result.output()).contains("daticert.xml");
        }
        if (name.startsWith("posta-certificata") || name.equals("errore") || name.endsWith("completa")
                || name.endsWith("breve")) {
            assertThat(result.output()).contains("postacert.eml");
        }
    }

    @Test
    void xmllintRejectsADaticertThatBreaksTheSchema() throws Exception {
        Path xml = CHECKS.resolve("broken.daticert.xml");
        Files.writeString(xml, "<postacert tipo=\"accettazione\" errore=\"nessuno\"><intestazione>"
                + "<mittente>a@b.example</mittente></intestazione><dati/></postacert>");

        ExternalTool.Result result = ExternalTool.run("xmllint", "--noout", "--schema", XSD.toString(), xml.toString());

        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void everySampleNamedByTheIssueIsWritten() {
        assertThat(SAMPLES.resolve("ca.pem")).exists();
        for (String name : new String[] {"accettazione", "non-accettazione", "presa-in-carico",
                "avvenuta-consegna-completa", "avvenuta-consegna-breve", "avvenuta-consegna-sintetica",
                "errore-consegna", "preavviso-errore-consegna", "rilevazione-virus", "posta-certificata", "errore"}) {
            assertThat(SAMPLES.resolve(name + ".eml")).exists();
        }
    }

    @Test
    void samplesAreSignedByTheProviderThatIssuesThem() {
        SignedMessage receipt = TestProviders.sign(DemoMessages.all(DemoMessages.ACCEPTED_AT).get("avvenuta-consegna-completa"));
        var signer = TestProviders.classifier().classify(receipt.bytes()).signature().orElseThrow().signer();
        assertThat(signer.getSubjectX500Principal().getName()).contains("CN=pec.beta.example");
    }
}
