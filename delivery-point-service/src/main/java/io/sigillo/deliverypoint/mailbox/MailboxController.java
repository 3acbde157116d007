package io.sigillo.deliverypoint.mailbox;

import io.sigillo.support.MessageDownload;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The mailbox API: its owner, and only its owner, lists and downloads what it holds. */
@RestController
@RequestMapping("/api/v1/mailbox")
@Validated
public class MailboxController {

    private final MailboxContents contents;
    private final MailboxRepository mailboxes;

    public MailboxController(MailboxContents contents, MailboxRepository mailboxes) {
        this.contents = contents;
        this.mailboxes = mailboxes;
    }

    /**
     * The owner's mailbox at a glance.
     *
     * @param address    its address
     * @param quotaBytes its quota
     * @param usedBytes  how much of it its messages use, every folder in
     * @param twoFactor  whether logins need a second factor
     */
    public record Summary(String address, long quotaBytes, long usedBytes, boolean twoFactor) {
    }

    /** The owner's address, quota and use. */
    @Operation(summary = "The mailbox's quota and use",
            description = "Its address, its quota, the bytes its messages use (in every folder, as Dovecot counts them "
                    + "where it keeps the mailboxes), and whether logins need a second factor.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the mailbox")
    @GetMapping
    public Summary summary(Principal owner) {
        Mailbox mailbox = mailboxes.find(owner.getName()).orElseThrow(() -> new IllegalStateException(
                "the authenticated mailbox " + owner.getName() + " does not exist"));
        return new Summary(mailbox.address(), mailbox.quotaBytes(), contents.used(mailbox.address()),
                mailbox.twoFactor());
    }

    /** One page of the listing. */
    public record Page(List<MailboxEntry> messages, int page, int size, long total) {
    }

    /** Newest first, {@code size} per page, what the search matches (everything without one). */
    @Operation(summary = "List the mailbox, newest first, or search it",
            description = "Only the authenticated mailbox's own messages: receipts, notices, transport envelopes and "
                    + "anomalies, in whichever folder a mail client filed them (the Trash aside). Each search "
                    + "parameter given narrows the list: from and subject match a part in any case, type a PEC "
                    + "type exactly, since and until whole days in Italian time, both included.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "one page of the listing")
    @ApiResponse(responseCode = "400", description = "page or size out of range, or a day before 1970 or after 9999",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/messages")
    public Page list(Principal owner, @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            @Parameter(description = "part of the sender") @RequestParam(required = false) @Size(max = 320) String from,
            @Parameter(description = "part of the subject") @RequestParam(required = false) @Size(max = 1000)
            String subject,
            @Parameter(description = "an X-Ricevuta or X-Trasporto value, e.g. avvenuta-consegna")
            @RequestParam(required = false) @Size(max = 40) String type,
            @Parameter(description = "the first day, yyyy-mm-dd") @RequestParam(required = false) LocalDate since,
            @Parameter(description = "the last day, yyyy-mm-dd") @RequestParam(required = false) LocalDate until) {
        MailboxContents.Listing listing = contents.list(owner.getName(),
                MailboxSearch.of(from, null, subject, type, since, until), page, size);
        return new Page(listing.entries(), page, size, listing.total());
    }

    /** The exact stored bytes of one message; 404 for a message of another mailbox. */
    @Operation(summary = "Download one message",
            description = "The exact signed bytes as delivered (message/rfc822); openssl cms -verify and mail clients read them as they are.")
    @ApiResponse(responseCode = "200", description = "the message",
            content = @Content(mediaType = "message/rfc822", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "no such message in this mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/messages/{id}/raw")
    public ResponseEntity<InputStreamResource> raw(Principal owner, @PathVariable UUID id,
            @Parameter(description = "true: the message keeps its read state (a page that only checks it, say); "
                    + "otherwise it counts as read, for mail clients too")
            @RequestParam(defaultValue = "false") boolean peek) {
        MailboxContents.Download download = contents.open(owner.getName(), id, peek)
                .orElseThrow(() -> new MessageNotFoundException(id));
        return MessageDownload.streamed(id.toString(), download.size(), download.body());
    }

    /** Deletes one message of the owner's mailbox: 204, or 404 for a message of another mailbox. */
    @Operation(summary = "Delete one message",
            description = "Frees its space in the quota. The provider's log keeps what is needed to reproduce a receipt.")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such message in this mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping("/messages/{id}")
    public ResponseEntity<Void> delete(Principal owner, @PathVariable UUID id) {
        if (!contents.delete(owner.getName(), id)) {
            throw new MessageNotFoundException(id);
        }
        return ResponseEntity.noContent().build();
    }
}
