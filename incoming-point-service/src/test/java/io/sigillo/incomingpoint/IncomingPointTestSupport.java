package io.sigillo.incomingpoint;

import io.sigillo.infra.FakeClamd;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestClock;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.smtp.SmtpTls;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the incoming point of pec.alpha.example against the JVM's embedded Kafka and PostgreSQL, with the demo
 * providers' index (alpha and beta) and its SMTP server on a free port with the demo TLS key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(InfrastructureAvailable.class)
@Import(TestClock.class)
public abstract class IncomingPointTestSupport {

    /** One TLS client for every stranger's session, so later handshakes resume earlier ones. */
    protected static final SSLSocketFactory STRANGER_TLS = SmtpTls.clientSocketFactory(TestPki.get().caPem());


    /** The virus scanner the incoming point asks: it knows the EICAR test string. */
    protected static final FakeClamd CLAMD = FakeClamd.start(0);

    /** An original whose attachment is the EICAR test string, base64-encoded as a mail client sends it. */
    protected static OriginalMessage infectedOriginal() {
        return OriginalMessage.of(("From: alice@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: fattura\r\nMessage-ID: <infected@client.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "in allegato\r\n--b\r\nContent-Type: application/octet-stream; name=\"fattura.com\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString(FakeClamd.EICAR.getBytes(StandardCharsets.US_ASCII))
                + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "incoming");
        registry.add("sigillo.index.path", () -> TestPki.get().dir().resolve("providers-index.ldif").toString());
        registry.add("sigillo.incoming.smtp.port", () -> "0");
        registry.add("sigillo.incoming.smtp.max-message-size", () -> "2MB");
        registry.add("sigillo.incoming.smtp.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.smtp.p12").toString());
        registry.add("sigillo.incoming.smtp.keystore-password", () -> "sigillo-demo");
        // As in production: nothing is taken before STARTTLS.
        registry.add("sigillo.incoming.smtp.require-tls", () -> "true");
        registry.add("sigillo.incoming.smtp.max-connections-per-client", () -> "4");
        // Production allows 30 minutes; the slow-sender test waits this long.
        registry.add("sigillo.incoming.smtp.max-session-time", () -> "6s");
        registry.add("sigillo.virus.scanner", () -> "clamd");
        registry.add("sigillo.virus.clamd.port", CLAMD::port);
    }
}
