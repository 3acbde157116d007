package io.sigillo.pec.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.testing.TestProviders;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LargeOriginalTest {

    @Test
    void aTwentyMegabyteOriginalIsWrappedSignedAndVerifiedByteForByte() throws Exception {
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

        TransportEnvelope message = new TransportEnvelope(DemoMessages.facts(), DemoMessages.ALPHA,
                DemoMessages.ACCEPTED_AT, original);
        ProviderMessageComposer composer = TestProviders.composerFor(DemoMessages.ALPHA);
        PecClassifier classifier = TestProviders.classifier();
        SignedMessage envelope = TestProviders.sign(message);

        long before = allocatedByThisThread();
        composer.compose(message, OutputStream.nullOutputStream());
        long composing = allocatedByThisThread() - before;
        before = allocatedByThisThread();
        Classification c = classifier.classify(envelope.bytes());
        long classifying = allocatedByThisThread() - before;

        assertThat(c.outcome()).as(c.reason()).isEqualTo(Outcome.VALID);
        assertThat(c.postacert().orElseThrow().bytes()).isEqualTo(original.bytes());
        // Streamed and read in place: neither holds a second copy of the message (it took seven to classify once).
        assertThat(composing).as("bytes allocated to compose and sign").isLessThan(original.size() / 10);
        assertThat(classifying).as("bytes allocated to verify and classify").isLessThan(original.size() / 10);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
