package io.sigillo.accesspoint.relay;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.smtp.HandoverFailed;
import io.sigillo.support.smtp.SmtpHandover;
import io.sigillo.support.smtp.SmtpTls;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the outbox to the other mail servers: each due message over SMTP, byte for byte; a temporary failure
 * (4xx, no answer, TLS trouble) is retried with exponential backoff until {@code give-up-after}, a permanent one
 * (5xx) is recorded at once. Every hand-over and every failure goes to the log. Several instances can run: each
 * takes its rows under a lease.
 */
@Component
public class OutboundRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundRelay.class);

    private final Outbox outbox;
    private final BlobStore blobs;
    private final AuditPublisher audit;
    private final LocalProvider provider;
    private final RelayProperties properties;
    private final SmtpHandover handover;
    private final Clock clock;

    public OutboundRelay(Outbox outbox, BlobStore blobs, AuditPublisher audit, LocalProvider provider,
            RelayProperties properties, Clock clock) {
        this.outbox = outbox;
        this.blobs = blobs;
        this.audit = audit;
        this.provider = provider;
        this.properties = properties;
        this.clock = clock;
        this.handover = new SmtpHandover(new SmtpHandover.Settings(properties.timeout(), properties.requireTls(),
                SmtpTls.clientSocketFactory(properties.trustCaPath() == null || properties.trustCaPath().isBlank() ? null
                        : Path.of(properties.trustCaPath())),
                properties.heloName() == null ? "smtp." + provider.domain() : properties.heloName()));
    }

    /** One pass over the due messages; scheduled, and callable from tests. */
    @Scheduled(fixedDelayString = "${sigillo.relay.poll-interval:1s}")
    public void relayDue() {
        if (!properties.enabled()) {
            return;
        }
        Instant now = clock.instant();
        for (OutboundMessage message : outbox.takeDue(now, now.plus(properties.lease()), properties.batchSize())) {
            send(message);
        }
    }

    private void send(OutboundMessage m) {
        String host = m.mailHost();
        int colon = host.lastIndexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        int port = colon < 0 ? 25 : Integer.parseInt(host.substring(colon + 1));
        try {
            byte[] bytes = blobs.get(m.body()).orElseThrow(() -> new IllegalStateException(
                    m.body().sha256() + " is not in the blob store"));
            String answer = handover.send(name, port, m.mailFrom(), m.rcptTo(), bytes);
            Instant at = clock.instant();
            outbox.markSent(m.id(), at, answer);
            LOG.info("{} {} of {} handed to {} ({}) for {}: {}", m.type(), m.signedId(), m.identifier(),
                    m.destination(), host, m.rcptTo(), answer);
            audit.recordStep(AuditEventType.RELAYED, provider.domain(), m.identifier(), m.rcptTo(),
                    List.of(m.signedId()), m.type() + " handed to " + m.destination() + " (" + host + "): "
                            + (answer == null ? "" : answer.trim()), at);
        } catch (HandoverFailed e) {
            failed(m, e.permanent(), (e.code() == 0 ? "" : e.code() + " ") + e.getMessage());
        } catch (RuntimeException e) {
            failed(m, false, e.toString());
        }
    }

    private void failed(OutboundMessage m, boolean permanent, String error) {
        Instant now = clock.instant();
        boolean tooLong = !now.isBefore(m.createdAt().plus(properties.giveUpAfter()));
        if (permanent || tooLong) {
            String why = (permanent ? "refused: " : "not taken within " + properties.giveUpAfter() + ": ") + error;
            outbox.markFailed(m.id(), why);
            LOG.warn("{} {} of {} to {} failed for good: {}", m.type(), m.signedId(), m.identifier(),
                    m.destination(), why);
            audit.recordStep(AuditEventType.RELAY_FAILED, provider.domain(), m.identifier(), m.rcptTo(),
                    List.of(m.signedId()), m.type() + " to " + m.destination() + ": " + why, now);
            return;
        }
        Instant next = now.plus(properties.backoff(m.attempts()));
        outbox.retryAt(m.id(), next, error);
        LOG.info("{} {} of {} to {} not taken (attempt {}), retry at {}: {}", m.type(), m.signedId(),
                m.identifier(), m.destination(), m.attempts(), next, error);
    }
}
