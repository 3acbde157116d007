package io.sigillo.accesspoint.smtp;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.accesspoint.accounts.CredentialUses;
import io.sigillo.accesspoint.submission.AccessPoint;
import io.sigillo.accesspoint.submission.RetriedSubmissions;
import io.sigillo.accesspoint.submission.SubmissionProperties;
import io.sigillo.support.certificates.TrustedClientCas;
import io.sigillo.support.smtp.SmtpServers;
import io.sigillo.support.smtp.SmtpSessions;
import io.sigillo.support.smtp.SmtpTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * SMTP submission for mail clients (SubEtha SMTP): port 587 with STARTTLS before AUTH, and port 465 with implicit
 * TLS (RFC 8314). AUTH PLAIN and LOGIN, only ever over TLS, and EXTERNAL by a client certificate when the provider
 * accepts them (ADR 0028); nothing is taken without a login. Starts after the rest
 * of the service, so that nothing is answered 250 that could not be announced.
 */
@Component
public class SmtpSubmissionServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSubmissionServer.class);

    private final SmtpSubmissionProperties settings;
    private final SmtpSubmissions submissions;
    private final MailClientLogins logins;
    private final CertificateLogins certificateLogins;
    private final TrustedClientCas clientCas;
    private final SmtpSessions sessions;
    private final int maxRecipients;
    private final long maxSize;
    private final List<SMTPServer> servers = new ArrayList<>();

    public SmtpSubmissionServer(SmtpSubmissionProperties settings, SubmissionProperties limits,
            AccessPoint accessPoint, RetriedSubmissions retries, MailClientLogins logins, Accounts accounts,
            CredentialUses uses, TrustedClientCas clientCas, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.submissions = new SmtpSubmissions(accessPoint, retries, limits, settings, meters);
        this.logins = logins;
        this.certificateLogins = new CertificateLogins(new EasyAuthenticationHandlerFactory(logins), accounts, uses,
                clock);
        this.clientCas = clientCas;
        this.sessions = new SmtpSessions(meters, settings.maxConnectionsPerClient(), settings.maxSessionTime());
        this.maxRecipients = limits.maxRecipients();
        this.maxSize = limits.maxSize().toBytes();
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled()) {
            return;
        }
        if (settings.keystorePath() == null || settings.keystorePath().isBlank()) {
            LOG.warn("No SMTP submission: set sigillo.submission.smtp.keystore-path, as mail clients may log in "
                    + "only over TLS");
            return;
        }
        Path keystore = Path.of(settings.keystorePath());
        char[] password = settings.keystorePassword() == null ? new char[0] : settings.keystorePassword().toCharArray();
        // With client certificates the handshake asks for one issued by the trusted CAs, and goes on without.
        boolean askForCertificate = clientCas.enabled();
        SSLContext tls = askForCertificate ? clientCas.serverContext(keystore, password)
                : SmtpTls.serverContext(keystore, password);
        // Before STARTTLS only EHLO, STARTTLS, NOOP, RSET and QUIT are answered (RFC 3207's 530), AUTH included.
        servers.add(start(builder(settings.startTlsPort()).enableTLS().startTlsSocketFactory(plain -> {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                    plain.getInetAddress().getHostAddress(), plain.getPort(), true);
            socket.setUseClientMode(false);
            socket.setWantClientAuth(askForCertificate);
            return socket;
        }).requireTLS(), "STARTTLS"));
        // The whole session is encrypted: AUTH is offered from the first EHLO.
        servers.add(start(builder(settings.tlsPort()).serverSocketFactory(() -> {
            SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            socket.setWantClientAuth(askForCertificate);
            return socket;
        }).showAuthCapabilitiesBeforeSTARTTLS(true), "implicit TLS"));
    }

    private SMTPServer.Builder builder(int port) {
        return SmtpServers.builder(new SmtpServers.Listening(port, settings.hostName(), settings.bindAddress(),
                        "sigillo.submission.smtp.bind-address", "Sigillo PEC submission"),
                new SmtpServers.Limits(clientCas.enabled() ? certificateLogins.noting(sessions) : sessions, maxSize,
                        maxRecipients, settings.maxConnections()), submissions)
                .authenticationHandlerFactory(clientCas.enabled() ? certificateLogins
                        : new EasyAuthenticationHandlerFactory(logins))
                .requireAuth();
    }

    private static SMTPServer start(SMTPServer.Builder builder, String kind) {
        SMTPServer server = builder.build();
        server.start();
        LOG.info("SMTP submission ({}) listening on port {}", kind, server.getPortAllocated());
        return server;
    }

    @Override
    public synchronized void stop() {
        servers.forEach(SMTPServer::stop);
        servers.clear();
        sessions.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return !servers.isEmpty();
    }

    /** After the rest of the service (default phase), so nothing is answered 250 that could not be announced. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** The STARTTLS port listened on (useful with port 0), or -1 when not running. */
    public synchronized int startTlsPort() {
        return servers.isEmpty() ? -1 : servers.get(0).getPortAllocated();
    }

    /** The implicit TLS port listened on, or -1 when not running. */
    public synchronized int tlsPort() {
        return servers.isEmpty() ? -1 : servers.get(1).getPortAllocated();
    }
}
