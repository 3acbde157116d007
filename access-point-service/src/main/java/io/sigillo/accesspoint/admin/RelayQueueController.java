package io.sigillo.accesspoint.admin;

import io.sigillo.accesspoint.relay.Outbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/relay}: the relay's queue for the operator (ADR 0036): what waits for its first hand-over to
 * another provider or an ordinary mail server, what waits to be tried again and why, and what was given up.
 */
@RestController
@Validated
public class RelayQueueController {

    /**
     * One hand-over in the queue.
     *
     * @param identifier    the message the hand-over carries (the provider's identifier)
     * @param type          what is handed over (an envelope, a receipt)
     * @param destination   the domain it goes to
     * @param certified     true when the destination is a PEC provider
     * @param mailHost      where it is handed over, when known
     * @param recipients    the recipients at that destination
     * @param size          its size in bytes
     * @param attempts      how many times it was tried
     * @param createdAt     when it was queued
     * @param nextAttemptAt when it is tried next (for a failed one, when it was given up)
     * @param lastError     the last answer it got, or null
     */
    public record QueuedHandover(String identifier, String type, String destination, boolean certified,
            String mailHost, List<String> recipients, long size, int attempts, Instant createdAt,
            Instant nextAttemptAt, String lastError) {

        static QueuedHandover of(Outbox.Queued queued) {
            var m = queued.message();
            return new QueuedHandover(m.identifier(), m.type(), m.destination(), m.certified(), m.mailHost(),
                    m.rcptTo(), m.body().size(), m.attempts(), m.createdAt(), queued.nextAttemptAt(),
                    queued.lastError());
        }
    }

    /** A page of one queue, and how many each queue holds. */
    public record RelayQueue(Outbox.Queue queue, List<QueuedHandover> handovers, int page, int size,
            Map<Outbox.Queue, Long> sizes) {
    }

    private final Outbox outbox;

    public RelayQueueController(Outbox outbox) {
        this.outbox = outbox;
    }

    @Operation(summary = "The relay's queue",
            description = "queue: PENDING (never refused: its first hand-over is due or under way), RETRYING "
                    + "(refused, waiting for the next attempt) or FAILED; oldest first.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "one page of the queue")
    @ApiResponse(responseCode = "400", description = "page below 0, or size outside 1-100 (the parameter named)",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/relay")
    public RelayQueue queue(@RequestParam(defaultValue = "RETRYING") Outbox.Queue queue,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int size) {
        return new RelayQueue(queue, outbox.queue(queue, page, size).stream().map(QueuedHandover::of).toList(),
                page, size, outbox.sizes());
    }
}
