package io.sigillo.pec.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestProviders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LargeOriginalTest {

    @Test
    void aTwentyMegabyteOriginalIsWrappedSignedAndVerifiedByteForByte() {
        byte[] attachment = new byte[15 * 1024 * 1024];
        new Random(42).nextBytes(attachment);
        String eml = "From: alice@pec.alpha.example\r\nTo: bob@pec.beta.example\r\nSubject: grande\r\n"
                + "Message-ID: <big@client.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nciao\r\n"
                + "--b\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
        OriginalMessage original = OriginalMessage.of(eml.getBytes(StandardCharsets.US_ASCII));
        assertThat(original.size()).isGreaterThan(20 * 1000 * 1000);

        SignedMessage envelope = TestProviders.sign(new TransportEnvelope(DemoMessages.facts(), DemoMessages.ALPHA,
                DemoMessages.ACCEPTED_AT, original));
        Classification c = TestProviders.classifier().classify(envelope.bytes());

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.postacert().orElseThrow().bytes()).isEqualTo(original.bytes());
    }
}
