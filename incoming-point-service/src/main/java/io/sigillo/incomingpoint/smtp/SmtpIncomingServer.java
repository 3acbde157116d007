package io.sigillo.incomingpoint.smtp;

import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.incomingpoint.reception.IncomingPoint;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.smtp.SmtpServers;
import io.sigillo.support.smtp.SmtpSessions;
import io.sigillo.support.smtp.SmtpTls;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The incoming point's SMTP server (SubEtha SMTP): other providers hand it envelopes and receipts. It announces
 * its size limit (EHLO SIZE), offers STARTTLS when a TLS keystore is configured (and requires it in production),
 * limits sessions in all, per client address and in time, and starts after the rest of the service so that
 * nothing is accepted before it can be stored.
 */
@Component
public class SmtpIncomingServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpIncomingServer.class);

    private final IncomingPointProperties.Smtp settings;
    private final DurableReception reception;
    private final SmtpSessions sessions;
    private SMTPServer server;

    public SmtpIncomingServer(IncomingPointProperties properties, BlobStore blobs, IncomingPoint incomingPoint,
            LocalProvider provider, Clock clock, MeterRegistry meters) {
        this.settings = properties.smtp();
        this.reception = new DurableReception(blobs, incomingPoint, provider, clock, settings, meters);
        this.sessions = new SmtpSessions(meters, settings.maxConnectionsPerClient(), settings.maxSessionTime());
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled()) {
            return;
        }
        SMTPServer.Builder builder = SmtpServers.builder(new SmtpServers.Listening(settings.port(),
                        settings.hostName(), settings.bindAddress(), "sigillo.incoming.smtp.bind-address",
                        "Sigillo PEC incoming point"),
                new SmtpServers.Limits(sessions, settings.maxMessageSize().toBytes(), settings.maxRecipients(),
                        settings.maxConnections()), reception);
        if (settings.keystorePath() != null && !settings.keystorePath().isBlank()) {
            builder.enableTLS().startTlsSocketFactory(SmtpTls.serverContext(Path.of(settings.keystorePath()),
                    settings.keystorePassword() == null ? new char[0] : settings.keystorePassword().toCharArray()),
                    false);
            // Before STARTTLS only EHLO, STARTTLS, NOOP, RSET and QUIT are answered (RFC 3207's 530).
            builder.requireTLS(settings.requireTls());
        } else if (settings.requireTls()) {
            throw new IllegalStateException("sigillo.incoming.smtp.require-tls is set but there is no "
                    + "sigillo.incoming.smtp.keystore-path: the rules want encrypted channels between providers");
        } else {
            LOG.warn("SMTP without STARTTLS: set sigillo.incoming.smtp.keystore-path; the rules want encrypted "
                    + "channels between providers");
        }
        server = builder.build();
        server.start();
        LOG.info("SMTP incoming point listening on port {}", server.getPortAllocated());
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        sessions.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** After the rest of the service (default phase), so nothing is answered 250 that could not be published. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** The port actually listened on (useful with port 0), or -1 when not running. */
    public synchronized int port() {
        return server == null ? -1 : server.getPortAllocated();
    }
}
