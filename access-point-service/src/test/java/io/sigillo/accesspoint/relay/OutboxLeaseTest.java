package io.sigillo.accesspoint.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.BlobRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A relay pass that outlived its lease cannot overwrite what the instance that took the row since recorded. */
class OutboxLeaseTest extends AccessPointTestSupport {

    @Autowired
    Outbox outbox;

    @Test
    void onlyThePassHoldingTheLeaseFinishesTheRow() {
        // Due a month ahead, so the relay running in this context never takes it on its own.
        Instant due = TestTime.now().plus(Duration.ofDays(30));
        String identifier = "opec." + UUID.randomUUID() + "@pec.alpha.example";
        outbox.enqueue(new OutboundMessage(0, identifier, "<" + identifier + ">", "posta-certificata",
                "pec.beta.example", true, "localhost:1", "posta-certificata@pec.alpha.example",
                List.of("carol@pec.beta.example"), new BlobRef("3".repeat(64), 1), 0, due, null), Outbox.Status.PENDING,
                null);

        List<OutboundMessage> first = outbox.takeDue(due, due.plusSeconds(60), "first", 100);
        OutboundMessage row = first.stream().filter(m -> m.identifier().equals(identifier)).findFirst().orElseThrow();
        // The first pass hangs past its lease; a second takes the row.
        List<OutboundMessage> second = outbox.takeDue(due.plusSeconds(61), due.plusSeconds(121), "second", 100);
        assertThat(second).extracting(OutboundMessage::id).contains(row.id());

        assertThat(outbox.markSent(row.id(), "first", due.plusSeconds(62), "250 late")).isFalse();
        assertThat(outbox.markFailed(row.id(), "first", "too late")).isFalse();
        assertThat(outbox.retryAt(row.id(), "first", due.plusSeconds(600), "too late")).isFalse();
        assertThat(outbox.forMessage(identifier)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(Outbox.Status.PENDING));

        assertThat(outbox.markSent(row.id(), "second", due.plusSeconds(63), "250 ok")).isTrue();
        assertThat(outbox.forMessage(identifier)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Outbox.Status.SENT);
            assertThat(e.lastError()).isEqualTo("250 ok");
            assertThat(e.message().attempts()).isEqualTo(2);
        });
    }
}
