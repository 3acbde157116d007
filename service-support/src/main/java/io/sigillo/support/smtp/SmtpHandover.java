package io.sigillo.support.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Hands one message over to another mail server by SMTP (Angus Mail), byte for byte: a signed PEC message must
 * arrive exactly as signed, so nothing re-encodes or re-folds it on the way.
 */
public final class SmtpHandover {

    /**
     * How to talk to the other side.
     *
     * @param timeout      connect, read and write timeout
     * @param requireTls   refuse to send without STARTTLS
     * @param tls          the TLS socket factory (trusting the CAs the other providers' servers use)
     * @param heloName     the name this side announces in EHLO
     * @param verifyServer check that the server's certificate names the host connected to
     */
    public record Settings(Duration timeout, boolean requireTls, SSLSocketFactory tls, String heloName,
            boolean verifyServer) {

        /** Settings that verify the server, as between PEC providers. */
        public Settings(Duration timeout, boolean requireTls, SSLSocketFactory tls, String heloName) {
            this(timeout, requireTls, tls, heloName, true);
        }

        /**
         * Opportunistic TLS, as mail servers talk to each other on the Internet (RFC 7435): STARTTLS when offered,
         * any certificate accepted, and the message sent in the clear to a server that offers none.
         */
        public static Settings opportunistic(Duration timeout, String heloName) {
            return new Settings(timeout, false, SmtpTls.opportunisticSocketFactory(), heloName, false);
        }
    }

    /** How many mail sessions (one per host, port and sender) are kept for reuse, at most. */
    private static final int SESSIONS_KEPT = 1_000;

    private final Settings settings;
    // A mail session looks its providers up when it is made (a class-path search in a service's jar): made once per
    // host, port and sender, not once per connection. Sessions are immutable once made and shared between threads.
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SmtpHandover(Settings settings) {
        this.settings = settings;
    }

    /** Sends {@code message} to {@code host:port} for {@code rcptTo}; throws {@link HandoverFailed} when it is not taken. */
    public String send(String host, int port, String mailFrom, List<String> rcptTo, byte[] message)
            throws HandoverFailed {
        try (Connection connection = open(host, port, mailFrom)) {
            return connection.send(rcptTo, message);
        }
    }

    /**
     * Opens one SMTP session (and its TLS handshake) to {@code host:port}, for several messages from
     * {@code mailFrom}; throws {@link HandoverFailed} when the other side cannot be reached.
     */
    public Connection open(String host, int port, String mailFrom) throws HandoverFailed {
        Session session = session(host, port, mailFrom);
        try {
            Transport transport = session.getTransport("smtp");
            transport.connect();
            return new Connection(session, transport);
        } catch (MessagingException e) {
            throw new HandoverFailed(0, e.getMessage(), e);
        }
    }

    /** One open SMTP session: messages are handed over one after the other; closing it says QUIT. */
    public static final class Connection implements AutoCloseable {

        private final Session session;
        private final Transport transport;
        private boolean broken;

        private Connection(Session session, Transport transport) {
            this.session = session;
            this.transport = transport;
        }

        /**
         * Hands one message over for {@code rcptTo} and returns the server's answer; throws {@link HandoverFailed}
         * when it is not taken, after which this connection must not be used again.
         */
        public String send(List<String> rcptTo, byte[] message) throws HandoverFailed {
            return send(rcptTo, new ByteArrayInputStream(message));
        }

        /**
         * Hands over the message that {@code message} reads, as it reads it, like {@link #send(List, byte[])}; a
         * stream that fails midway (a body whose digest no longer matches) ends the session before the final dot, so
         * nothing is taken. The caller closes the stream.
         */
        public String send(List<String> rcptTo, InputStream message) throws HandoverFailed {
            if (broken) {
                throw new IllegalStateException("a failed hand-over leaves the session in an unknown state");
            }
            try {
                transport.sendMessage(new RawMessage(session, message), recipients(rcptTo));
                return ((org.eclipse.angus.mail.smtp.SMTPTransport) transport).getLastServerResponse();
            } catch (HandoverFailed e) {
                broken = true;
                throw e;
            } catch (SMTPSendFailedException e) {
                broken = true;
                throw new HandoverFailed(e.getReturnCode(), e.getMessage(), e);
            } catch (SendFailedException e) {
                broken = true;
                // A refused recipient comes nested: report the first refusal's code.
                for (Exception next = e.getNextException(); next != null;
                        next = next instanceof MessagingException m ? m.getNextException() : null) {
                    if (next instanceof SMTPAddressFailedException refused) {
                        throw new HandoverFailed(refused.getReturnCode(), refused.getMessage(), e);
                    }
                }
                throw new HandoverFailed(0, e.getMessage(), e);
            } catch (MessagingException e) {
                broken = true;
                // "IOException while sending message" alone would hide why: say what failed.
                Exception cause = e.getNextException();
                throw new HandoverFailed(0, cause == null ? e.getMessage() : e.getMessage() + ": "
                        + cause.getMessage(), e);
            } catch (RuntimeException e) {
                broken = true;
                throw e;
            }
        }

        /** False once a hand-over failed on it. */
        public boolean usable() {
            return !broken;
        }

        /**
         * True when the session can carry another message: no hand-over failed on it and the server still answers
         * (a NOOP; a session kept open between passes may have been closed by the other side meanwhile).
         */
        public boolean alive() {
            return !broken && transport.isConnected();
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (MessagingException e) {
                // The messages were answered already; a failed QUIT changes nothing.
            }
        }
    }

    private Session session(String host, int port, String mailFrom) {
        String key = host + ":" + port + " " + mailFrom;
        Session session = sessions.get(key);
        if (session == null) {
            if (sessions.size() >= SESSIONS_KEPT) {
                // Senders to many hosts and from many addresses (ordinary mail to the Internet): start again.
                sessions.clear();
            }
            session = sessions.computeIfAbsent(key, k -> Session.getInstance(properties(host, port, mailFrom)));
        }
        return session;
    }

    private Properties properties(String host, int port, String mailFrom) {
        Properties p = new Properties();
        String millis = String.valueOf(settings.timeout().toMillis());
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.from", mailFrom);
        p.put("mail.smtp.localhost", settings.heloName());
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", String.valueOf(settings.requireTls()));
        p.put("mail.smtp.ssl.checkserveridentity", String.valueOf(settings.verifyServer()));
        if (settings.tls() != null) {
            p.put("mail.smtp.ssl.socketFactory", settings.tls());
        }
        return p;
    }

    private static Address[] recipients(List<String> rcptTo) throws HandoverFailed {
        try {
            Address[] out = new Address[rcptTo.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new InternetAddress(rcptTo.get(i), true);
            }
            return out;
        } catch (AddressException e) {
            throw new HandoverFailed(553, "bad recipient address: " + e.getMessage(), e);
        }
    }

    /** A message that writes its stored bytes as they are. */
    private static final class RawMessage extends MimeMessage {

        private final InputStream bytes;

        RawMessage(Session session, InputStream bytes) {
            super(session);
            this.bytes = bytes;
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            writeTo(out);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try {
                bytes.transferTo(out);
            } catch (RuntimeException e) {
                // As an IOException the transport drops the connection before the final dot: nothing is taken.
                throw new IOException("the message could not be read: " + e.getMessage(), e);
            }
        }
    }
}
