package io.sigillo.support.virus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.FakeClamd;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The clamd INSTREAM client against a clamd stand-in that knows the EICAR test string. */
class ClamdScannerTest {

    private static FakeClamd clamd;
    private static ClamdScanner scanner;

    @BeforeAll
    static void start() {
        clamd = FakeClamd.start(0);
        scanner = new ClamdScanner("localhost", clamd.port(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        clamd.close();
    }

    private static byte[] messageWithAttachment(String content) {
        return ("From: a@x.example\r\nTo: b@y.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nciao\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII))
                + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aCleanMessageIsClean() throws Exception {
        assertThat(scanner.scan(messageWithAttachment("just a document")).infected()).isFalse();
    }

    @Test
    void theEicarStringInABase64AttachmentIsFoundAndNamed() throws Exception {
        VirusScanner.Verdict verdict = scanner.scan(messageWithAttachment(FakeClamd.EICAR));

        assertThat(verdict.infected()).isTrue();
        assertThat(verdict.finding()).isEqualTo("Eicar-Test-Signature");
    }

    @Test
    void aLargeMessageTravelsInChunks() throws Exception {
        byte[] big = new byte[300 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] eicar = FakeClamd.EICAR.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(eicar, 0, big, big.length - eicar.length, eicar.length);

        assertThat(scanner.scan(big).infected()).isTrue();
    }

    @Test
    void anUnreachableClamdGivesNoVerdictRatherThanClean() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ClamdScanner nowhere = new ClamdScanner("localhost", closed, Duration.ofSeconds(2));

        assertThatThrownBy(() -> nowhere.scan(new byte[] {1})).isInstanceOf(VirusScanner.ScannerUnavailable.class)
                .hasMessageContaining("did not answer");
    }
}
