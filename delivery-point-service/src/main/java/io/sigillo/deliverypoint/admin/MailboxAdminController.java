package io.sigillo.deliverypoint.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators create mailboxes here. */
@RestController
@RequestMapping("/admin/v1/mailboxes")
public class MailboxAdminController {

    private final MailboxCreation creation;

    public MailboxAdminController(MailboxCreation creation) {
        this.creation = creation;
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
        return ResponseEntity.created(URI.create("/admin/v1/mailboxes/" + created.address())).body(created);
    }

    /** Thrown when the address already has a mailbox. */
    public static class MailboxExistsException extends RuntimeException {
        public MailboxExistsException(String address) {
            super("a mailbox for " + address + " already exists");
        }
    }
}
