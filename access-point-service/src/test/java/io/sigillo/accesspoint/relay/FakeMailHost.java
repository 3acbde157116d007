package io.sigillo.accesspoint.relay;

import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.smtp.SmtpTls;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Another provider's mail host as the relay sees it: SMTP with STARTTLS (the demo beta TLS key), recording what
 * it takes, and told to answer 451 or 550 to the next messages when a test wants a failure.
 */
final class FakeMailHost implements AutoCloseable {

    /** One message taken, and the client's address and port: which connection it came over. */
    record Received(String mailFrom, List<String> rcptTo, byte[] data, String connection) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger temporaryFailures = new AtomicInteger();
    private final AtomicInteger permanentFailures = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile Duration verdictTime = Duration.ZERO;
    private final SMTPServer server;

    FakeMailHost(int port) throws Exception {
        this(port, null);
    }

    /** Listening on {@code address} only (all of them when null), so that another loopback address refuses. */
    FakeMailHost(int port, java.net.InetAddress address) throws Exception {
        server = SMTPServer.port(port).bindAddress(java.util.Optional.ofNullable(address)).hostName("localhost").insertReceivedHeaders(false).messageHandlerFactory(this::handler)
                .enableTLS().requireTLS().startTlsSocketFactory(SmtpTls.serverContext(
                        TestPki.get().dir().resolve("pec.beta.example.smtp.p12"), "sigillo-demo".toCharArray()), false).build();
        server.start();
    }

    int port() {
        return server.getPortAllocated();
    }

    List<Received> received() {
        return received;
    }

    /** The next {@code n} messages get 451. */
    void failTemporarily(int n) {
        temporaryFailures.set(n);
    }

    /** Each message is answered only after {@code time}, as a provider that verifies before its 250. */
    void takeTimeToAnswer(Duration time) {
        verdictTime = time;
    }

    /** The most messages it was taking at the same moment, over separate sessions. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    /** The next {@code n} messages get 550. */
    void failPermanently(int n) {
        permanentFailures.set(n);
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private String from;
            private final List<String> to = new ArrayList<>();

            @Override
            public void from(String from) {
                this.from = from;
            }

            @Override
            public void recipient(String recipient) {
                to.add(recipient);
            }

            @Override
            public String data(InputStream data) throws RejectException, IOException {
                byte[] bytes = data.readAllBytes();
                mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(verdictTime.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
                if (permanentFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new RejectException(550, "5.7.1 refused by the test");
                }
                if (temporaryFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new RejectException(451, "4.3.0 try later, says the test");
                }
                received.add(new Received(from, List.copyOf(to), bytes, context.getRemoteAddress().toString()));
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
