package io.sigillo.deliverypoint.admin;

import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Operators create mailboxes here. */
@RestController
@Validated
@RequestMapping("/admin/v1/mailboxes")
public class MailboxAdminController {

    private final MailboxCreation creation;
    private final MailboxAdministration administration;

    public MailboxAdminController(MailboxCreation creation, MailboxAdministration administration) {
        this.creation = creation;
        this.administration = administration;
    }

    /**
     * A mailbox as the operator sees it.
     *
     * @param address    its address
     * @param quotaBytes how much it may hold
     * @param usedBytes  how much its messages take, as the delivery point counted them
     * @param createdAt  when it was created
     * @param twoFactor  whether its owner logs in with a second factor
     * @param active     false once an operator disabled it: it still receives, its owner logs in nowhere
     * @param disabledAt when it was disabled, or null
     */
    public record MailboxView(String address, long quotaBytes, long usedBytes, Instant createdAt, boolean twoFactor,
            boolean active, Instant disabledAt) {

        static MailboxView of(Mailbox m) {
            return new MailboxView(m.address(), m.quotaBytes(), m.usedBytes(), m.createdAt(), m.twoFactor(),
                    m.active(), m.disabledAt());
        }
    }

    /** A page of mailboxes, in address order, and how many match in all. */
    public record MailboxPage(List<MailboxView> mailboxes, int page, int size, long total) {
    }

    /** What changes: the quota, whether the mailbox is active, or both. */
    public record MailboxChange(@Positive Long quotaBytes, Boolean active) {
    }

    /** The owner's new password, which the operator hands over. */
    public record CredentialsReset(@NotBlank @Size(min = 8, max = 200) String password) {
    }

    @Operation(summary = "List mailboxes", description = "In address order; contains: part of the address, any case.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "one page of mailboxes")
    @GetMapping
    public MailboxPage list(@RequestParam(required = false) @Size(max = 320) String contains,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int size) {
        String part = contains == null || contains.isBlank() ? null : contains.strip();
        MailboxAdministration.Page found = administration.page(part, page, size);
        return new MailboxPage(found.mailboxes().stream().map(MailboxView::of).toList(), page, size, found.total());
    }

    @Operation(summary = "One mailbox")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the mailbox")
    @ApiResponse(responseCode = "404", description = "no such mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/{address}")
    public MailboxView get(@PathVariable String address) {
        return MailboxView.of(administration.get(address));
    }

    @Operation(summary = "Change a mailbox's quota, or disable or enable it",
            description = "A disabled mailbox still receives and keeps what is sent to it; its owner logs in nowhere "
                    + "(REST, webmail, IMAP, POP3, SMTP submission).")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the mailbox as it is now")
    @ApiResponse(responseCode = "404", description = "no such mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @PatchMapping("/{address}")
    public MailboxView change(@PathVariable String address, @Valid @RequestBody MailboxChange change) {
        return MailboxView.of(administration.change(address, change.quotaBytes(), change.active()));
    }

    @Operation(summary = "Reset an owner's credentials",
            description = "Sets the password the operator hands over, revokes every app password and turns two-factor "
                    + "login off; session tokens already issued expire within their hour.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the mailbox as it is now")
    @ApiResponse(responseCode = "404", description = "no such mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/{address}/reset")
    public MailboxView reset(@PathVariable String address, @Valid @RequestBody CredentialsReset reset) {
        return MailboxView.of(administration.reset(address, reset.password()));
    }

    /** A new mailbox: its address in this provider's domain, the owner's password, an optional quota. */
    public record NewMailbox(@NotBlank String address, @NotBlank @Size(min = 8, max = 200) String password,
            @Positive Long quotaBytes) {
    }

    /** The created mailbox. */
    public record CreatedMailbox(String address, long quotaBytes) {
    }

    /** 201 with the mailbox; 409 when it exists; 400 when the address is not in this provider's domain. */
    @Operation(summary = "Create a mailbox",
            description = "For provisioning staff (the admin credentials). The address must be in this provider's domain.")
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "created; Location names the mailbox")
    @ApiResponse(responseCode = "400", description = "invalid address, password or quota, or another provider's domain",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "the mailbox exists",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping
    public ResponseEntity<CreatedMailbox> create(@Valid @RequestBody NewMailbox request) {
        CreatedMailbox created = creation.create(request.address(), request.password(), request.quotaBytes());
        // An address may hold characters a URI must escape ({, }, |, ...): encoded as one path segment.
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/admin/v1/mailboxes").pathSegment("{address}")
                .buildAndExpand(created.address()).encode().toUri()).body(created);
    }

    /** Thrown when the address already has a mailbox. */
    public static class MailboxExistsException extends RuntimeException {
        public MailboxExistsException(String address) {
            super("a mailbox for " + address + " already exists");
        }
    }
}
