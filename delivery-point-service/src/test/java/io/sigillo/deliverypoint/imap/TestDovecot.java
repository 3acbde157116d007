package io.sigillo.deliverypoint.imap;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.DovecotServer;
import io.sigillo.infra.FreePorts;
import io.sigillo.pec.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;

/** One Dovecot for the test JVM, asking the delivery point on {@code port} who may log in. */
public final class TestDovecot {

    static final String MASTER = "sigillo-delivery";
    static final String MASTER_PASSWORD = UUID.randomUUID().toString();
    /** Its first port (IMAP), reserved when the class loads so that a test context can name IMAPS (the next). */
    static final int FIRST_PORT = reservePorts();
    private static DovecotServer dovecot;

    private TestDovecot() {
    }

    /** The JVM's Dovecot, started at the first call; every test context of the module has the same port. */
    public static synchronized DovecotServer forDeliveryPointOn(int port) {
        if (dovecot == null) {
            int first = FIRST_PORT;
            dovecot = DovecotServer.start(new DovecotServer.Settings("sigillo-test-" + first,
                    Path.of("target", "dovecot-" + first), first, first + 1, first + 2, first + 3,
                    TestPki.get().dir().resolve("pec.alpha.example.smtp.p12"), "sigillo-demo",
                    "http://127.0.0.1:" + port, DeliveryPointTestSupport.DOVECOT_KEY, MASTER, MASTER_PASSWORD,
                    TestPki.get().clientCaPem()));
        }
        return dovecot;
    }

    /** The delivery point's settings for it. */
    static DovecotProperties properties() {
        return new DovecotProperties(DeliveryPointTestSupport.DOVECOT_KEY, "localhost", FIRST_PORT + 1, MASTER,
                MASTER_PASSWORD, TestPki.get().caPem().toString(), null);
    }

    private static int reservePorts() {
        try {
            return FreePorts.take(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
