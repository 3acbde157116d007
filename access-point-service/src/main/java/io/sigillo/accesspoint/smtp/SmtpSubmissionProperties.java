package io.sigillo.accesspoint.smtp;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * SMTP submission for mail clients (RFC 6409): the same checks and limits as the REST submission
 * ({@code sigillo.submission}), behind TLS and a login.
 *
 * @param enabled                 false to offer only the REST submission
 * @param startTlsPort            the submission port, where STARTTLS comes before AUTH (1587, published as 587; 0 for
 *                                any free port)
 * @param tlsPort                 the port of implicit TLS (1465, published as 465, RFC 8314; 0 for any free port)
 * @param bindAddress             the address to listen on; all when empty
 * @param hostName                the name announced in the greeting; the machine's name when empty
 * @param keystorePath            PKCS#12 with the TLS key and certificate: without it nothing is listened on, since
 *                                a password may travel only encrypted
 * @param keystorePassword        its password
 * @param maxConnectionsPerClient sessions open at once from one client address (20)
 * @param maxConnections          sessions open at once in all (500)
 * @param maxSessionTime          how long one session may last, however busy (30 minutes)
 * @param memory                  bytes of submitted messages checked at once (256 MB): each is held whole
 * @param spoolSpace              bytes of DATA spooled to temporary files at once (384 MB)
 */
@ConfigurationProperties("sigillo.submission.smtp")
@Validated
public record SmtpSubmissionProperties(boolean enabled, @Min(0) @Max(65535) int startTlsPort,
        @Min(0) @Max(65535) int tlsPort, String bindAddress, String hostName, String keystorePath,
        String keystorePassword, @Min(0) int maxConnectionsPerClient, @Min(0) int maxConnections,
        Duration maxSessionTime, DataSize memory, DataSize spoolSpace) {

    public SmtpSubmissionProperties {
        maxConnectionsPerClient = maxConnectionsPerClient == 0 ? 20 : maxConnectionsPerClient;
        maxConnections = maxConnections == 0 ? 500 : maxConnections;
        maxSessionTime = maxSessionTime == null ? Duration.ofMinutes(30) : maxSessionTime;
        memory = memory == null ? DataSize.ofMegabytes(256) : memory;
        spoolSpace = spoolSpace == null ? DataSize.ofMegabytes(384) : spoolSpace;
    }
}
