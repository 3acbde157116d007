package io.sigillo.accesspoint;

import io.sigillo.infra.FakeClamd;
import io.sigillo.infra.FreePorts;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.LocalDns;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.sigillo.infra.TestClock;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the access point against the JVM's embedded Kafka and PostgreSQL, with a 1 MB limit, a clock tests can
 * move forward, and an index in which provider beta's mail host is {@link #BETA_MAIL_PORT} on loopback (a test
 * may listen there).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sigillo.submission.max-size=1MB", "sigillo.relay.poll-interval=100ms",
                "sigillo.relay.backoff-initial=100ms", "sigillo.relay.backoff-max=200ms",
                "sigillo.timers.sweep-interval=1h", "sigillo.sessions.key=" + AccessPointTestSupport.SESSION_KEY,
                "sigillo.admin.username=" + AccessPointTestSupport.OPERATOR, "sigillo.admin.password=ops-secret-1"})
@ExtendWith(InfrastructureAvailable.class)
@Import({TestClock.class, KafkaOutage.class})
public abstract class AccessPointTestSupport {

    /** The provider's session key in the tests (Base64), with which a test issues tokens as the delivery point does. */
    public static final String SESSION_KEY = "c2lnaWxsbyB0ZXN0cycgc2Vzc2lvbiBrZXksIDMyIGJ5dGVzIG9yIG1vcmU=";

    /** The delivery point's provisioning operator, whom the access point lets read the relay's queue. */
    public static final String OPERATOR = "ops";

    /** Where the test index says provider beta takes mail. */
    public static final int BETA_MAIL_PORT = freePort();

    /** Where the test index says this provider (alpha) takes mail: its own notices to its senders go there. */
    public static final int ALPHA_MAIL_PORT = freePort();

    /** The port of every MX host the test DNS names (a test may listen there). */
    public static final int EXTERNAL_MX_PORT = lowPort();

    /**
     * The DNS the relay asks for MX hosts, where dnsmasq is installed: {@code mail.example} has one MX host, {@code
     * fallback.example} a first one that refuses connections and a second that works, {@code plain.example} no MX
     * but an address, {@code nomail.example} a null MX, and any other name under {@code example} does not exist.
     */
    protected static final LocalDns DNS = LocalDns.available() ? LocalDns.start(dnsPort(), "example", List.of(
            "mx-host=mail.example,mx1.mail.example,10", "host-record=mx1.mail.example,127.0.0.1",
            "mx-host=fallback.example,down.fallback.example,10", "host-record=down.fallback.example,127.0.0.9",
            "mx-host=fallback.example,up.fallback.example,20", "host-record=up.fallback.example,127.0.0.1",
            "host-record=plain.example,127.0.0.1", "mx-host=nomail.example,.,0")) : null;

    /** The virus scanner the access point asks: it knows the EICAR test string. */
    private static final FakeClamd CLAMD = FakeClamd.start(0);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "access");
        registry.add("sigillo.index.path", AccessPointTestSupport::index);
        registry.add("sigillo.relay.trust-ca-path", () -> TestPki.get().caPem().toString());
        registry.add("sigillo.client-certificates.ca-path", () -> TestPki.get().clientCaPem().toString());
        registry.add("sigillo.virus.scanner", () -> "clamd");
        registry.add("sigillo.virus.clamd.port", CLAMD::port);
        if (DNS != null) {
            registry.add("sigillo.relay.dns-servers", () -> "127.0.0.1:" + DNS.port());
        }
        registry.add("sigillo.relay.mx-port", () -> String.valueOf(EXTERNAL_MX_PORT));
        registry.add("sigillo.submission.smtp.start-tls-port", () -> "0");
        registry.add("sigillo.submission.smtp.tls-port", () -> "0");
        registry.add("sigillo.submission.smtp.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.smtp.p12").toString());
        registry.add("sigillo.submission.smtp.keystore-password", () -> "sigillo-demo");
    }

    private static String index() {
        return TestPki.indexWithMailHosts(TestPki.get().dir(), Path.of("target", "access-point-index.ldif"),
                Map.of("pec.beta.example", "localhost:" + BETA_MAIL_PORT, "pec.alpha.example",
                        "localhost:" + ALPHA_MAIL_PORT)).toString();
    }

    /** A port free now, below the ephemeral ports, so that no outgoing connection takes it before its server. */
    private static int lowPort() {
        try {
            return FreePorts.take(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free for TCP (below the ephemeral ports) and for UDP, as dnsmasq takes both. */
    private static int dnsPort() {
        try {
            while (true) {
                int port = FreePorts.take(1);
                try (var udp = new java.net.DatagramSocket(port)) {
                    return port;
                } catch (java.net.SocketException taken) {
                    // Try another.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
