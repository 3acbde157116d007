package io.sigillo.incomingpoint;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The incoming point's settings.
 *
 * @param smtp the SMTP server other providers hand mail to
 */
@ConfigurationProperties("sigillo.incoming")
@Validated
public record IncomingPointProperties(@Valid Smtp smtp) {

    public IncomingPointProperties {
        smtp = smtp == null ? new Smtp(true, 2525, null, null, null, 500, null, null, false, 20) : smtp;
    }

    /**
     * The SMTP server.
     *
     * @param enabled          false to receive only from Kafka (tests of the Kafka path)
     * @param port             the port (25 in production behind a load balancer, 2525 locally)
     * @param bindAddress      the address to listen on; all when empty
     * @param hostName         the name announced in the greeting; the machine's name when empty
     * @param maxMessageSize   the largest message accepted, announced as SIZE (the rules allow 100 MB per message)
     * @param maxRecipients    the most RCPT TO per message
     * @param keystorePath     PKCS#12 with the TLS key and certificate: STARTTLS is offered when set
     * @param keystorePassword its password
     * @param requireTls       true in production: mail is taken only after STARTTLS, and the service does not start
     *                         without a keystore (ADR 0021)
     * @param maxConnectionsPerClient sessions open at once from one client address (20): one sender cannot take
     *                         every connection from the other providers (421 beyond it)
     */
    public record Smtp(boolean enabled, @Min(0) @Max(65535) int port, String bindAddress, String hostName,
            DataSize maxMessageSize, @Min(1) int maxRecipients, String keystorePath, String keystorePassword,
            boolean requireTls, @Min(0) int maxConnectionsPerClient) {

        public Smtp {
            maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(100) : maxMessageSize;
            maxRecipients = maxRecipients == 0 ? 500 : maxRecipients;
            maxConnectionsPerClient = maxConnectionsPerClient == 0 ? 20 : maxConnectionsPerClient;
        }
    }
}
