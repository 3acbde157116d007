package io.sigillo.deliverypoint.mailbox;

import io.sigillo.blob.BlobStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
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

    /** The media type of a downloaded message. */
    public static final MediaType MESSAGE_RFC822 = MediaType.parseMediaType("message/rfc822");

    private final MailboxMessages messages;
    private final BlobStore blobs;

    public MailboxController(MailboxMessages messages, BlobStore blobs) {
        this.messages = messages;
        this.blobs = blobs;
    }

    /** One page of the listing. */
    public record Page(List<MailboxEntry> messages, int page, int size, long total) {
    }

    /** Newest first, {@code size} per page. */
    @GetMapping("/messages")
    public Page list(Principal owner, @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        String mailbox = owner.getName();
        return new Page(messages.page(mailbox, page, size), page, size, messages.count(mailbox));
    }

    /** The exact stored bytes of one message; 404 for a message of another mailbox. */
    @GetMapping("/messages/{id}/raw")
    public ResponseEntity<byte[]> raw(Principal owner, @PathVariable UUID id) {
        byte[] bytes = messages.blobOf(owner.getName(), id).flatMap(blobs::get)
                .orElseThrow(() -> new MessageNotFoundException(id));
        return ResponseEntity.ok().contentType(MESSAGE_RFC822)
                .header("Content-Disposition", "attachment; filename=\"" + id + ".eml\"").body(bytes);
    }

    /** Deletes one message of the owner's mailbox: 204, or 404 for a message of another mailbox. */
    @DeleteMapping("/messages/{id}")
    public ResponseEntity<Void> delete(Principal owner, @PathVariable UUID id) {
        if (!messages.delete(owner.getName(), id)) {
            throw new MessageNotFoundException(id);
        }
        return ResponseEntity.noContent().build();
    }
}
