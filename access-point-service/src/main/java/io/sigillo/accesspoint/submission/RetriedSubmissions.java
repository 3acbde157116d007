package io.sigillo.accesspoint.submission;

import io.sigillo.accesspoint.submission.AccessPoint.Accepted;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.support.MessageIdLogging;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submissions a client may send again (after a timeout, a dropped connection): the first answer under a sender's
 * key is kept with its announcement before Kafka has it, so a retry gets that answer again, and the event again
 * if the first attempt died before Kafka had it, but never a second message or a second notice. Both doors use it:
 * REST with the client's {@code Idempotency-Key}, SMTP with the client's Message-ID.
 */
@Service
public class RetriedSubmissions {

    private static final Logger LOG = LoggerFactory.getLogger(RetriedSubmissions.class);

    /** How a door writes its answers, so that a retry gets the same bytes. */
    public interface Answers {

        /** The answer to an accepted submission. */
        IdempotencyKeys.Answer accepted(Accepted accepted);

        /** The answer to a submission refused with a notice. */
        IdempotencyKeys.Answer refused(AccessPoint.RefusedSubmission refused);
    }

    /** What came of a submission under a key. */
    public sealed interface Outcome {
    }

    /** Submitted now. */
    public record Submitted(Accepted accepted) implements Outcome {
    }

    /** A retry: the first attempt's answer. */
    public record Replayed(IdempotencyKeys.Answer answer) implements Outcome {
    }

    /** The key was used for another request, which this one must not stand in for. */
    public static final class KeyReused extends RuntimeException {
        KeyReused() {
            super("the key was used for another request");
        }
    }

    /** Another attempt under the key is running now (or a retry took this one's key over). */
    public static final class KeyInProgress extends RuntimeException {
        KeyInProgress() {
            super("a submission under this key is in progress");
        }
    }

    private final AccessPoint accessPoint;
    private final IdempotencyKeys keys;
    private final JsonMapper json;

    public RetriedSubmissions(AccessPoint accessPoint, IdempotencyKeys keys, JsonMapper json) {
        this.accessPoint = accessPoint;
        this.keys = keys;
        this.json = json;
    }

    /**
     * Submits with {@code submission} once per {@code sender} and {@code key}; a request with the same key and
     * {@code requestSha256} gets the first answer again. A refusal with a notice is thrown, as by
     * {@link AccessPoint#submit}, after its answer is kept.
     */
    public Outcome submit(String sender, String key, String requestSha256, Answers answers,
            Function<AccessPoint.BeforeAnnouncing, Accepted> submission) {
        IdempotencyKeys.Claim claim = keys.claim(sender, key, requestSha256);
        if (claim instanceof IdempotencyKeys.Answered answered) {
            if (answered.unannounced() != null) {
                announceAgain(sender, key, answered.unannounced());
            }
            return new Replayed(answered.answer());
        }
        if (claim instanceof IdempotencyKeys.Mismatch) {
            throw new KeyReused();
        }
        if (!(claim instanceof IdempotencyKeys.Claimed claimed)) {
            throw new KeyInProgress();
        }
        Keeping keeping = new Keeping(sender, key, claimed.token(), answers);
        try {
            Accepted accepted = submission.apply(keeping);
            keeping.announced();
            return new Submitted(accepted);
        } catch (AccessPoint.RefusedSubmission refused) {
            if (refused.noticeFor() == null) {
                keys.release(sender, key, claimed.token());
            } else {
                keeping.announced();
            }
            throw refused;
        } catch (IdempotencyKeys.ClaimLost lost) {
            // A retry took this request's key over: it submits, this one announced nothing.
            throw new KeyInProgress();
        } catch (RuntimeException e) {
            // Only a key without a kept answer is released: a kept one may have been announced, and its retry
            // publishes the same event again rather than a second message.
            keys.release(sender, key, claimed.token());
            throw e;
        }
    }

    /** Publishes an announcement an earlier request kept and may not have published, before replaying its answer. */
    private void announceAgain(String sender, String key, IdempotencyKeys.KeptAnnouncement kept) {
        try (MDC.MDCCloseable logged = MDC.putCloseable(MessageIdLogging.KEY, kept.key())) {
            LOG.info("announcing {} again for a retry of key {}: the first request may have died first",
                    kept.topic(), key);
            accessPoint.announce(announcement(kept));
            clearKept(sender, key, kept.key());
        }
    }

    /** Forgets a kept announcement Kafka has; failing to only costs a repeat, so it never changes the answer. */
    private void clearKept(String sender, String key, String announcementKey) {
        try {
            keys.announced(sender, key, announcementKey);
        } catch (RuntimeException e) {
            LOG.warn("could not forget the announcement kept for key {}: a retry will announce it again", key, e);
        }
    }

    /** The kept event, read back as the type its topic carries. */
    private AccessPoint.Announcement announcement(IdempotencyKeys.KeptAnnouncement kept) {
        Class<?> type = switch (kept.topic()) {
            case Topics.SUBMISSION_ACCEPTED -> SubmissionAccepted.class;
            case Topics.SUBMISSION_REJECTED -> SubmissionRejected.class;
            default -> throw new IllegalStateException("no announcement is kept for " + kept.topic());
        };
        return new AccessPoint.Announcement(kept.topic(), new MessageIdentifier(kept.key()),
                json.readValue(kept.event(), type));
    }

    /** Keeps the answer and the event of a keyed submission before the event is announced. */
    private final class Keeping implements AccessPoint.BeforeAnnouncing {
        private final String sender;
        private final String key;
        private final String token;
        private final Answers answers;
        private String kept;

        Keeping(String sender, String key, String token, Answers answers) {
            this.sender = sender;
            this.key = key;
            this.token = token;
            this.answers = answers;
        }

        @Override
        public void accepting(Accepted accepted, AccessPoint.Announcement announcement) {
            keep(answers.accepted(accepted), announcement);
        }

        @Override
        public void refusing(AccessPoint.RefusedSubmission refused, AccessPoint.Announcement announcement) {
            // A notice is issued: a retry must get this refusal again, not a second notice.
            keep(answers.refused(refused), announcement);
        }

        private void keep(IdempotencyKeys.Answer answer, AccessPoint.Announcement announcement) {
            kept = announcement.key().value();
            keys.keep(sender, key, token, answer, new IdempotencyKeys.KeptAnnouncement(announcement.topic(), kept,
                    json.writeValueAsBytes(announcement.event())));
        }

        /** Kafka has what was kept. */
        void announced() {
            if (kept != null) {
                clearKept(sender, key, kept);
            }
        }
    }
}
