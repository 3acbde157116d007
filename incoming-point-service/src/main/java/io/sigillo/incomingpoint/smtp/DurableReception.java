package io.sigillo.incomingpoint.smtp;

import io.sigillo.blob.BlobStore;
import io.sigillo.incomingpoint.reception.Arrival;
import io.sigillo.incomingpoint.reception.ArrivalVerdict;
import io.sigillo.incomingpoint.reception.IncomingPoint;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.support.provider.LocalProvider;
import io.sigillo.support.virus.VirusScanner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
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
 * One SMTP transaction at the incoming point: accepts recipients of this provider's domains only, and answers
 * the DATA with 250 only once the message is in the blob store, verified, and what follows from it is on Kafka;
 * any failure on the way is a 451, so the sending provider keeps the message and retries.
 */
public final class DurableReception implements MessageHandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DurableReception.class);

    private final BlobStore blobs;
    private final IncomingPoint incomingPoint;
    private final LocalProvider provider;
    private final Clock clock;
    private final long maxMessageSize;
    private final MeterRegistry meters;

    public DurableReception(BlobStore blobs, IncomingPoint incomingPoint, LocalProvider provider, Clock clock,
            long maxMessageSize, MeterRegistry meters) {
        this.meters = meters;
        this.blobs = blobs;
        this.incomingPoint = incomingPoint;
        this.provider = provider;
        this.clock = clock;
        this.maxMessageSize = maxMessageSize;
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
            byte[] bytes = data.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxMessageSize + 1));
            if (bytes.length > maxMessageSize) {
                // Read to the end of DATA so the session can answer and stay in step.
                data.transferTo(OutputStream.nullOutputStream());
                count("too-large");
                throw new RejectException(552, "5.3.4 message larger than " + maxMessageSize + " bytes");
            }
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
