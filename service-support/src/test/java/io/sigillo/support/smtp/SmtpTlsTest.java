package io.sigillo.support.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.pec.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpTlsTest {

    @Test
    void aMissingExtraCaFileLeavesTheJdkCasAndAnUnreadableOneIsAnError(@TempDir Path dir) throws Exception {
        assertThat(SmtpTls.clientSocketFactory(dir.resolve("never-created.pem"))).isNotNull();

        Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        assertThatThrownBy(() -> SmtpTls.clientSocketFactory(broken)).hasMessageContaining("broken.pem");
    }

    @Test
    void aServerNameIsCheckedInPlaceOfTheHostDialled() throws Exception {
        Path keystore = TestPki.get().dir().resolve("pec.alpha.example.smtp.p12");
        SSLServerSocket server = (SSLServerSocket) SmtpTls.serverContext(keystore, "sigillo-demo".toCharArray())
                .getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                } catch (IOException e) {
                    // The client refused the certificate, or the server closed.
                }
            }
        });
        accepting.start();
        try {
            // The certificate names localhost; the host dialled is a name it does not carry.
            assertThat(handshake(SmtpTls.clientSocketFactory(TestPki.get().caPem(), "localhost"), server)).isTrue();
            assertThat(handshake(SmtpTls.clientSocketFactory(TestPki.get().caPem(), "dovecot.example"), server))
                    .isFalse();
        } finally {
            server.close();
            accepting.join(5000);
        }
    }

    private static boolean handshake(SSLSocketFactory factory, SSLServerSocket server) throws IOException {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, "not-in-the-certificate.example",
                server.getLocalPort(), true)) {
            tls.startHandshake();
            return true;
        } catch (SSLHandshakeException refused) {
            return false;
        }
    }
}
