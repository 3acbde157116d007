package io.sigillo.accesspoint.submission;

import io.sigillo.accesspoint.submission.AccessPoint.Accepted;
import io.sigillo.accesspoint.web.ProblemHandler;
import io.sigillo.pec.format.PecError;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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

    private static final String RFC822 = "message/rfc822";

    /** The request header a client sets to make retries safe (IETF draft "The Idempotency-Key HTTP Header Field"). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final AccessPoint accessPoint;
    private final JsonSubmissions jsonSubmissions;
    private final SubmissionProperties properties;
    private final RetriedSubmissions retries;
    private final JsonMapper json;

    public SubmissionController(AccessPoint accessPoint, JsonSubmissions jsonSubmissions,
            SubmissionProperties properties, RetriedSubmissions retries, JsonMapper json) {
        this.accessPoint = accessPoint;
        this.jsonSubmissions = jsonSubmissions;
        this.properties = properties;
        this.retries = retries;
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

    /**
     * What a submission may be, for a form to show before anything is sent.
     *
     * @param maxSizeTimesRecipients the largest size of a message times its number of recipients, in bytes
     * @param maxRecipients          the most recipients one message may have
     */
    public record SubmissionLimits(long maxSizeTimesRecipients, int maxRecipients) {
    }

    /** The limits every submission is checked against. */
    @Operation(summary = "The limits of a submission",
            description = "The largest message size times its number of recipients, and the most recipients: what a "
                    + "compose form shows before anything is sent. A larger submission is refused with 413.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the limits")
    @GetMapping("/api/v1/messages/limits")
    public SubmissionLimits limits() {
        return new SubmissionLimits(properties.maxSize().toBytes(), properties.maxRecipients());
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
        boolean jsonBody = MediaType.parseMediaType(request.getContentType())
                .isCompatibleWith(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            IdempotencyKeys.check(idempotencyKey);
        }
        MessageDigest sameRequest = idempotencyKey == null ? null
                : requestDigest(request.getContentType(), receiptType);
        // Built before the key is claimed: building the message changes nothing anyone sees.
        byte[] raw = jsonBody
                ? jsonSubmissions.build(sender.getName(), request.getContentLengthLong(), request.getInputStream(),
                        sameRequest)
                : readMessage(request, sameRequest);
        String forReceiptType = jsonBody ? null : receiptType;
        if (idempotencyKey == null) {
            return submit(sender.getName(), raw, forReceiptType, AccessPoint.BeforeAnnouncing.NOTHING);
        }
        String digest = HexFormat.of().formatHex(sameRequest.digest());
        String path = request.getRequestURI();
        RetriedSubmissions.Outcome outcome;
        try {
            outcome = retries.submit(sender.getName(), idempotencyKey, digest, new RetriedSubmissions.Answers() {
                @Override
                public IdempotencyKeys.Answer accepted(Accepted accepted) {
                    return new IdempotencyKeys.Answer(HttpStatus.ACCEPTED.value(), MediaType.APPLICATION_JSON_VALUE,
                            json.writeValueAsBytes(AcceptedResponse.of(accepted)));
                }

                @Override
                public IdempotencyKeys.Answer refused(AccessPoint.RefusedSubmission refused) {
                    ProblemDetail problem = ProblemHandler.problemOf(refused);
                    problem.setInstance(URI.create(path));
                    return new IdempotencyKeys.Answer(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            json.writeValueAsBytes(problem));
                }
            }, keeping -> accessPoint.submit(sender.getName(), raw, forReceiptType, keeping));
        } catch (RetriedSubmissions.KeyReused reused) {
            throw new SubmissionRefused(422, IDEMPOTENCY_KEY, "this Idempotency-Key was used for another request",
                    PecError.ALTRO, false);
        } catch (RetriedSubmissions.KeyInProgress running) {
            throw new SubmissionRefused(409, IDEMPOTENCY_KEY, "a submission with this Idempotency-Key is in "
                    + "progress: retry later", PecError.ALTRO, false);
        }
        if (outcome instanceof RetriedSubmissions.Replayed replayed) {
            IdempotencyKeys.Answer answer = replayed.answer();
            return ResponseEntity.status(answer.status()).header("Idempotent-Replayed", "true")
                    .contentType(MediaType.parseMediaType(answer.contentType())).body(answer.body());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(AcceptedResponse.of(((RetriedSubmissions.Submitted) outcome).accepted()));
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
