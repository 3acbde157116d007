package io.sigillo.accesspoint.submission;

import io.sigillo.accesspoint.submission.AccessPoint.Accepted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The submission API for mail frontends: a JSON message, or a complete {@code message/rfc822}, from the
 * authenticated mailbox. 202 with the PEC identifier; RFC 9457 problems otherwise.
 */
@RestController
public class SubmissionController {

    private static final String RFC822 = "message/rfc822";

    private final AccessPoint accessPoint;
    private final OriginalMessageBuilder builder;
    private final SubmissionProperties properties;
    private final ObjectReader requests;

    public SubmissionController(AccessPoint accessPoint, OriginalMessageBuilder builder,
            SubmissionProperties properties, JsonMapper json) {
        this.accessPoint = accessPoint;
        this.builder = builder;
        this.properties = properties;
        this.requests = json.readerFor(SubmissionRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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
    @ApiResponse(responseCode = "413", description = "larger than the limit",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "a virus was found (non-acceptance notice for virus)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "the virus scanner cannot be reached: nothing accepted, retry",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping(path = "/api/v1/messages", consumes = {MediaType.APPLICATION_JSON_VALUE, RFC822})
    public ResponseEntity<AcceptedResponse> submit(@Parameter(hidden = true) Principal sender,
            @Parameter(hidden = true) HttpServletRequest request,
            @Parameter(description = "message/rfc822 only: completa (default), breve or sintetica")
            @RequestParam(required = false) String receiptType) throws IOException {
        boolean json = MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.APPLICATION_JSON);
        // JSON carries attachments in base64: allow for its growth, then the checks apply the real limit.
        long limit = json ? properties.maxSize().toBytes() * 4 / 3 + 1024 * 1024 : properties.maxSize().toBytes();
        byte[] body = readAtMost(request, limit);
        byte[] raw;
        if (json) {
            SubmissionRequest parsed;
            try {
                parsed = requests.readValue(body);
            } catch (JacksonException e) {
                throw SubmissionRefused.unreadable("body", "the JSON body cannot be read: " + e.getOriginalMessage());
            }
            raw = builder.build(sender.getName(), parsed);
        } else {
            raw = body;
        }
        Accepted accepted = accessPoint.submit(sender.getName(), raw, json ? null : receiptType);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedResponse.of(accepted));
    }

    private static byte[] readAtMost(HttpServletRequest request, long limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static SubmissionRefused tooLarge(long limit) {
        return new SubmissionRefused(413, "body", "the message is larger than the limit of " + limit + " bytes",
                io.sigillo.pec.format.PecError.ALTRO, false);
    }
}
