package io.sigillo.auditlog.receipts;

import io.sigillo.auditlog.trace.AuditLog;
import io.sigillo.auditlog.trace.TraceController.UnknownMessageException;
import io.sigillo.blob.BlobStore;
import io.sigillo.support.MessageDownload;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Compliance staff list the receipts of a message and pull reproductions:
 * {@code GET /admin/v1/messages/{messageId}/receipts} and {@code GET /admin/v1/receipts/{receiptId}/reproduction}.
 */
@RestController
public class ReceiptController {

    /** One receipt in a listing. */
    public record ReceiptView(String receiptId, String type, String issuer, boolean issuedHere,
            List<String> concerning, List<String> deliverTo, Instant signedAt, String sha256, long size,
            String reproduction) {
    }

    private final IssuedMessages issued;
    private final AuditLog log;
    private final Reproductions reproductions;
    private final BlobStore blobs;

    public ReceiptController(IssuedMessages issued, AuditLog log, Reproductions reproductions, BlobStore blobs) {
        this.issued = issued;
        this.log = log;
        this.reproductions = reproductions;
        this.blobs = blobs;
    }

    /** Every signed message of a message (empty when none; 404 when the log knows nothing of the message). */
    @Operation(summary = "Every signed message of a message",
            description = "Receipts, notices and envelopes this provider issued or received for it, with their digests.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the signed messages, possibly none")
    @ApiResponse(responseCode = "403", description = "operators may only verify the log",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "the log knows nothing of this identifier",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/messages/{messageId}/receipts")
    public List<ReceiptView> receipts(@PathVariable String messageId) {
        List<IssuedMessages.Issued> signed = issued.of(messageId);
        // A signed message may be listed a poll before the step that logs it: either makes the message known.
        if (signed.isEmpty() && !log.knows(messageId)) {
            throw new UnknownMessageException(messageId);
        }
        return signed.stream().map(i -> new ReceiptView(i.receiptId(), i.type(), i.issuer(), i.ours(),
                i.concerning(), i.deliverTo(), i.signedAt(), i.signed().sha256(), i.signed().size(),
                i.ours() ? "/admin/v1/receipts/" + i.receiptId() + "/reproduction" : null)).toList();
    }

    /** The reproduction as a message (404 unknown, 409 not ours to reproduce). */
    @Operation(summary = "Reproduce a receipt",
            description = "A copy with the same legal value: the original's headers, text, daticert.xml and original message, signed now, marked X-Sigillo-Riproduzione.")
    @ApiResponse(responseCode = "200", description = "the reproduction",
            content = @Content(mediaType = "message/rfc822", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "403", description = "operators may only verify the log",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "no signed message with this identifier",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "issued by another provider (ask that one), or no signing key is configured",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/receipts/{receiptId}/reproduction")
    public ResponseEntity<InputStreamResource> reproduction(@PathVariable String receiptId, Principal caller) {
        Reproductions.Reproduction made = reproductions.reproduce(receiptId, caller.getName());
        InputStream body = blobs.open(made.copy()).orElseThrow(() -> new IllegalStateException(
                "the reproduction " + made.copy().sha256() + " was stored and is gone"));
        return MessageDownload.streamed("riproduzione-" + receiptId, made.copy().size(), body);
    }
}
