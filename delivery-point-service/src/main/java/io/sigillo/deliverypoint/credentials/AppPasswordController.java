package io.sigillo.deliverypoint.credentials;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The owner's app passwords, one per mail client: they open the mailbox over IMAP, POP3 and SMTP submission only,
 * never this API, which the owner reaches with the main password or a session token.
 */
@RestController
@RequestMapping("/api/v1/mailbox/app-passwords")
public class AppPasswordController {

    private final MailClientCredentials credentials;
    private final AppPasswordStore store;

    public AppPasswordController(MailClientCredentials credentials, AppPasswordStore store) {
        this.credentials = credentials;
        this.store = store;
    }

    /**
     * What the owner asks for.
     *
     * @param name          the client it is for, as the listing will show it
     * @param expiresInDays how long it works (1 to 730 days); without it, until revoked
     */
    public record NewAppPassword(@NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*") String name,
            @Min(1) @Max(730) Integer expiresInDays) {
    }

    /** A new app password: {@code password} is shown this once and cannot be read again. */
    public record CreatedAppPassword(UUID id, String name, String password, Instant createdAt, Instant expiresAt) {
    }

    @Operation(summary = "Make an app password for a mail client",
            description = "The password is in this answer only. It works for IMAP, POP3 and SMTP submission.")
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "made")
    @ApiResponse(responseCode = "409", description = "the mailbox has as many app passwords as it may",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping
    public ResponseEntity<?> create(Principal owner, @Valid @RequestBody NewAppPassword request) {
        Duration validFor = request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays());
        return credentials.create(owner.getName(), request.name().strip(), validFor)
                .<ResponseEntity<?>>map(created -> ResponseEntity
                        .created(URI.create("/api/v1/mailbox/app-passwords/" + created.password().id()))
                        .body(new CreatedAppPassword(created.password().id(), created.password().name(),
                                created.secret(), created.password().createdAt(), created.password().expiresAt())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONFLICT, "a mailbox may have at most " + AppPasswordStore.MAX_PER_MAILBOX
                                + " app passwords: revoke one first")));
    }

    @Operation(summary = "List the app passwords", description = "Name, when made, when it expires, when last used.")
    @GetMapping
    public List<AppPasswordStore.Listed> list(Principal owner) {
        return store.list(owner.getName());
    }

    @Operation(summary = "Revoke an app password", description = "Clients using it can no longer log in.")
    @ApiResponse(responseCode = "204", description = "revoked")
    @ApiResponse(responseCode = "404", description = "no such app password in this mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping("/{id}")
    public ResponseEntity<?> revoke(Principal owner, @PathVariable UUID id) {
        if (!credentials.revoke(owner.getName(), id)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "no app password " + id + " in this mailbox"));
        }
        return ResponseEntity.noContent().build();
    }
}
