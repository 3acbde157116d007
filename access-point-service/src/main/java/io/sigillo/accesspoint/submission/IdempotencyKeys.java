package io.sigillo.accesspoint.submission;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The first answer to each {@code Idempotency-Key} a sender used, kept a day, so that a client retrying a
 * submission (after a timeout, a dropped connection) gets that answer again and no second message exists.
 */
@Repository
public class IdempotencyKeys {

    /** How long an answer is kept for retries. */
    static final Duration KEPT = Duration.ofHours(24);

    /**
     * How long a submission may be in progress before its key counts as abandoned (the access point died midway)
     * and a retry of the same request may submit it; checks and scanning take seconds, even for 30 MB.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    /** Printable ASCII without spaces, as the IETF draft's examples and most clients' UUIDs are. */
    private static final Pattern KEY = Pattern.compile("[!-~]{1,255}");

    /** A stored answer. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    /** What a key stands for now. */
    public sealed interface Claim {
    }

    /** The key is new (or was abandoned): this request, holding {@code token}, is now the one submitting under it. */
    public record Claimed(String token) implements Claim {
    }

    /** A claim was taken over by a retry while its request was still running: that request must announce nothing. */
    public static class ClaimLost extends RuntimeException {
        ClaimLost(String key) {
            super("the Idempotency-Key " + key + " was taken over by a retry while this request ran");
        }
    }

    /** An event kept with its answer until Kafka has it: topic, key and JSON. */
    public record KeptAnnouncement(String topic, String key, byte[] event) {
    }

    /**
     * The key answered already: replay the answer, after publishing {@code unannounced} again when it is not null
     * (the instance that answered may have died before Kafka had it).
     */
    public record Answered(Answer answer, KeptAnnouncement unannounced) implements Claim {
    }

    /** A request with this key is still being submitted. */
    public record InProgress() implements Claim {
    }

    /** The key was used for a different request. */
    public record Mismatch() implements Claim {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Refuses a key that is not 1 to 255 printable ASCII characters. */
    static void check(String key) {
        if (!KEY.matcher(key).matches()) {
            throw SubmissionRefused.unreadable("Idempotency-Key",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
    }

    /**
     * Claims {@code key} for a request whose body has the digest {@code requestSha256}, or says what it holds. A
     * claim abandoned midway (no answer after {@link #ABANDONED_AFTER}) is taken over by a retry of the same
     * request: the answer is kept before anything is announced, so an abandoned claim announced nothing.
     */
    public Claim claim(String sender, String key, String requestSha256) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        int inserted = jdbc.sql("""
                INSERT INTO submission_keys (sender, idempotency_key, request_sha256, created_at, claim_token)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sender, idempotency_key) DO UPDATE
                    SET created_at = EXCLUDED.created_at, claim_token = EXCLUDED.claim_token
                WHERE submission_keys.status IS NULL AND submission_keys.created_at < ?
                    AND submission_keys.request_sha256 = EXCLUDED.request_sha256""")
                .params(sender, key, requestSha256, Timestamp.from(now), token,
                        Timestamp.from(now.minus(ABANDONED_AFTER)))
                .update();
        if (inserted == 1) {
            return new Claimed(token);
        }
        Optional<Claim> held = jdbc.sql("""
                SELECT request_sha256, status, content_type, body, announcement_topic, announcement_key, announcement
                FROM submission_keys WHERE sender = ? AND idempotency_key = ?""")
                .params(sender, key)
                .query((rs, n) -> {
                    if (!rs.getString(1).equals(requestSha256)) {
                        return (Claim) new Mismatch();
                    }
                    int status = rs.getInt(2);
                    if (rs.wasNull()) {
                        return new InProgress();
                    }
                    String topic = rs.getString(5);
                    return new Answered(new Answer(status, rs.getString(3), rs.getBytes(4)),
                            topic == null ? null : new KeptAnnouncement(topic, rs.getString(6), rs.getBytes(7)));
                })
                .optional();
        // Released between the insert and the read: the other request failed, so this one may try.
        return held.orElseGet(() -> claim(sender, key, requestSha256));
    }

    /**
     * Keeps the answer to a key claimed with {@code token}, with the event about to be announced, before it is;
     * throws {@link ClaimLost} when a retry took the key over meanwhile, so that this request announces nothing.
     */
    public void keep(String sender, String key, String token, Answer answer, KeptAnnouncement announcement) {
        int kept = jdbc.sql("""
                UPDATE submission_keys SET status = ?, content_type = ?, body = ?,
                    announcement_topic = ?, announcement_key = ?, announcement = ?
                WHERE sender = ? AND idempotency_key = ? AND claim_token = ? AND status IS NULL""")
                .params(answer.status(), answer.contentType(), answer.body(), announcement.topic(),
                        announcement.key(), announcement.event(), sender, key, token)
                .update();
        if (kept != 1) {
            throw new ClaimLost(key);
        }
    }

    /** Kafka has the announcement kept under {@code announcementKey}: a retry only replays the answer. */
    public void announced(String sender, String key, String announcementKey) {
        jdbc.sql("""
                UPDATE submission_keys SET announcement_topic = NULL, announcement_key = NULL, announcement = NULL
                WHERE sender = ? AND idempotency_key = ? AND announcement_key = ?""")
                .params(sender, key, announcementKey).update();
    }

    /** Gives up a key claimed with {@code token} and never answered: nothing was announced, a retry may submit. */
    public void release(String sender, String key, String token) {
        jdbc.sql("DELETE FROM submission_keys WHERE sender = ? AND idempotency_key = ? AND claim_token = ? "
                + "AND status IS NULL")
                .params(sender, key, token).update();
    }

    /** Forgets answers older than a day. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void forgetOld() {
        jdbc.sql("DELETE FROM submission_keys WHERE created_at < ?")
                .param(Timestamp.from(clock.instant().minus(KEPT))).update();
    }
}
