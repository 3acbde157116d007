package io.sigillo.incomingpoint;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The incoming point's settings.
 *
 * @param smtp       the SMTP server other providers hand mail to
 * @param revocation whether signing certificates are checked against their issuers' CRLs
 * @param receipts   which receipts from other providers this provider waits for
 */
@ConfigurationProperties("sigillo.incoming")
@Validated
public record IncomingPointProperties(@Valid Smtp smtp, Revocation revocation, Receipts receipts) {

    public IncomingPointProperties {
        revocation = revocation == null ? new Revocation(false, null) : revocation;
        receipts = receipts == null ? new Receipts(null, null) : receipts;
        smtp = smtp == null
                ? new Smtp(true, 2525, null, null, null, 500, null, null, false, 0, 0, 0, null, null, null) : smtp;
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
     * @param maxConnections   sessions open at once in all (1000)
     * @param maxLineLength    the longest line of a message, without its CR LF (998, RFC 5321 4.5.3.1.6): longer is
     *                         refused with 500
     * @param maxSessionTime   how long one session may last, however busy (30 minutes: 100 MB at 1 Mbit/s takes 14);
     *                         a sender that trickles cannot hold a connection for ever
     * @param verificationMemory bytes of arrived messages verified at once (256 MB): the classifier holds each whole
     * @param spoolSpace       bytes of DATA spooled to temporary files at once (384 MB, under the 512 MiB the
     *                         manifests give /tmp): beyond it a transaction is answered 452 and retried
     */
    public record Smtp(boolean enabled, @Min(0) @Max(65535) int port, String bindAddress, String hostName,
            DataSize maxMessageSize, @Min(1) int maxRecipients, String keystorePath, String keystorePassword,
            boolean requireTls, @Min(0) int maxConnectionsPerClient, @Min(0) int maxConnections,
            @Min(0) int maxLineLength, Duration maxSessionTime, DataSize verificationMemory, DataSize spoolSpace) {

        public Smtp {
            maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(100) : maxMessageSize;
            maxRecipients = maxRecipients == 0 ? 500 : maxRecipients;
            maxConnectionsPerClient = maxConnectionsPerClient == 0 ? 20 : maxConnectionsPerClient;
            maxConnections = maxConnections == 0 ? 1000 : maxConnections;
            maxLineLength = maxLineLength == 0 ? 998 : maxLineLength;
            maxSessionTime = maxSessionTime == null ? Duration.ofMinutes(30) : maxSessionTime;
            verificationMemory = verificationMemory == null ? DataSize.ofMegabytes(256) : verificationMemory;
            spoolSpace = spoolSpace == null ? DataSize.ofMegabytes(384) : spoolSpace;
        }
    }

    /**
     * Revocation of the providers' signing certificates (ADR 0021): off unless the provider enables it.
     *
     * @param enabled     true to check each arrival's signer against the CRL its certificate names
     * @param issuersPath PEM file of the CAs that issue providers' signing certificates: a CRL counts only when one
     *                    of them signed it
     */
    public record Revocation(boolean enabled, String issuersPath) {

        public Revocation {
            if (enabled && (issuersPath == null || issuersPath.isBlank())) {
                throw new IllegalArgumentException("sigillo.incoming.revocation.enabled needs "
                        + "sigillo.incoming.revocation.issuers-path: the CAs whose CRLs are trusted");
            }
        }
    }

    /**
     * The receipts other providers send about this provider's messages (ADR 0021).
     *
     * @param expectedFor how long after its envelope a receipt is still taken (30 days; the rules' clocks end after
     *                    24 hours): older ones reach the sender only as an anomaly
     * @param grace       how long a receipt about a message not known here is answered 451, as the envelope's
     *                    announcement may still be on its way to this point (1 hour); then it is an anomaly
     */
    public record Receipts(Duration expectedFor, Duration grace) {

        public Receipts {
            expectedFor = expectedFor == null ? Duration.ofDays(30) : expectedFor;
            grace = grace == null ? Duration.ofHours(1) : grace;
        }
    }
}
