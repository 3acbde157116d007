package io.sigillo.pec.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.testing.TestProviders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeliveryReceiptBreveTest {

    @Test
    void breveKeepsTheBodyAndReplacesEachAttachmentWithItsSha256() throws Exception {
        var receipt = new DeliveryReceipt(DemoMessages.facts(), DemoMessages.BETA, DemoMessages.ACCEPTED_AT,
                "bob@pec.beta.example", ReceiptType.BREVE, DemoMessages.original());
        byte[] pdf = Base64.getDecoder().decode("JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKJSVFT0YK");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));

        OriginalMessage carried = TestProviders.classifier().classify(TestProviders.sign(receipt).bytes())
                .postacert().orElseThrow();
        String text = new String(carried.bytes(), StandardCharsets.UTF_8);

        assertThat(text).contains("Gentile Bob, in allegato la fattura.");
        assertThat(text).contains(sha + "  fattura.pdf").contains("filename=fattura.pdf.sha256");
        assertThat(text).doesNotContain("JVBERi0xLjQK");
        assertThat(carried.messageId()).isEqualTo("<original-1@client.example>");
    }

    @Test
    void sinteticaCarriesNoOriginal() {
        var receipt = new DeliveryReceipt(DemoMessages.facts(), DemoMessages.BETA, DemoMessages.ACCEPTED_AT,
                "bob@pec.beta.example", ReceiptType.SINTETICA, DemoMessages.original());

        assertThat(TestProviders.classifier().classify(TestProviders.sign(receipt).bytes()).postacert()).isEmpty();
    }

    @Test
    void completaCarriesTheOriginalByteForByte() {
        var receipt = new DeliveryReceipt(DemoMessages.facts(), DemoMessages.BETA, DemoMessages.ACCEPTED_AT,
                "bob@pec.beta.example", ReceiptType.COMPLETA, DemoMessages.original());

        assertThat(TestProviders.classifier().classify(TestProviders.sign(receipt).bytes()).postacert().orElseThrow()
                .bytes()).isEqualTo(DemoMessages.original().bytes());
    }
}
