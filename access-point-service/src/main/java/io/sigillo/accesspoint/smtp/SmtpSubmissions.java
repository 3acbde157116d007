package io.sigillo.accesspoint.smtp;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.accesspoint.submission.AccessPoint;
import io.sigillo.accesspoint.submission.IdempotencyKeys;
import io.sigillo.accesspoint.submission.RetriedSubmissions;
import io.sigillo.accesspoint.submission.SubmissionChecks;
import io.sigillo.accesspoint.submission.SubmissionProperties;
import io.sigillo.accesspoint.submission.SubmissionRefused;
import io.sigillo.support.smtp.DataSpool;
import io.sigillo.support.smtp.MemoryBudget;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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
    private final RetriedSubmissions retries;
    private final long maxSize;
    private final MemoryBudget budget;
    private final DataSpool.Space spoolSpace;
    private final MeterRegistry meters;

    SmtpSubmissions(AccessPoint accessPoint, RetriedSubmissions retries, SubmissionProperties limits,
            SmtpSubmissionProperties settings, MeterRegistry meters) {
        this.accessPoint = accessPoint;
        this.retries = retries;
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
        public void recipient(String recipient) throws RejectException {
            String address = recipient == null ? "" : recipient.trim();
            if (!SubmissionChecks.isAscii(address)) {
                count("refused-recipient");
                throw new RejectException(553, "5.6.7 <" + printable(address) + ">: non-ASCII addresses are not "
                        + "accepted");
            }
            if (!isMailbox(address)) {
                count("refused-recipient");
                throw new RejectException(501, "5.1.3 <" + printable(address) + ">: not a valid mailbox address "
                        + "(RFC 5321 4.1.2)");
            }
            envelope.add(address.toLowerCase(Locale.ROOT));
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
                String messageId = clientMessageId(raw);
                if (messageId == null) {
                    count("accepted");
                    return acceptedReply(accessPoint.submit(mailbox, raw, null, envelope,
                            AccessPoint.BeforeAnnouncing.NOTHING));
                }
                // A client that lost the reply to DATA sends the same message again: it gets the first reply, and
                // no second PEC message or notice exists (its Message-ID is the key, as an Idempotency-Key is).
                RetriedSubmissions.Outcome outcome = retries.submit(mailbox, RETRY_KEY + messageId,
                        sameRequest(envelope, raw), REPLIES, keeping -> accessPoint.submit(mailbox, raw, null,
                                envelope, keeping));
                if (outcome instanceof RetriedSubmissions.Replayed replayed) {
                    count("replayed");
                    IdempotencyKeys.Answer answer = replayed.answer();
                    String text = new String(answer.body(), StandardCharsets.US_ASCII);
                    if (answer.status() == 250) {
                        return text;
                    }
                    throw new RejectException(answer.status(), text);
                }
                count("accepted");
                return acceptedReply(((RetriedSubmissions.Submitted) outcome).accepted());
            } catch (AccessPoint.RefusedSubmission refused) {
                count("refused");
                throw reply(refused);
            } catch (RetriedSubmissions.KeyReused reused) {
                count("refused");
                throw new RejectException(554, "5.7.0 a different message with this Message-ID was submitted "
                        + "already: give each message its own Message-ID");
            } catch (RetriedSubmissions.KeyInProgress running) {
                count("busy");
                throw new RejectException(451, "4.3.0 this message is being submitted on another connection; "
                        + "try again later");
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

    /** Whether {@code address} is a mailbox as RCPT TO names it: local part, @, domain; no display name. */
    static boolean isMailbox(String address) {
        if (address.indexOf('@') < 1) {
            return false;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return !parsed.isGroup() && parsed.getPersonal() == null && address.equals(parsed.getAddress());
        } catch (AddressException e) {
            return false;
        }
    }

    /** Keys of SMTP submissions among a sender's retry keys: the client's Message-ID after this. */
    static final String RETRY_KEY = "smtp:";

    /** The replies a retry gets again, written as the first attempt got them. */
    private static final RetriedSubmissions.Answers REPLIES = new RetriedSubmissions.Answers() {
        @Override
        public IdempotencyKeys.Answer accepted(AccessPoint.Accepted accepted) {
            return new IdempotencyKeys.Answer(250, "text/plain", acceptedReply(accepted)
                    .getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public IdempotencyKeys.Answer refused(AccessPoint.RefusedSubmission refused) {
            RejectException reply = reply(refused);
            return new IdempotencyKeys.Answer(reply.getCode(), "text/plain", reply.getMessage()
                    .getBytes(StandardCharsets.US_ASCII));
        }
    };

    private static String acceptedReply(AccessPoint.Accepted accepted) {
        return "2.0.0 accepted as " + accepted.messageId().value() + ", Message-ID "
                + printable(accepted.originalMessageId());
    }

    /** The Message-ID the client gave its message, or null when it gave none (then the access point makes one). */
    static String clientMessageId(byte[] raw) {
        try {
            String id = new InternetHeaders(new ByteArrayInputStream(raw)).getHeader("Message-ID", null);
            return id == null || id.isBlank() ? null : printable(id.strip());
        } catch (MessagingException e) {
            // Headers it cannot read: the checks refuse the message, without a key.
            return null;
        }
    }

    /**
     * What makes a retry the same message: the envelope's recipients and the bytes the client sent, less the
     * Received field this server put first (its time and session differ on each attempt).
     */
    static String sameRequest(Set<String> envelope, byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\n", new TreeSet<>(envelope)).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            int sent = afterOwnTrace(raw);
            sha.update(raw, sent, raw.length - sent);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** Where the client's bytes start: after the first field when it is a Received field, with its folded lines. */
    private static int afterOwnTrace(byte[] raw) {
        byte[] received = "Received:".getBytes(StandardCharsets.US_ASCII);
        if (raw.length < received.length
                || !new String(raw, 0, received.length, StandardCharsets.US_ASCII).equalsIgnoreCase("Received:")) {
            return 0;
        }
        int at = 0;
        do {
            while (at < raw.length && raw[at] != '\n') {
                at++;
            }
            at++;
        } while (at < raw.length && (raw[at] == ' ' || raw[at] == '\t'));
        return Math.min(at, raw.length);
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
