package io.sigillo.accesspoint.relay;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outbound relay's settings ({@code sigillo.relay.*}).
 *
 * @param enabled        false to keep the outbox without sending (maintenance)
 * @param pollInterval   how often due retries (and rows another instance left) are looked for; new rows wake the
 *                       relay at once
 * @param batchSize      how many due messages one poll takes
 * @param timeout        SMTP connect, read and write timeout
 * @param requireTls     refuse to hand over without STARTTLS (the rules want encrypted channels)
 * @param trustCaPath    a PEM file of extra CAs for the other providers' SMTP certificates (demo CA locally)
 * @param heloName       the name announced in EHLO
 * @param backoffInitial the wait after the first failed attempt; doubled after each further one
 * @param backoffMax     the longest wait between attempts
 * @param giveUpAfter    how long a message is retried before it is marked failed (the 24-hour timer has
 *                       told the sender by then)
 * @param lease          how long a taken message is hidden from other relay instances while being sent
 * @param externalHost   {@code host:port} of a smarthost for ordinary e-mail to external recipients; without one,
 *                       the relay delivers it itself to the recipients' domains' MX hosts
 * @param sessions       how many SMTP sessions a pass holds open at once to one mail host: each hand-over waits
 *                       for the other provider's verdict, so one session caps a provider at the rate of one
 *                       verdict after another (the messages of one PEC message share a session, in order)
 * @param keepAlive      how long a session stays open after its last hand-over, for the next pass to use instead
 *                       of a new connection and TLS handshake (zero: closed after each pass)
 * @param dnsServers     the DNS servers ({@code host} or {@code host:port}) asked for MX hosts; the system's
 *                       resolvers when empty
 * @param mxPort         the port of MX hosts (25; another only for tests and networks that redirect it)
 * @param externalGiveUpAfter how long ordinary mail is retried before the sender is told it failed (5 days, as
 *                       RFC 5321 section 4.5.4.1 suggests)
 */
@ConfigurationProperties("sigillo.relay")
public record RelayProperties(Boolean enabled, Duration pollInterval, Integer batchSize, Duration timeout,
        Boolean requireTls, String trustCaPath, String heloName, Duration backoffInitial, Duration backoffMax,
        Duration giveUpAfter, Duration lease, String externalHost, Integer sessions, Duration keepAlive,
        List<String> dnsServers, Integer mxPort, Duration externalGiveUpAfter) {

    public RelayProperties {
        enabled = enabled == null || enabled;
        pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
        batchSize = batchSize == null ? 20 : batchSize;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        requireTls = requireTls == null || requireTls;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(30) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofMinutes(30) : backoffMax;
        giveUpAfter = giveUpAfter == null ? Duration.ofHours(24) : giveUpAfter;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        sessions = sessions == null ? 4 : sessions;
        // Below the minute after which a server may drop an idle SMTP session (RFC 5321 asks it to wait five).
        keepAlive = keepAlive == null ? Duration.ofSeconds(30) : keepAlive;
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        mxPort = mxPort == null ? 25 : mxPort;
        externalGiveUpAfter = externalGiveUpAfter == null ? Duration.ofDays(5) : externalGiveUpAfter;
        if (sessions < 1) {
            throw new IllegalArgumentException("sigillo.relay.sessions must be at least 1, not " + sessions);
        }
    }

    /** The wait before attempt {@code attempts + 1}: exponential from the initial wait, capped. */
    public Duration backoff(int attempts) {
        Duration wait = backoffInitial;
        for (int i = 1; i < attempts && wait.compareTo(backoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }
}
