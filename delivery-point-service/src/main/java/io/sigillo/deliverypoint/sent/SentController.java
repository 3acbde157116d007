package io.sigillo.deliverypoint.sent;

import io.sigillo.deliverypoint.mailbox.MailboxSearch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The owner's sent messages, each followed per recipient by the receipts in their mailbox. */
@RestController
@RequestMapping("/api/v1/mailbox/sent")
@Validated
public class SentController {

    private final SentMessages sent;

    public SentController(SentMessages sent) {
        this.sent = sent;
    }

    /** One page of the sent messages (named apart from the mailbox's page, as the API document names schemas). */
    public record SentPage(List<SentMessage> messages, int page, int size, long total) {
    }

    /** Newest first, {@code size} per page. */
    @Operation(summary = "List the messages the owner sent, newest first",
            description = "One per acceptance (or non-acceptance) in the mailbox, with each recipient's progress as "
                    + "the receipts that refer to the same original Message-ID prove it. Each search parameter given "
                    + "narrows the list: to and subject match a part in any case, since and until whole days in "
                    + "Italian time, both included.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "one page")
    @ApiResponse(responseCode = "400", description = "page or size out of range, or a day before 1970 or after 9999",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping
    public SentPage sent(Principal owner, @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            @Parameter(description = "part of a recipient's address") @RequestParam(required = false) @Size(max = 320)
            String to,
            @Parameter(description = "part of the subject") @RequestParam(required = false) @Size(max = 1000)
            String subject,
            @Parameter(description = "the first day, yyyy-mm-dd") @RequestParam(required = false) LocalDate since,
            @Parameter(description = "the last day, yyyy-mm-dd") @RequestParam(required = false) LocalDate until) {
        MailboxSearch search = MailboxSearch.of(null, to, subject, null, since, until);
        return new SentPage(sent.page(owner.getName(), search, page, size), page, size,
                sent.count(owner.getName(), search));
    }

    /** One sent message with every receipt of it; 404 for an id that is not an acceptance of this mailbox. */
    @Operation(summary = "Follow one sent message",
            description = "Its recipients' progress and each receipt and notice of it that the mailbox holds, in the "
                    + "order they arrived; each is a message of the mailbox, to open or download.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the message and its receipts")
    @ApiResponse(responseCode = "404", description = "no such sent message in this mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/{id}")
    public SentTimeline timeline(Principal owner, @PathVariable UUID id) {
        return sent.timeline(owner.getName(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no sent message " + id + " in this mailbox"));
    }
}
