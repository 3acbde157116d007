package io.sigillo.support.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;

/** What every SMTP server of Sigillo (incoming point, submission) sets the same way: limits, timeouts, names. */
public final class SmtpServers {

    /**
     * Where a server listens and what it calls itself.
     *
     * @param port         the port (0 for any free one)
     * @param hostName     the name in its greeting; the machine's when empty
     * @param bindAddress  the address it listens on; all when empty
     * @param bindProperty the setting that names the address, for an error about it
     * @param software     what it says it is
     */
    public record Listening(int port, String hostName, String bindAddress, String bindProperty, String software) {
    }

    /**
     * The limits of its transactions and sessions.
     *
     * @param sessions       limits sessions per client address and in time, and counts them
     * @param maxSize        the largest message, announced as SIZE
     * @param maxRecipients  the most RCPT TO per message
     * @param maxConnections sessions at once in all
     */
    public record Limits(SessionHandler sessions, long maxSize, int maxRecipients, int maxConnections) {
    }

    private SmtpServers() {
    }

    /** A server builder with these settings; the caller adds TLS and authentication. */
    public static SMTPServer.Builder builder(Listening listening, Limits limits, MessageHandlerFactory handlers) {
        SMTPServer.Builder builder = SMTPServer.port(listening.port())
                .messageHandlerFactory(handlers)
                .sessionHandler(limits.sessions())
                .maxMessageSize((int) Math.min(Integer.MAX_VALUE, limits.maxSize()))
                .maxRecipients(limits.maxRecipients())
                .maxConnections(limits.maxConnections())
                // Between two reads: a session's whole time is bounded apart (SmtpSessions).
                .connectionTimeout(2, TimeUnit.MINUTES)
                .softwareName(listening.software());
        if (listening.hostName() != null && !listening.hostName().isBlank()) {
            builder.hostName(listening.hostName());
        }
        if (listening.bindAddress() != null && !listening.bindAddress().isBlank()) {
            try {
                builder.bindAddress(InetAddress.getByName(listening.bindAddress()));
            } catch (IOException e) {
                throw new IllegalStateException(listening.bindProperty() + ": " + e.getMessage(), e);
            }
        }
        return builder;
    }
}
