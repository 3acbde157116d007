package io.sigillo.accesspoint.relay;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.smtp.HandoverFailed;
import io.sigillo.support.smtp.SmtpHandover;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the outbox to the other mail servers: each due message over SMTP, byte for byte, the messages for one mail
 * host over up to {@code sessions} sessions at once (those of one PEC message over the same one, in order); a
 * temporary failure (4xx, no answer, TLS trouble) is retried with exponential backoff
 * until {@code give-up-after}, a permanent one (5xx) is recorded at once. Every hand-over and every failure goes to
 * the log. New rows wake it at once ({@link #wake()}); the poll only finds retries and rows another instance left.
 * A session stays open for {@code keep-alive} after a pass, so that a steady flow of hand-overs does not pay a
 * connection and a TLS handshake each. Several instances can run: each takes its rows under a lease.
 */
@Component
public class OutboundRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundRelay.class);

    /** The reverse path of a notification (RFC 5321 section 4.5.5): nobody is told if it fails in turn. */
    static final String NULL_SENDER = "<>";

    private final Outbox outbox;
    private final BlobStore blobs;
    private final AuditPublisher audit;
    private final LocalProvider provider;
    private final RelayProperties properties;
    private final SmtpHandover handover;
    private final SmtpHandover toMailExchangers;
    private final MailExchangers exchangers;
    private final Clock clock;
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> new Thread(r, "relay"));
    private final ExecutorService sessions;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final String helo;

    /** A session left open after a pass, and when it was last used. */
    private record Kept(SmtpHandover.Connection connection, Instant since) {
    }

    public OutboundRelay(Outbox outbox, BlobStore blobs, AuditPublisher audit, LocalProvider provider,
            RelayProperties properties, MailExchangers exchangers, Clock clock) {
        this.outbox = outbox;
        this.blobs = blobs;
        this.audit = audit;
        this.provider = provider;
        this.properties = properties;
        this.clock = clock;
        this.exchangers = exchangers;
        AtomicInteger session = new AtomicInteger();
        this.sessions = Executors.newFixedThreadPool(properties.sessions(), r -> {
            Thread thread = new Thread(r, "relay-session-" + session.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.helo = properties.heloName() == null ? "smtp." + provider.domain() : properties.heloName();
        this.handover = new SmtpHandover(new SmtpHandover.Settings(properties.timeout(), properties.requireTls(),
                SmtpTls.clientSocketFactory(properties.trustCaPath() == null || properties.trustCaPath().isBlank() ? null
                        : Path.of(properties.trustCaPath())), helo));
        // Ordinary mail goes as mail servers send it to each other: TLS when the other side offers it.
        this.toMailExchangers = new SmtpHandover(SmtpHandover.Settings.opportunistic(properties.timeout(), helo));
    }

    /** Relays what is due on the relay's own thread now, instead of at the next poll. */
    public void wake() {
        if (properties.enabled() && wakeQueued.compareAndSet(false, true)) {
            waker.execute(() -> {
                // Cleared first: a wake during this pass queues one more, so no new row waits for the poll.
                wakeQueued.set(false);
                try {
                    relayDue();
                } catch (RuntimeException e) {
                    LOG.warn("relay pass failed, the poll will try again: {}", e.toString());
                }
            });
        }
    }

    @PreDestroy
    void stopWaking() {
        waker.shutdownNow();
        sessions.shutdownNow();
        kept.keySet().forEach(key -> closeKept(key, Instant.MAX));
    }

    /** One pass over the due messages; scheduled, and callable from tests. */
    @Scheduled(fixedDelayString = "${sigillo.relay.poll-interval:10s}")
    public void relayDue() {
        if (!properties.enabled()) {
            return;
        }
        Instant now = clock.instant();
        kept.keySet().forEach(key -> closeKept(key, now.minus(properties.keepAlive())));
        String lease = UUID.randomUUID().toString();
        List<OutboundMessage> due;
        do {
            due = outbox.takeDue(now, now.plus(properties.lease()), lease, properties.batchSize());
            Map<String, List<OutboundMessage>> bySession = new LinkedHashMap<>();
            for (OutboundMessage message : due) {
                // One PEC message's hand-overs share a session, so they arrive in the order they were signed.
                int session = Math.floorMod(message.identifier().hashCode(), properties.sessions());
                bySession.computeIfAbsent(message.mailHost() + " " + message.mailFrom() + " " + session,
                        k -> new ArrayList<>()).add(message);
            }
            List<Future<?>> passes = new ArrayList<>();
            for (Map.Entry<String, List<OutboundMessage>> session : bySession.entrySet()) {
                passes.add(sessions.submit(() -> send(session.getKey(), session.getValue(), lease)));
            }
            for (Future<?> pass : passes) {
                awaitSession(pass);
            }
        } while (due.size() == properties.batchSize());
    }

    /** Waits for one session of this pass; its failures are already recorded on its rows. */
    private static void awaitSession(Future<?> pass) {
        try {
            pass.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the relay was stopped during a pass", e);
        } catch (ExecutionException e) {
            LOG.warn("a relay session ended with {}: its rows are retried when their lease ends",
                    e.getCause().toString());
        }
    }

    /**
     * Sends messages for one mail host from one sender over one session ({@code key}): the one kept from an earlier
     * pass while it still answers, else a new one, and another after a failure; keeps it open afterwards.
     */
    private void send(String key, List<OutboundMessage> messages, String lease) {
        Kept reused = kept.remove(key);
        SmtpHandover.Connection connection = reused == null ? null : reused.connection();
        if (connection != null && !connection.alive()) {
            connection.close();
            connection = null;
        }
        try {
            for (OutboundMessage m : messages) {
                if (connection != null && !connection.usable()) {
                    connection.close();
                    connection = null;
                }
                try {
                    if (connection == null) {
                        connection = open(m);
                    }
                    // Streamed from the store: an envelope can carry a 100 MB original.
                    String answer;
                    try (InputStream body = blobs.open(m.body()).orElseThrow(() -> new IllegalStateException(
                            m.body().sha256() + " is not in the blob store"))) {
                        answer = connection.send(m.rcptTo(), body);
                    }
                    sent(m, lease, answer);
                } catch (HandoverFailed e) {
                    failed(m, lease, e.permanent(), (e.code() == 0 ? "" : e.code() + " ") + e.getMessage());
                } catch (IOException | RuntimeException e) {
                    // An unexpected failure names its class only: the stack says where, for whoever fixes it.
                    LOG.debug("hand-over of {} failed", m.signedId(), e);
                    failed(m, lease, false, e.toString());
                }
            }
        } finally {
            if (connection != null) {
                keep(key, connection);
            }
        }
    }

    private void keep(String key, SmtpHandover.Connection connection) {
        if (!connection.usable() || properties.keepAlive().isZero()) {
            connection.close();
            return;
        }
        Kept previous = kept.put(key, new Kept(connection, clock.instant()));
        if (previous != null) {
            // Two passes ran for the same session at once: one connection is enough.
            previous.connection().close();
        }
    }

    /** Closes the session kept under {@code key} if it was last used before {@code usedBefore}. */
    private void closeKept(String key, Instant usedBefore) {
        Kept idle = kept.get(key);
        // Removed only if it is still the same one: a pass may have taken it, or kept a newer one, meanwhile.
        if (idle != null && idle.since().isBefore(usedBefore) && kept.remove(key, idle)) {
            idle.connection().close();
        }
    }

    private SmtpHandover.Connection open(OutboundMessage m) throws HandoverFailed {
        if (m.mxDomain() != null) {
            return openMailExchanger(m.mxDomain(), m.mailFrom());
        }
        String host = m.mailHost();
        int colon = host.lastIndexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        int port = colon < 0 ? 25 : Integer.parseInt(host.substring(colon + 1));
        return handover.open(name, port, m.mailFrom());
    }

    /**
     * A session with the first of the domain's MX hosts that answers (RFC 5321 section 5.1): a host that cannot be
     * reached, or will not talk, gives way to the next; a domain that takes no mail fails for good.
     */
    private SmtpHandover.Connection openMailExchanger(String domain, String mailFrom) throws HandoverFailed {
        MailExchangers.Answer answer = exchangers.of(domain);
        if (answer instanceof MailExchangers.NoMail none) {
            throw new HandoverFailed(556, none.why(), null);
        }
        if (answer instanceof MailExchangers.Unresolved unresolved) {
            throw new HandoverFailed(0, unresolved.why(), null);
        }
        HandoverFailed last = null;
        boolean allRefused = true;
        for (InetAddress address : ((MailExchangers.Hosts) answer).addresses()) {
            try {
                return toMailExchangers.open(address.getHostAddress(), properties.mxPort(), mailFrom);
            } catch (HandoverFailed e) {
                last = e;
                allRefused &= e.permanent();
            }
        }
        // Failed for good only when every host refused for good; else the next attempt may find one up.
        throw new HandoverFailed(allRefused ? last.code() : 0, "no MX host of " + domain + " took the session: "
                + last.getMessage(), last);
    }

    private void sent(OutboundMessage m, String lease, String answer) {
        Instant at = clock.instant();
        // Logged before the row is marked: a relay that dies in between hands the message over again and logs the
        // same step, which the log keeps once (its id leaves out the answer, which differs each time); the other
        // order could lose the step. The answer is kept on the row and in the service log.
        audit.recordStep(AuditEventType.RELAYED, provider.domain(), m.identifier(), m.rcptTo(),
                List.of(m.signedId()), m.type() + " handed to " + m.destination() + " (" + m.mailHost() + ")", at);
        if (!outbox.markSent(m.id(), lease, at, answer)) {
            leaseLost(m, "handed over (" + answer + ")");
            return;
        }
        LOG.info("{} {} of {} handed to {} ({}) for {}: {}", m.type(), m.signedId(), m.identifier(),
                m.destination(), m.mailHost(), m.rcptTo(), answer);
    }

    private void failed(OutboundMessage m, String lease, boolean permanent, String error) {
        Instant now = clock.instant();
        // Ordinary mail is retried for days, as mail servers do; PEC's own clock ends after a day.
        Duration giveUpAfter = m.certified() ? properties.giveUpAfter() : properties.externalGiveUpAfter();
        boolean tooLong = !now.isBefore(m.createdAt().plus(giveUpAfter));
        if (permanent || tooLong) {
            String why = (permanent ? "refused: " : "not taken within " + giveUpAfter + ": ") + error;
            // Logged before the row is marked, for the reason given in sent().
            audit.recordStep(AuditEventType.RELAY_FAILED, provider.domain(), m.identifier(), m.rcptTo(),
                    List.of(m.signedId()), m.type() + " to " + m.destination() + ": " + why, now);
            if (!outbox.markFailed(m.id(), lease, why)) {
                leaseLost(m, "failed for good (" + why + ")");
                return;
            }
            LOG.warn("{} {} of {} to {} failed for good: {}", m.type(), m.signedId(), m.identifier(),
                    m.destination(), why);
            if (m.reportTo() != null) {
                reportFailure(m, permanent, error, now);
            }
            return;
        }
        Instant next = now.plus(properties.backoff(m.attempts()));
        if (!outbox.retryAt(m.id(), lease, next, error)) {
            leaseLost(m, "not taken (" + error + ")");
            return;
        }
        LOG.info("{} {} of {} to {} not taken (attempt {}), retry at {}: {}", m.type(), m.signedId(),
                m.identifier(), m.destination(), m.attempts(), next, error);
    }

    /**
     * Tells the sender of ordinary mail that it failed, as any mail server would: a delivery status notification
     * from the null sender (so that nothing bounces it back), queued to this provider's own mail host like mail
     * from outside, where the incoming point delivers it to the sender's mailbox (in an anomaly envelope, as any
     * ordinary mail). One per failed row: a redelivered failure queues nothing more.
     */
    private void reportFailure(OutboundMessage m, boolean permanent, String error, Instant now) {
        Optional<String> ownMailHost = provider.providerOf(m.reportTo()).map(ProviderEntry::mailHost);
        if (ownMailHost.isEmpty()) {
            LOG.warn("{} of {}: no mail host of this provider in the index, so {} is not told it failed",
                    m.signedId(), m.identifier(), m.reportTo());
            return;
        }
        String reportId = "<ndr." + m.id() + "." + m.identifier() + ">";
        byte[] report;
        try (InputStream sent = blobs.open(m.body()).orElseGet(InputStream::nullInputStream)) {
            report = NonDeliveryReports.report(new NonDeliveryReports.Failure(helo, provider.domain(), reportId,
                    m.reportTo(), m.rcptTo(), permanent, error, m.createdAt(), now, sent));
        } catch (IOException e) {
            throw new UncheckedIOException("reading what failed, for its report", e);
        }
        OutboundMessage notice = new OutboundMessage(0, m.identifier(), reportId, "non-delivery report",
                provider.domain(), true, ownMailHost.get(), NULL_SENDER, List.of(m.reportTo()), blobs.put(report),
                0, now, null);
        if (outbox.enqueue(notice, Outbox.Status.PENDING, null)) {
            LOG.info("non-delivery report {} to {} queued for {} of {}", reportId, m.reportTo(), m.signedId(),
                    m.identifier());
            wake();
        }
    }

    /**
     * This pass held the row longer than its lease and another instance took it since: what the other instance
     * records stands (the other provider keeps one copy of a message by its Message-ID).
     */
    private void leaseLost(OutboundMessage m, String outcome) {
        LOG.warn("{} {} of {} to {}: {} after its lease ran out; left to the instance that holds it now", m.type(),
                m.signedId(), m.identifier(), m.destination(), outcome);
    }
}
