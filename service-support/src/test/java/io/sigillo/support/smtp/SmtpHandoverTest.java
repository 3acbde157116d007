package io.sigillo.support.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

class SmtpHandoverTest {

    @Test
    void eachHandOverReachesTheHostItWasOpenedForAndNamesItsOwnSender() throws Exception {
        try (MailHost first = new MailHost(); MailHost second = new MailHost()) {
            SmtpHandover handover = new SmtpHandover(new SmtpHandover.Settings(Duration.ofSeconds(10), false, null,
                    "smtp.test.example"));

            handover.send("localhost", first.port(), "a@one.example", List.of("x@first.example"), message("1"));
            handover.send("localhost", first.port(), "b@two.example", List.of("y@first.example"), message("2"));
            handover.send("localhost", second.port(), "a@one.example", List.of("z@second.example"), message("3"));
            try (SmtpHandover.Connection again = handover.open("localhost", first.port(), "a@one.example")) {
                again.send(List.of("v@first.example"), message("4"));
                again.send(List.of("w@first.example"), message("5"));
            }

            assertThat(first.received).containsExactly("a@one.example x@first.example 1",
                    "b@two.example y@first.example 2", "a@one.example v@first.example 4",
                    "a@one.example w@first.example 5");
            assertThat(second.received).containsExactly("a@one.example z@second.example 3");
        }
    }

    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A plain SMTP server that notes each message's sender, recipient and text. */
    private static final class MailHost implements AutoCloseable {

        final List<String> received = new CopyOnWriteArrayList<>();
        private final SMTPServer server = SMTPServer.port(0).hostName("localhost").insertReceivedHeaders(false)
                .messageHandlerFactory(this::handler).build();

        MailHost() {
            server.start();
        }

        int port() {
            return server.getPortAllocated();
        }

        private MessageHandler handler(MessageContext context) {
            return new MessageHandler() {
                private String from;
                private String to;

                @Override
                public void from(String from) {
                    this.from = from;
                }

                @Override
                public void recipient(String recipient) {
                    to = recipient;
                }

                @Override
                public String data(InputStream data) throws IOException {
                    String text = new String(data.readAllBytes(), StandardCharsets.US_ASCII);
                    received.add(from + " " + to + " " + text.substring(text.indexOf("\r\n\r\n") + 4).trim());
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
}
