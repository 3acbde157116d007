package io.sigillo.pec.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.testing.ExternalTool;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A reproduction carries the original's facts and text unchanged, says what it is, and verifies anew. */
class ReceiptReproductionTest {

    /** Reproduced on 20 November (winter, so +0100) of the year before the tests' now. */
    private static final Instant REPRODUCED = TestTime.start().atZone(ZoneOffset.UTC).minusYears(1).withMonth(11)
            .withDayOfMonth(20).with(LocalTime.of(10, 0)).toInstant();
    private static final Instant ISSUED = REPRODUCED.minus(Duration.ofDays(263)).plusSeconds(8130);

    private final ReceiptReproduction reproduction = new ReceiptReproduction(
            TestPki.get().alphaSigner(Clock.fixed(REPRODUCED, ZoneOffset.UTC)), DemoMessages.ALPHA);

    @Test
    void aReproducedDeliveryReceiptHasTheSameDaticertTextAndOriginalAndIsMarked() throws Exception {
        SignedMessage original = TestProviders.sign(new DeliveryReceipt(DemoMessages.facts(), DemoMessages.ALPHA,
                ISSUED, "bob@pec.beta.example", ReceiptType.COMPLETA, DemoMessages.original()));
        Classification before = TestProviders.classifier().classify(original.bytes());

        byte[] copy = reproduce(original.bytes());

        Classification after = TestProviders.classifier().classify(copy);
        assertThat(after.outcome()).as(after.reason()).isEqualTo(Outcome.VALID);
        assertThat(after.type()).contains(PecType.DELIVERY);
        assertThat(after.daticert()).isEqualTo(before.daticert());
        assertThat(after.postacert().orElseThrow().bytes()).isEqualTo(DemoMessages.original().bytes());
        assertThat(after.headers().raw(PecHeaders.X_RIPRODUZIONE)).isEqualTo(original.messageId().asHeader());
        assertThat(after.headers().raw("Message-ID")).isNotEqualTo(original.messageId().asHeader());
        assertThat(after.headers().decoded("Subject")).isEqualTo(before.headers().decoded("Subject"));
        assertThat(after.headers().raw(PecHeaders.X_RIFERIMENTO_MESSAGE_ID))
                .isEqualTo(before.headers().raw(PecHeaders.X_RIFERIMENTO_MESSAGE_ID));
        String text = new String(copy, StandardCharsets.UTF_8);
        assertThat(text).contains("RIPRODUZIONE").contains("20/11/" + REPRODUCED.atZone(ZoneOffset.UTC).getYear() + " alle ore 11:00:00 (+0100)")
                // The original text part, still quoted-printable as issued.
                .contains(originalTextPart(original.bytes()));
    }

    @Test
    void openSslVerifiesTheReproduction() throws Exception {
        SignedMessage original = TestProviders.sign(new AcceptanceReceipt(DemoMessages.facts(), DemoMessages.ALPHA,
                ISSUED));
        Path file = Files.createTempFile("reproduction", ".eml");
        Files.write(file, reproduce(original.bytes()));

        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", TestPki.get().caPem().toString(), "-out", "/dev/null");

        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
    }

    /** The original's first text line as it travels (quoted-printable), to find it in the reproduction. */
    private static String originalTextPart(byte[] original) {
        String text = new String(original, StandardCharsets.UTF_8);
        int start = text.indexOf("Content-Type: text/plain; charset=UTF-8");
        int body = text.indexOf("\r\n\r\n", start) + 4;
        return text.substring(body, text.indexOf("\r\n", body));
    }

    /** The reproduction as the log stores it, written out whole. */
    private byte[] reproduce(byte[] original) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reproduction.reproduce(original, REPRODUCED, out);
        return out.toByteArray();
    }
}
