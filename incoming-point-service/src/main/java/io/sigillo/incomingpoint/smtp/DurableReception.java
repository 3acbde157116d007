package io.sigillo.incomingpoint.smtp;

import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.incomingpoint.reception.Arrival;
import io.sigillo.incomingpoint.reception.ArrivalVerdict;
import io.sigillo.incomingpoint.reception.IncomingPoint;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.smtp.DataSpool;
import io.sigillo.support.smtp.MemoryBudget;
import io.sigillo.support.virus.VirusScanner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;

/**
 * One SMTP transaction at the incoming point: accepts recipients of this provider's domains only, spools the DATA
 * as it arrives (memory, then a temporary file), refuses it when too large or with a line too long, and answers 250
 * only once the message is in the blob store, verified within the memory budget for verification, and what follows
 * from it is on Kafka; any failure on the way is a 451, so the sending provider keeps the message and retries.
 */
public final class DurableReception implements MessageHandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DurableReception.class);

    /**
     * Arrivals up to this size are spooled in memory, larger ones go to a temporary file while they arrive: a
     * thousand sessions trickling at once hold 64 MB of heap at most.
     */
    private static final int IN_MEMORY = 64 * 1024;

    private final BlobStore blobs;
    private final IncomingPoint incomingPoint;
    private final LocalProvider provider;
    private final Clock clock;
    private final long maxMessageSize;
    private final int maxLineLength;
    private final MemoryBudget budget;
    private final DataSpool.Space spoolSpace;
    private final MeterRegistry meters;

    public DurableReception(BlobStore blobs, IncomingPoint incomingPoint, LocalProvider provider, Clock clock,
            IncomingPointProperties.Smtp settings, MeterRegistry meters) {
        this.meters = meters;
        this.blobs = blobs;
        this.incomingPoint = incomingPoint;
        this.provider = provider;
        this.clock = clock;
        this.maxMessageSize = settings.maxMessageSize().toBytes();
        this.maxLineLength = settings.maxLineLength();
        // A transaction waits for its share at most a minute, well inside the sender's own DATA timeout.
        this.budget = new MemoryBudget(settings.verificationMemory().toBytes(), Duration.ofMinutes(1));
        this.spoolSpace = new DataSpool.Space(settings.spoolSpace().toBytes());
    }

    /** {@code sigillo.smtp.messages{result}}: what became of each SMTP transaction. */
    private void count(String result) {
        meters.counter("sigillo.smtp.messages", "result", result).increment();
    }

    @Override
    public MessageHandler create(MessageContext context) {
        return new Transaction(String.valueOf(context.getRemoteAddress()));
    }

    private final class Transaction implements MessageHandler {

        private final String remote;
        private final List<String> recipients = new ArrayList<>();
        private String mailFrom = "";

        Transaction(String remote) {
            this.remote = remote;
        }

        @Override
        public void from(String from) {
            mailFrom = from == null ? "" : from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String address = recipient.trim().toLowerCase(Locale.ROOT);
            if (!provider.isLocal(address)) {
                count("refused-recipient");
                throw new RejectException(550, "5.7.1 <" + address + ">: this server receives mail only for "
                        + String.join(", ", provider.entry().managedDomains()));
            }
            recipients.add(address);
        }

        @Override
        public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
            try (DataSpool spool = DataSpool.read(data, maxMessageSize, IN_MEMORY, spoolSpace)) {
                if (spool.size() > maxMessageSize) {
                    count("too-large");
                    throw new RejectException(552, "5.3.4 message larger than " + maxMessageSize + " bytes");
                }
                if (spool.outOfSpace()) {
                    count("no-space");
                    throw new RejectException(452, "4.3.1 no room for the message now; try again later");
                }
                if (spool.longestLine() > maxLineLength) {
                    count("line-too-long");
                    throw new RejectException(500, "5.5.2 a line of the message is longer than " + maxLineLength
                            + " characters (RFC 5321 4.5.3.1.6)");
                }
                try (MemoryBudget.Share share = budget.take(spool.size()).orElseThrow(() -> {
                    count("busy");
                    return new RejectException(451, "4.3.1 too many messages being verified; try again later");
                })) {
                    return verify(spool.bytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectException(421, "4.3.2 the server is stopping; try again later");
            }
        }

        /** Stores and verifies a message whole; 250 only once what follows from it is on Kafka. */
        private String verify(byte[] bytes) throws RejectException {
            BlobRef ref;
            try {
                ref = blobs.put(bytes);
            } catch (RuntimeException e) {
                LOG.error("SMTP from {} for {}: not stored, answered 451: {}", remote, recipients, e.toString());
                count("not-stored");
                throw new RejectException(451, "4.3.0 the message could not be stored; try again later");
            }
            LOG.info("SMTP from {} <{}> for {}: {} bytes stored as {}", remote, mailFrom, recipients, bytes.length,
                    ref.sha256());
            try {
                ArrivalVerdict verdict = incomingPoint.receive(new Arrival(bytes, ref, recipients, clock.instant()));
                count("accepted");
                return "2.0.0 Ok: " + verdict.summary() + ", stored as " + ref.sha256();
            } catch (VirusScanner.ScannerUnavailable | RuntimeException e) {
                // Stored but not decided: the sender keeps the message and hands it over again, and the
                // verification runs again then; what was stored this time stays unreferenced.
                LOG.error("SMTP from {} for {}: stored as {} but not verified, answered 451: {}", remote, recipients,
                        ref.sha256(), e.toString());
                count("not-verified");
                throw new RejectException(451, "4.3.0 the message could not be verified now; try again later");
            }
        }

        @Override
        public void done() {
            // Nothing held between transactions.
        }
    }
}
