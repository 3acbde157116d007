package io.sigillo.auditlog.search;

import io.sigillo.auditlog.web.BadParameterException;
import io.sigillo.auditlog.web.TimeParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/messages?sender=&recipient=&subject=&from=&to=&page=&size=}: the messages whose log holds
 * an event matching every given criterion (times ISO-8601 with offset), newest first, paged.
 */
@RestController
@Validated
public class MessageSearchController {

    /** A page of results. */
    public record Page(List<MessageSearch.Found> messages, int page, int size) {
    }

    private final MessageSearch search;

    public MessageSearchController(MessageSearch search) {
        this.search = search;
    }

    @Operation(summary = "Search the log's messages",
            description = "By sender, recipient, subject (contains, any case) and acceptance time (ISO 8601, years "
                    + "1970 to 9999, from inclusive, to exclusive); newest first.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "one page of messages")
    @ApiResponse(responseCode = "400", description = "a parameter is malformed or out of range",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "operators may only verify the log",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/messages")
    public Page search(@RequestParam(required = false) String sender,
            @RequestParam(required = false) String recipient, @RequestParam(required = false) String subject,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return new Page(search.search(new MessageSearch.Criteria(text("sender", sender), text("recipient", recipient),
                text("subject", subject), TimeParameters.instant("from", from), TimeParameters.instant("to", to)),
                page, size), page, size);
    }

    /** A text criterion, null when blank; refused with a NUL, which PostgreSQL text cannot hold (nor match). */
    private static String text(String name, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new BadParameterException(name, name + " must not contain a NUL character");
        }
        return value == null || value.isBlank() ? null : value;
    }
}
