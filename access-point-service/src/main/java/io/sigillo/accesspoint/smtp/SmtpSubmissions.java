package io.sigillo.accesspoint.smtp;

import io.sigillo.accesspoint.submission.AccessPoint;
import io.sigillo.accesspoint.submission.SubmissionProperties;
import io.sigillo.accesspoint.submission.SubmissionRefused;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.support.smtp.DataSpool;
import io.sigillo.support.smtp.MemoryBudget;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.RejectException;

/**
 * The transactions of SMTP submission: the authenticated mailbox is the only sender it may name, and the message
 * goes through {@link AccessPoint} exactly as a REST submission does. 250 only once its announcement is on Kafka;
 * a refusal is a reply code whose text says why, and the signed non-acceptance notice follows where the rules ask.
 */
final class SmtpSubmissions implements MessageHandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSubmissions.class);
    private static final int IN_MEMORY = 64 * 1024;

    private final AccessPoint accessPoint;
    private final long maxSize;
    private final MemoryBudget budget;
    private final DataSpool.Space spoolSpace;
    private final MeterRegistry meters;

    SmtpSubmissions(AccessPoint accessPoint, SubmissionProperties limits, SmtpSubmissionProperties settings,
            MeterRegistry meters) {
        this.accessPoint = accessPoint;
        this.maxSize = limits.maxSize().toBytes();
        // A transaction waits for its share at most a minute, well inside the client's own DATA timeout.
        this.budget = new MemoryBudget(settings.memory().toBytes(), Duration.ofMinutes(1));
        this.spoolSpace = new DataSpool.Space(settings.spoolSpace().toBytes());
        this.meters = meters;
    }

    @Override
    public MessageHandler create(MessageContext context) {
        return new Transaction(context);
    }

    /** {@code sigillo.smtp.submissions{result}}: what became of each SMTP submission. */
    private void count(String result) {
        meters.counter("sigillo.smtp.submissions", "result", result).increment();
    }

    private final class Transaction implements MessageHandler {

        private final MessageContext context;
        private final Set<String> envelope = new LinkedHashSet<>();
        private String mailbox;

        Transaction(MessageContext context) {
            this.context = context;
        }

        @Override
        public void from(String from) throws RejectException {
            // The server asks for AUTH before MAIL (requireAuth): there is always an identity here.
            mailbox = context.getAuthenticationHandler().map(AuthenticationHandler::getIdentity).map(String::valueOf)
                    .orElseThrow(() -> new RejectException(530, "5.7.0 Authentication required"));
            if (from == null || !from.trim().equalsIgnoreCase(mailbox)) {
                count("refused-sender");
                throw new RejectException(553, "5.7.1 <" + printable(from) + ">: the sender must be the mailbox "
                        + "logged in, " + mailbox);
            }
        }

        @Override
        public void recipient(String recipient) {
            envelope.add(recipient.trim().toLowerCase(Locale.ROOT));
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            try (DataSpool spool = DataSpool.read(data, maxSize, IN_MEMORY, spoolSpace)) {
                if (spool.size() > maxSize) {
                    count("too-large");
                    throw new RejectException(552, "5.3.4 message larger than " + maxSize + " bytes");
                }
                if (spool.outOfSpace()) {
                    count("no-space");
                    throw new RejectException(452, "4.3.1 no room for the message now; try again later");
                }
                try (MemoryBudget.Share share = budget.take(spool.size()).orElseThrow(() -> {
                    count("busy");
                    return new RejectException(451, "4.3.1 too many messages being checked; try again later");
                })) {
                    return submit(spool.bytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectException(421, "4.3.2 the server is stopping; try again later");
            }
        }

        private String submit(byte[] raw) throws RejectException {
            try {
                AccessPoint.Accepted accepted = accessPoint.submit(mailbox, raw, null, envelope,
                        AccessPoint.BeforeAnnouncing.NOTHING);
                count("accepted");
                return "2.0.0 accepted as " + accepted.messageId().value() + ", Message-ID "
                        + printable(accepted.originalMessageId());
            } catch (AccessPoint.RefusedSubmission refused) {
                count("refused");
                throw reply(refused);
            } catch (RuntimeException e) {
                // Kafka, PostgreSQL or the blob store failing: nothing was accepted, and the client tries again.
                LOG.warn("SMTP submission from {} not accepted: {}", mailbox, e.toString());
                count("failed");
                throw new RejectException(451, "4.3.0 the message could not be accepted now; try again later");
            }
        }

        @Override
        public void done() {
            // Nothing held: the spool is closed with its transaction.
        }
    }

    /** The reply code of a refusal: temporary when nothing is wrong with the message, permanent otherwise. */
    static RejectException reply(AccessPoint.RefusedSubmission refused) {
        SubmissionRefused refusal = refused.refusal();
        String text = printable(refusal.getMessage())
                + (refused.noticeFor() == null ? "" : " (non-acceptance notice " + refused.noticeFor().value() + ")");
        return switch (refusal.httpStatus()) {
            case 503 -> new RejectException(451, "4.7.0 " + text);
            case 413 -> new RejectException(552, "5.3.4 " + text);
            case 422 -> new RejectException(554, "5.7.1 " + text);
            default -> switch (refusal.field()) {
                case "from", "sender" -> new RejectException(553, "5.7.1 " + text);
                case "bcc", "to", "cc" -> new RejectException(550, "5.7.1 " + text);
                default -> new RejectException(554, "5.6.0 " + text);
            };
        };
    }

    /**
     * Text fit for a reply line: ASCII (accents dropped, as RFC 5321 replies are ASCII) with no control characters,
     * so nothing a client sent can end the line early or forge a second reply.
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder out = new StringBuilder(Math.min(plain.length(), 400));
        for (int i = 0; i < plain.length() && out.length() < 400; i++) {
            char c = plain.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
