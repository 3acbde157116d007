package io.sigillo.accesspoint.submission;

import io.sigillo.accesspoint.submission.AccessPoint.Accepted;
import io.sigillo.accesspoint.web.ProblemHandler;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.support.MessageIdLogging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The submission API for mail frontends: a JSON message, or a complete {@code message/rfc822}, from the
 * authenticated mailbox. 202 with the PEC identifier; RFC 9457 problems otherwise.
 */
@RestController
public class SubmissionController {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionController.class);

    private static final String RFC822 = "message/rfc822";

    /** The request header a client sets to make retries safe (IETF draft "The Idempotency-Key HTTP Header Field"). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final AccessPoint accessPoint;
    private final JsonSubmissions jsonSubmissions;
    private final SubmissionProperties properties;
    private final IdempotencyKeys keys;
    private final JsonMapper json;

    public SubmissionController(AccessPoint accessPoint, JsonSubmissions jsonSubmissions,
            SubmissionProperties properties, IdempotencyKeys keys, JsonMapper json) {
        this.accessPoint = accessPoint;
        this.jsonSubmissions = jsonSubmissions;
        this.properties = properties;
        this.keys = keys;
        this.json = json;
    }

    /**
     * The 202 body: the PEC identifier, the original's Message-ID (which every receipt names in
     * X-Riferimento-Message-ID), when it was accepted, and how each recipient was classified.
     */
    public record AcceptedResponse(String messageId, String originalMessageId, java.time.Instant acceptedAt,
            java.util.List<RecipientView> recipients) {

        static AcceptedResponse of(Accepted accepted) {
            return new AcceptedResponse(accepted.messageId().value(), accepted.originalMessageId(),
                    accepted.acceptedAt(), accepted.recipients().stream()
                            .map(r -> new RecipientView(r.address(), r.kind().value())).toList());
        }
    }

    /** A recipient and its kind: {@code certificato} or {@code esterno}. */
    public record RecipientView(String address, String kind) {
    }

    /** Submits one message. */
    @Operation(summary = "Submit a message for certified delivery",
            description = "A JSON message, or a complete message/rfc822 whose From is the authenticated mailbox. "
                    + "The signed acceptance receipt (or non-acceptance notice) arrives in the sender's mailbox.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SubmissionRequest.class)),
            @Content(mediaType = RFC822, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "202", description = "accepted: the PEC identifier and each recipient's kind",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = AcceptedResponse.class)))
    @ApiResponse(responseCode = "400", description = "a check failed (field named; a non-acceptance notice when "
            + "messageId is present)", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "a submission with the same Idempotency-Key is in progress",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "larger than the limit",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "a virus was found (non-acceptance notice for virus), or the "
            + "Idempotency-Key was used for another request",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "the virus scanner cannot be reached: nothing accepted, retry",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping(path = "/api/v1/messages", consumes = {MediaType.APPLICATION_JSON_VALUE, RFC822})
    public ResponseEntity<?> submit(@Parameter(hidden = true) Principal sender,
            @Parameter(hidden = true) HttpServletRequest request,
            @Parameter(description = "message/rfc822 only: completa (default), breve or sintetica")
            @RequestParam(required = false) String receiptType,
            @Parameter(description = "makes retries safe: a retry with the same key and body within a day gets the "
                    + "first answer again (header Idempotent-Replayed: true) and submits nothing")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) throws IOException {
        boolean json = MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            IdempotencyKeys.check(idempotencyKey);
        }
        MessageDigest sameRequest = idempotencyKey == null ? null
                : requestDigest(request.getContentType(), receiptType);
        // Built before the key is claimed: building the message changes nothing anyone sees.
        byte[] raw = json
                ? jsonSubmissions.build(sender.getName(), request.getContentLengthLong(), request.getInputStream(),
                        sameRequest)
                : readMessage(request, sameRequest);
        String forReceiptType = json ? null : receiptType;
        if (idempotencyKey == null) {
            return submit(sender.getName(), raw, forReceiptType, AccessPoint.BeforeAnnouncing.NOTHING);
        }
        String digest = HexFormat.of().formatHex(sameRequest.digest());
        IdempotencyKeys.Claim claim = keys.claim(sender.getName(), idempotencyKey, digest);
        if (claim instanceof IdempotencyKeys.Answered answered) {
            if (answered.unannounced() != null) {
                announceAgain(sender.getName(), idempotencyKey, answered.unannounced());
            }
            IdempotencyKeys.Answer answer = answered.answer();
            return ResponseEntity.status(answer.status()).header("Idempotent-Replayed", "true")
                    .contentType(MediaType.parseMediaType(answer.contentType())).body(answer.body());
        }
        if (claim instanceof IdempotencyKeys.Mismatch) {
            throw new SubmissionRefused(422, IDEMPOTENCY_KEY, "this Idempotency-Key was used for another request",
                    PecError.ALTRO, false);
        }
        if (!(claim instanceof IdempotencyKeys.Claimed claimed)) {
            throw inProgress();
        }
        KeepingAnswers keeping = new KeepingAnswers(sender.getName(), idempotencyKey, claimed.token(),
                request.getRequestURI());
        try {
            ResponseEntity<AcceptedResponse> accepted = submit(sender.getName(), raw, forReceiptType, keeping);
            keeping.announced();
            return accepted;
        } catch (AccessPoint.RefusedSubmission refused) {
            if (refused.noticeFor() == null) {
                keys.release(sender.getName(), idempotencyKey, claimed.token());
            } else {
                keeping.announced();
            }
            throw refused;
        } catch (IdempotencyKeys.ClaimLost lost) {
            // A retry took this request's key over: it submits, this one announced nothing.
            throw inProgress();
        } catch (RuntimeException e) {
            // Only a key without a kept answer is released: a kept one may have been announced, and its retry
            // publishes the same event again rather than a second message.
            keys.release(sender.getName(), idempotencyKey, claimed.token());
            throw e;
        }
    }

    private static SubmissionRefused inProgress() {
        return new SubmissionRefused(409, IDEMPOTENCY_KEY, "a submission with this Idempotency-Key is in progress: "
                + "retry later", PecError.ALTRO, false);
    }

    /** Publishes an announcement an earlier request kept and may not have published, before replaying its answer. */
    private void announceAgain(String sender, String key, IdempotencyKeys.KeptAnnouncement kept) {
        try (MDC.MDCCloseable logged = MDC.putCloseable(MessageIdLogging.KEY, kept.key())) {
            LOG.info("announcing {} again for a retry of Idempotency-Key {}: the first request may have died first",
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
            LOG.warn("could not forget the announcement kept for Idempotency-Key {}: a retry will announce it again",
                    key, e);
        }
    }

    /** Keeps the answer and the event of a keyed submission before the event is announced. */
    private final class KeepingAnswers implements AccessPoint.BeforeAnnouncing {
        private final String sender;
        private final String key;
        private final String token;
        private final String path;
        private String kept;

        KeepingAnswers(String sender, String key, String token, String path) {
            this.sender = sender;
            this.key = key;
            this.token = token;
            this.path = path;
        }

        @Override
        public void accepting(Accepted accepted, AccessPoint.Announcement announcement) {
            keep(new IdempotencyKeys.Answer(HttpStatus.ACCEPTED.value(), MediaType.APPLICATION_JSON_VALUE,
                    json.writeValueAsBytes(AcceptedResponse.of(accepted))), announcement);
        }

        @Override
        public void refusing(AccessPoint.RefusedSubmission refused, AccessPoint.Announcement announcement) {
            // A notice is issued: a retry must get this refusal again, not a second notice.
            ProblemDetail problem = ProblemHandler.problemOf(refused);
            problem.setInstance(URI.create(path));
            keep(new IdempotencyKeys.Answer(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    json.writeValueAsBytes(problem)), announcement);
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

    private ResponseEntity<AcceptedResponse> submit(String sender, byte[] raw, String receiptType,
            AccessPoint.BeforeAnnouncing keeping) {
        Accepted accepted = accessPoint.submit(sender, raw, receiptType, keeping);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedResponse.of(accepted));
    }

    /** What makes two requests the same: media type, receipt type and body, which is added as it is read. */
    private static MessageDigest requestDigest(String contentType, String receiptType) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((contentType + "\n" + receiptType + "\n").getBytes(StandardCharsets.UTF_8));
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private byte[] readMessage(HttpServletRequest request, MessageDigest sameRequest) throws IOException {
        long limit = properties.maxSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw SubmissionRefused.tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw SubmissionRefused.tooLarge(limit);
            }
            if (sameRequest != null) {
                sameRequest.update(body);
            }
            return body;
        }
    }
}
